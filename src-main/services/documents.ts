/**
 * The documents a window hands over: main renders them from the case (src-node/documents)
 * and gives each its document number and verification code, which the renderer never
 * chooses. Numbers count per window, document kind and year, kept on disk so a restart
 * never reuses one.
 *
 * When the keystore has both the clerk's certificate and the window seal unlocked (and both
 * may sign now: province root, validity, key usage, current CRL), the PDF is signed by the
 * clerk and then sealed by the window as two incremental updates (src-node/pades), each
 * timestamped by the center's TSA when it answers. Otherwise the unsigned PDF comes back
 * with signed:false and the reason: intake goes on offline or locked. A signed document the
 * TSA could not stamp is listed in timestamp-pending.json, to be timestamped later.
 */
import { createHash, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { documentInputFromCase, formatDocumentNumber, renderDocumentWithLayout, chinaDateOf } from '../../src-node/documents';
import type { RenderDocumentArgs, RenderedDocument, DocumentKind, VerifiedDocument } from '../../src-shared/protocol/clerk-api';
import { verifyPdf } from '../../src-node/pades/verify';
import { signWindowDocument } from '../../src-node/pades/window-documents';
import type { Signer } from '../../src-node/pades/signer';

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

/** Who signs (the Keystore): both signers, checked now, or why not. */
export interface DocumentSigning {
  signers(expect: { clerkId?: string; windowId?: string }): Promise<{ ok: true; clerk: Signer; seal: Signer } | { ok: false; reason: string }>;
}

export interface DocumentServiceOptions {
  dataDir: string;
  /** Where the verification page lives (the QR code points there). */
  centerUrl: () => Promise<string>;
  fontsDir?: string;
  /** The keystore; without it documents are never signed. */
  signing?: DocumentSigning;
  /** The province root and the current CRL, for verifying documents (main's cache of the center's). */
  trust?: { trustRoots(): Promise<Buffer[]>; crls(): Promise<Buffer[]> };
  /** The timestamp service; default `${centerUrl}/v1/tsa`. */
  tsaUrl?: () => Promise<string>;
  /** How long to wait for the TSA before signing without a timestamp (default 3 s). */
  timestampTimeoutMs?: number;
}

/** A signed document still waiting for its timestamp (PAdES B-B now, B-T later). */
export interface PendingTimestamp {
  documentNumber: string;
  verificationCode: string;
  sha256: string;
  signedAt: string;
  reason: string;
}

export class DocumentService {
  private readonly serialsFile: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DocumentServiceOptions) {
    this.serialsFile = path.join(opts.dataDir, 'document-serials.json');
  }

  get pendingTimestampsFile(): string {
    return path.join(this.opts.dataDir, 'timestamp-pending.json');
  }

  /** Signed documents the TSA has not stamped yet. */
  async pendingTimestamps(): Promise<PendingTimestamp[]> {
    try {
      return JSON.parse(await fs.readFile(this.pendingTimestampsFile, 'utf8')) as PendingTimestamp[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private recordPending(p: PendingTimestamp): Promise<void> {
    const run = this.queue.then(async () => {
      const list = await this.pendingTimestamps();
      list.push(p);
      await fs.mkdir(this.opts.dataDir, { recursive: true });
      const tmp = `${this.pendingTimestampsFile}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(list, null, 1));
      await fs.rename(tmp, this.pendingTimestampsFile);
    });
    this.queue = run.catch(() => undefined);
    return run;
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

  /**
   * Every signature of a PDF checked against the province root and the CRL: byte range,
   * digest, CMS, chain, validity, key usage, revocation, and what later updates changed.
   * Fails closed: no trust root or no current CRL means not verified.
   */
  async verify(pdf: Uint8Array): Promise<VerifiedDocument> {
    let trustRoots: Buffer[] = [];
    let crls: Buffer[] = [];
    const problems: string[] = [];
    try {
      trustRoots = (await this.opts.trust?.trustRoots()) ?? [];
      crls = (await this.opts.trust?.crls()) ?? [];
    } catch (err) {
      problems.push(`无法取得省级根证书或吊销列表：${(err as Error).message} (trust root or CRL unavailable)`);
    }
    const r = await verifyPdf(pdf, { trustRoots, crls });
    const field = (subject: string | undefined, key: string) => new RegExp(`(?:^|[,/]\\s*)${key}=([^,/]+)`).exec(subject ?? '')?.[1]?.trim() ?? null;
    return {
      ok: r.ok && problems.length === 0,
      problems: [...problems, ...r.problems],
      signatures: r.signatures.map((sig) => ({
        index: sig.index,
        fieldName: sig.fieldName,
        signer: sig.signer?.commonName ?? null,
        organisation: field(sig.signer?.subject, 'O'),
        signedAt: sig.timestamp?.genTime ?? sig.claimedSigningTime,
        timestamped: !!sig.timestamp?.valid,
        coversWholeDocument: sig.coversWholeDocument,
        ok: sig.ok,
        problems: sig.problems,
      })),
    };
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
    const unsigned = {
      pdf: rendered.bytes as Uint8Array<ArrayBuffer>,
      sha256: createHash('sha256').update(rendered.bytes).digest('hex'),
      pages: rendered.pageCount,
      documentNumber,
      verificationCode: code,
      signed: false,
    };
    if (!this.opts.signing) return { ...unsigned, unsignedReason: '本机未启用证书库，文书未签名 (no keystore: the document is not signed)' };
    const who = await this.opts.signing.signers({ clerkId: args.case.clerkId, windowId: args.window.id });
    if (!who.ok) return { ...unsigned, unsignedReason: who.reason };
    let signed;
    try {
      signed = await signWindowDocument(rendered, {
        clerk: who.clerk,
        seal: who.seal,
        timestamp: { url: this.opts.tsaUrl ? await this.opts.tsaUrl() : `${base}/v1/tsa`, timeoutMs: this.opts.timestampTimeoutMs ?? 3000 },
        ...(this.opts.fontsDir ? { fontsDir: this.opts.fontsDir } : {}),
      });
    } catch (err) {
      return { ...unsigned, unsignedReason: `签章失败，文书未签名：${(err as Error).message} (signing failed)` };
    }
    const pdf = new Uint8Array(signed.pdf);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const missing = signed.signatures.map((s) => s.timestamp).find((t) => t.status !== 'stamped');
    if (missing) {
      await this.recordPending({
        documentNumber,
        verificationCode: code,
        sha256,
        signedAt: new Date().toISOString(),
        reason: missing.status === 'unavailable' ? missing.reason : '未请求时间戳 (no timestamp requested)',
      });
    }
    return { ...unsigned, pdf, sha256, signed: true, timestamped: !missing };
  }
}
