/**
 * The scans of one material (or of the agent's power of attorney): attach from the file
 * chooser, drop files, or capture from the document camera. Every addition is combined
 * with what is already there into ONE PDF, hashed and stored at once as a draft blob, so
 * a reload or crash loses nothing.
 */
import { CameraOutlined, DeleteOutlined, EyeOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Modal, Spin, Tooltip } from 'antd';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { BlobRef } from '../../../src-shared/domain/case';
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import { useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import { sha256OfBlob } from '../../db/hashing';
import { CameraModal, type CapturedPage } from './CameraModal';
import type { Msg } from './model';
import { ACCEPTED_EXTENSIONS, checkFile, combineToPdf, formatSize, MAX_FILE_BYTES, ScanError, scanFileName, type ScanPart } from './scans';
import { wordMsg } from './words';

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

/** Read dropped or chosen browser files. */
export async function readBrowserFiles(files: FileList | readonly File[]): Promise<IncomingFile[]> {
  const out: IncomingFile[] = [];
  for (const f of Array.from(files)) out.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  return out;
}

export function useScanSlot({
  draftId,
  value,
  label,
  onChange,
}: {
  draftId: string;
  value: BlobRef | null;
  /** The material's name (names the combined PDF). */
  label: string;
  onChange: (next: BlobRef | null, previous: BlobRef | null) => Promise<void> | void;
}) {
  const services = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Msg | null>(null);
  const valueRef = useRef(value);
  useEffect(() => {
    valueRef.current = value;
  }, [value]);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const add = useCallback(
    (files: readonly IncomingFile[]) => {
      if (files.length === 0) return Promise.resolve();
      const run = async () => {
        setBusy(true);
        setError(null);
        try {
          const parts: ScanPart[] = [];
          for (const f of files) {
            const r = checkFile(f.name, f.bytes);
            if (!r.ok) throw new ScanError(r.error);
            parts.push(r.part);
          }
          const previous = valueRef.current;
          if (previous) {
            const row = await services.db.draftBlobs.get(`${draftId}:${previous.sha256}`);
            if (!row) throw new ScanError({ key: 'intake.scan.err.lost' });
            parts.unshift({ name: previous.name, kind: 'pdf', bytes: new Uint8Array(await row.blob.arrayBuffer()) });
          }
          const combined = await combineToPdf(parts);
          const blob = new Blob([combined.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
          const sha256 = await sha256OfBlob(blob);
          const name = scanFileName(label);
          await services.drafts.putBlob(draftId, { sha256, blob, mediaType: 'application/pdf', name });
          const next: BlobRef = { sha256, name, mediaType: 'application/pdf', size: blob.size, pages: combined.pages };
          valueRef.current = next;
          await onChange(next, previous);
        } catch (e) {
          if (e instanceof ScanError) setError(e.msg);
          else if (e instanceof ClerkApiError) setError({ text: e.message });
          else if ((e as { name?: string })?.name === 'QuotaExceededError' || (e as { inner?: { name?: string } })?.inner?.name === 'QuotaExceededError')
            setError({ key: 'intake.scan.err.quota' });
          else setError({ key: 'intake.scan.err.failed', params: { error: (e as Error)?.message ?? String(e) } });
        } finally {
          setBusy(false);
        }
      };
      queue.current = queue.current.then(run, run);
      return queue.current;
    },
    [draftId, label, onChange, services],
  );

  const remove = useCallback(async () => {
    const previous = valueRef.current;
    if (!previous) return;
    valueRef.current = null;
    setError(null);
    await onChange(null, previous);
  }, [onChange]);

  return { add, remove, busy, error, setError };
}

export type ScanSlot = ReturnType<typeof useScanSlot>;

/** Drag-and-drop handlers for a row that accepts files. */
export function useDropTarget(onFiles: (files: IncomingFile[]) => void) {
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  return {
    over,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        void readBrowserFiles(e.dataTransfer.files).then(onFiles);
      },
    },
  };
}

/** Buttons, the hidden file input, the combined scan, and its error. */
export function ScanControls({
  slot,
  value,
  draftId,
  testPrefix,
  label,
  disabled,
}: {
  slot: ScanSlot;
  value: BlobRef | null;
  draftId: string;
  /** `material` or `agent-poa`: prefixes the test ids. */
  testPrefix: string;
  label: string;
  disabled?: boolean;
}) {
  const t = useT();
  const { clerk, db } = useServices();
  const inputRef = useRef<HTMLInputElement>(null);
  const [camera, setCamera] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);

  const attach = async () => {
    try {
      const r = await clerk['files:open']({
        title: t('intake.scan.pickTitle', { name: label }),
        filters: [{ name: t('intake.scan.filterName'), extensions: [...ACCEPTED_EXTENSIONS] }],
        multiple: true,
        maxBytes: MAX_FILE_BYTES,
      });
      if (r.canceled) return;
      await slot.add(r.files.map((f) => ({ name: f.name, bytes: f.data })));
    } catch (e) {
      slot.setError({ text: (e as Error)?.message ?? String(e) });
    }
  };

  const openPreview = async () => {
    if (!value) return;
    const row = await db.draftBlobs.get(`${draftId}:${value.sha256}`);
    if (row) setPreview(URL.createObjectURL(row.blob));
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6, minWidth: 0 }}>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        <Button size="small" icon={<PaperClipOutlined />} onClick={() => void attach()} disabled={disabled || slot.busy} data-testid={`${testPrefix}-attach`}>
          {t('intake.scan.attach')}
        </Button>
        <Button size="small" icon={<CameraOutlined />} onClick={() => setCamera(true)} disabled={disabled || slot.busy} data-testid={`${testPrefix}-camera`}>
          {t('intake.scan.camera')}
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          accept={ACCEPTED_EXTENSIONS.map((e) => '.' + e).join(',')}
          data-testid={`${testPrefix}-file-input`}
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length) void readBrowserFiles(files).then((fs) => slot.add(fs));
            e.target.value = '';
          }}
        />
        {slot.busy && <Spin size="small" data-testid={`${testPrefix}-busy`} />}
      </div>
      {value && (
        <div className="yc-scan" data-testid={`${testPrefix}-scan`} data-sha256={value.sha256} data-pages={value.pages ?? 1} data-size={value.size}>
          <FilePdfOutlined style={{ color: '#c8102e' }} />
          <span className="yc-ellipsis" style={{ flex: 1 }} title={value.name}>
            {t('intake.scan.summary', { pages: value.pages ?? 1, size: formatSize(value.size) })}
          </span>
          <Tooltip title={t('intake.scan.preview')}>
            <Button size="small" type="text" icon={<EyeOutlined />} onClick={() => void openPreview()} aria-label={t('intake.scan.preview')} data-testid={`${testPrefix}-scan-preview`} />
          </Tooltip>
          <Tooltip title={t('intake.scan.remove')}>
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              disabled={disabled || slot.busy}
              onClick={() => void slot.remove()}
              aria-label={t('intake.scan.remove')}
              data-testid={`${testPrefix}-scan-remove`}
            />
          </Tooltip>
        </div>
      )}
      {slot.error && (
        <div className="yc-field-error" role="alert" data-testid={`${testPrefix}-error`}>
          {wordMsg(t, slot.error)}
        </div>
      )}
      {camera && (
        <CameraModal
        open={camera}
        title={t('intake.camera.title', { name: label })}
        onClose={() => setCamera(false)}
        onDone={(pages: CapturedPage[]) => {
          setCamera(false);
          void slot.add(pages.map((p) => ({ name: p.name, bytes: p.bytes })));
        }}
      />
      )}
      <Modal
        open={!!preview}
        title={label}
        width={900}
        footer={null}
        onCancel={() => {
          if (preview) URL.revokeObjectURL(preview);
          setPreview(null);
        }}
        destroyOnHidden
      >
        {preview && <iframe title={label} src={preview} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="scan-preview-frame" />}
      </Modal>
    </div>
  );
}
