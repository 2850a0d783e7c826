/**
 * The documents a window hands over: main renders them from the case (src-node/documents)
 * and gives each its document number and verification code, which the renderer never
 * chooses. Numbers count per window, document kind and year, kept on disk so a restart
 * never reuses one.
 */
import { createHash, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { documentInputFromCase, formatDocumentNumber, renderDocumentWithLayout, chinaDateOf } from '../../src-node/documents';
import type { RenderDocumentArgs, RenderedDocument, DocumentKind } from '../../src-shared/protocol/clerk-api';

const KIND_CHAR: Record<DocumentKind, string> = {
  acceptance: '受',
  commitment: '容',
  refusal: '不受',
  supplement: '补',
  completion: '结',
};

/** 石家庄市长安区政务服务中心 → 长安; a region name without its administrative suffix. */
export function shortRegionName(centerName: string): string {
  const region = centerName.replace(/政务服务(中心|大厅)$/u, '');
  const last = /(?:省|自治区|市|州|盟)?([^省市州盟]+?)(?:新区|区|县|市|旗)$/u.exec(region);
  return last?.[1] && last[1].length <= 6 ? last[1] : region.slice(-4) || '政务';
}

export function documentNumberPrefix(centerName: string, kind: DocumentKind): string {
  return `${shortRegionName(centerName)}政服${KIND_CHAR[kind]}字`;
}

/** 16 characters of Crockford-style base32 (no I, L, O, U), grouped by four. */
export function newVerificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = '';
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return s.match(/.{4}/g)!.join('-');
}

export interface DocumentServiceOptions {
  dataDir: string;
  /** Where the verification page lives (the QR code points there). */
  centerUrl: () => Promise<string>;
  fontsDir?: string;
}

export class DocumentService {
  private readonly serialsFile: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DocumentServiceOptions) {
    this.serialsFile = path.join(opts.dataDir, 'document-serials.json');
  }

  /** The next serial for a prefix and year; persisted before it is used. */
  private nextSerial(key: string): Promise<number> {
    const run = this.queue.then(async () => {
      let serials: Record<string, number> = {};
      try {
        serials = JSON.parse(await fs.readFile(this.serialsFile, 'utf8')) as Record<string, number>;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      const n = (serials[key] ?? 0) + 1;
      serials[key] = n;
      await fs.mkdir(path.dirname(this.serialsFile), { recursive: true });
      const tmp = `${this.serialsFile}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(serials, null, 1));
      await fs.rename(tmp, this.serialsFile);
      return n;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async render(args: RenderDocumentArgs): Promise<RenderedDocument> {
    const issuedOn = chinaDateOf(new Date().toISOString());
    const year = Number(issuedOn.slice(0, 4));
    const prefix = documentNumberPrefix(args.window.centerName, args.type);
    const serial = await this.nextSerial(`${args.window.id}|${prefix}|${year}`);
    const documentNumber = formatDocumentNumber(prefix, year, serial);
    const code = newVerificationCode();
    const base = (await this.opts.centerUrl()).replace(/\/$/, '');
    const input = documentInputFromCase(args.type, args.case, {
      window: {
        name: args.window.name,
        centerName: args.window.centerName,
        regionName: args.window.centerName.replace(/政务服务(中心|大厅)$/u, '') || args.window.centerName,
        regionCode: args.window.regionCode,
        ...(args.window.address ? { address: args.window.address } : {}),
      },
      clerk: { name: args.clerkName, id: args.case.clerkId },
      documentNumber,
      issuedOn,
      verification: { code, url: `${base}/verify/${code}` },
    });
    const rendered = await renderDocumentWithLayout(input, this.opts.fontsDir ? { fontsDir: this.opts.fontsDir } : {});
    // pdf-lib returns bytes over a plain ArrayBuffer.
    const pdf = rendered.bytes as Uint8Array<ArrayBuffer>;
    return {
      pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      pages: rendered.pageCount,
      documentNumber,
      verificationCode: code,
      signed: false,
    };
  }
}
