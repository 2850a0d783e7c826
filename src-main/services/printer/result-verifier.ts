/**
 * Verify before printing (DOMAIN.md rule 14), in main, on the very bytes that will be
 * printed: they must be the bytes the province published (SHA-256), every signature must
 * verify (byte range, digest, CMS, nothing changed afterwards), chain to the province root,
 * be within validity and not revoked (a current CRL is required: fails closed), and the
 * signature over the whole document must be the province seal's — not a window seal, a
 * clerk or any other certificate the root issued.
 *
 * The province seal: a certificate whose SHA-256 is pinned (YICHUANG_PROVINCE_SEAL_SHA256),
 * or, without a pin, whose subject names the root's organisation (O) at a province-level
 * region code (L = XX0000) and carries no serialNumber (window seals, clerks and devices are
 * issued with one naming them).
 */
import { createHash } from 'node:crypto';
import { verifyPdf, type SignatureResult, type VerifyResult } from '../../../src-node/pades/verify';
import { subjectAttributes } from '../../../src-node/pades/window-documents';
import type { PrintRefusalCode, ResultCheck, ResultRefused, ResultVerified } from '../../../src-shared/protocol/clerk-results';

export interface TrustSource {
  trustRoots(): Promise<Buffer[]>;
  crls(): Promise<Buffer[]>;
}

export interface ResultVerifyOptions {
  /** SHA-256 (hex) of accepted province seal certificates; empty = the subject rule. */
  provinceSealSha256?: readonly string[];
  now?: () => Date;
}

/** The sentence the clerk reads for each refusal. */
export const REFUSAL_REASONS: Record<PrintRefusalCode, string> = {
  tampered: '文件已被改动，不能打印 (the file was changed)',
  'untrusted-root': '证书不是省级根证书签发，不能打印 (the certificate is not issued by the province root)',
  revoked: '签章证书已被吊销，不能打印 (the signing certificate is revoked)',
  'revocation-unknown': '无法确认签章证书未被吊销（本机没有当前的吊销列表，请连接省级中心后重试），不能打印 (revocation status unknown: no current CRL)',
  certificate: '签章证书不在有效期内或不能用于签章，不能打印 (certificate not valid for signing at that time)',
  unsigned: '文件没有电子签章，不能打印 (the file is not signed)',
  'not-province-seal': '文件不是由省级电子印章签发（签章者是窗口或个人证书），不能打印 (not sealed by the province seal)',
  'trust-unavailable': '本机没有省级根证书或吊销列表，无法核验，不能打印 (trust root or CRL unavailable)',
  invalid: '电子签章无效，不能打印 (invalid signature)',
};

function refuse(code: PrintRefusalCode, problems: string[]): ResultRefused {
  return { ok: false, code, reason: REFUSAL_REASONS[code], problems };
}

/** "C=CN, ST=河北省, L=130000, O=…, CN=…" → { C, ST, L, O, CN }. */
export function parseSubject(oneLine: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of oneLine.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/)) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function isProvinceSeal(signer: { subject: string; sha256: string }, rootSubject: Record<string, string>, pins: readonly string[] = []): boolean {
  if (pins.length) return pins.map((p) => p.toLowerCase()).includes(signer.sha256.toLowerCase());
  const s = parseSubject(signer.subject);
  return !s.serialNumber && /^\d{2}0000$/.test(s.L ?? '') && !!s.O && s.O === rootSubject.O;
}

/** The worst thing wrong with one signature, in the order a clerk needs to know it. */
function classify(sig: SignatureResult): PrintRefusalCode | null {
  if (sig.ok) return null;
  const failed = (n: keyof SignatureResult['checks']) => sig.checks[n]?.ok === false;
  if (failed('byte-range') || failed('digest') || failed('modifications')) return 'tampered';
  if (failed('signature')) return /不支持的签名格式|SubFilter/.test(sig.checks.signature?.detail ?? '') ? 'invalid' : 'tampered';
  if (failed('chain')) return 'untrusted-root';
  if (failed('revocation')) return /已于.*被吊销/.test(sig.checks.revocation?.detail ?? '') ? 'revoked' : 'revocation-unknown';
  if (failed('validity') || failed('key-usage')) return 'certificate';
  return 'invalid';
}

const ORDER: PrintRefusalCode[] = ['tampered', 'unsigned', 'untrusted-root', 'revoked', 'certificate', 'revocation-unknown', 'not-province-seal', 'invalid', 'trust-unavailable'];

export function judge(r: VerifyResult, rootSubject: Record<string, string>, opts: ResultVerifyOptions = {}): ResultCheck {
  const problems = [...r.problems, ...r.signatures.flatMap((s) => s.problems.map((p) => `签名 ${s.index}（${s.signer?.commonName ?? s.fieldName}）：${p}`))];
  if (r.signatures.length === 0) return refuse(/没有签名/.test(r.problems.join()) ? 'unsigned' : 'tampered', problems);
  const codes = new Set<PrintRefusalCode>();
  for (const s of r.signatures) {
    const c = classify(s);
    if (c) codes.add(c);
  }
  // Bytes after the last signature that nobody signed.
  if (r.problems.length) codes.add('tampered');
  const whole = r.signatures.find((s) => s.coversWholeDocument);
  if (!codes.size && (!whole?.signer || !isProvinceSeal(whole.signer, rootSubject, opts.provinceSealSha256))) {
    codes.add('not-province-seal');
    problems.push(`最后的签章者是「${whole?.signer?.commonName ?? '?'}」，不是省级电子印章 (the final signer is not the province seal)`);
  }
  const worst = ORDER.find((c) => codes.has(c));
  if (worst || !whole?.signer) return refuse(worst ?? 'invalid', problems);
  const verified: ResultVerified = {
    ok: true,
    signer: whole.signer.commonName,
    organisation: parseSubject(whole.signer.subject).O ?? null,
    signedAt: whole.timestamp?.genTime ?? whole.claimedSigningTime,
    timestamped: !!whole.timestamp?.valid,
    signatures: r.signatures.length,
  };
  return verified;
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Everything rule 14 asks of a result before it is printed; `expectedSha256` is the published hash. */
export async function checkResultPdf(pdf: Uint8Array, expectedSha256: string, trust: TrustSource | undefined, opts: ResultVerifyOptions = {}): Promise<ResultCheck> {
  const actual = sha256Hex(pdf);
  if (actual !== expectedSha256.toLowerCase())
    return refuse('tampered', [`文件摘要 ${actual.slice(0, 16)}… 与省级中心发布的 ${expectedSha256.slice(0, 16)}… 不符 (SHA-256 differs from the published one)`]);
  let roots: Buffer[];
  let crls: Buffer[];
  try {
    roots = (await trust?.trustRoots()) ?? [];
    crls = (await trust?.crls()) ?? [];
  } catch (err) {
    return refuse('trust-unavailable', [(err as Error).message]);
  }
  if (!roots.length) return refuse('trust-unavailable', ['没有省级根证书 (no trust root)']);
  const r = await verifyPdf(pdf, { trustRoots: roots, crls, ...(opts.now ? { now: opts.now() } : {}) });
  const rootSubject = subjectAttributes(roots[0]!);
  return judge(r, rootSubject, opts);
}
