/**
 * files:open answered inside the renderer in browser mode (the host has no screen):
 * a hidden <input type=file>, with the same limits and result shape as main's dialog.
 */
import { ClerkApiError, type OpenFilesArgs, type OpenFilesResult, type PickedFile } from '../../src-shared/protocol/clerk-api';
import { formatBytes, platformMessages } from './messages';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ofd: 'application/ofd',
  json: 'application/json',
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  zip: 'application/zip',
  p12: 'application/x-pkcs12',
  pfx: 'application/x-pkcs12',
};

export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}

/** The accept attribute for filters: ".pdf,.jpg". */
export function acceptFor(args: OpenFilesArgs): string | undefined {
  const exts = (args.filters ?? []).flatMap((f) => f.extensions).filter((e) => e !== '*');
  return exts.length ? [...new Set(exts)].map((e) => '.' + e).join(',') : undefined;
}

/** Check chosen files against the limits and read them; throws ClerkApiError naming the file. */
export async function readPickedFiles(files: readonly File[], args: OpenFilesArgs): Promise<PickedFile[]> {
  const maxBytes = args.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowed = (args.filters ?? []).flatMap((f) => f.extensions);
  if (!args.multiple && files.length > 1) throw new ClerkApiError('bad_args', platformMessages.fileTooMany(), 'multiple');
  for (const f of files) {
    if (allowed.length && !allowed.includes('*') && !allowed.includes(extensionOf(f.name)))
      throw new ClerkApiError('bad_args', platformMessages.fileWrongType(f.name, allowed.map((e) => '.' + e).join(' ')), 'filters');
    if (f.size > maxBytes)
      throw new ClerkApiError('bad_args', platformMessages.fileTooLarge(f.name, formatBytes(f.size), formatBytes(maxBytes)), 'maxBytes');
  }
  const out: PickedFile[] = [];
  for (const f of files) {
    let data: Uint8Array<ArrayBuffer>;
    try {
      data = new Uint8Array(await f.arrayBuffer());
    } catch {
      throw new ClerkApiError('failed', platformMessages.fileReadFailed(f.name));
    }
    out.push({
      name: f.name.slice(0, 255),
      mediaType: (f.type || MEDIA_TYPES[extensionOf(f.name)] || 'application/octet-stream').slice(0, 100),
      size: f.size,
      data,
    });
  }
  return out;
}

/** Show the browser's file chooser. Must run from a user gesture (click, key press). */
export function openFilesInBrowser(args: OpenFilesArgs, doc: Document = document): Promise<OpenFilesResult> {
  return new Promise<OpenFilesResult>((resolve, reject) => {
    if (!doc?.body) {
      reject(new ClerkApiError('failed', platformMessages.pickerUnavailable()));
      return;
    }
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = !!args.multiple;
    const accept = acceptFor(args);
    if (accept) input.accept = accept;
    if (args.title) input.title = args.title;
    input.style.display = 'none';
    input.setAttribute('data-testid', 'file-picker');
    let settled = false;
    const done = () => {
      settled = true;
      input.remove();
    };
    input.addEventListener('change', () => {
      if (settled) return;
      const files = [...(input.files ?? [])];
      done();
      if (files.length === 0) {
        resolve({ canceled: true, files: [] });
        return;
      }
      readPickedFiles(files, args).then((picked) => resolve({ canceled: false, files: picked }), reject);
    });
    input.addEventListener('cancel', () => {
      if (settled) return;
      done();
      resolve({ canceled: true, files: [] });
    });
    doc.body.appendChild(input);
    input.click();
  });
}
