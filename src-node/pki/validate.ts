/**
 * Certificate path validation for signing and verifying (a practical subset of RFC 5280 §6):
 * the path is built by exact issuer/subject bytes and checked signature by signature up to
 * one of the given trust roots; every certificate must be within its validity at the
 * validation time; CA certificates must say so (basicConstraints, keyCertSign); the end
 * entity must be fit for the purpose (keyUsage, extended key usage); unknown critical
 * extensions are refused; revocation is checked against CRLs signed by the issuing CA,
 * which must themselves be current.
 *
 * Each problem names its rule, Chinese first (用户看到的是中文). Nothing here trusts a
 * certificate because it came inside a PKCS#12 or a CMS: only `trustRoots` anchor a path.
 */
import crypto from 'node:crypto';
import { OID } from './certs';
import { parseCrl, verifyCrlSignature, type ParsedCrl } from './crl';
import { certificateFields } from './der';
import { certificateExtensions, KNOWN_EXTENSIONS } from './extensions';

export type ChainRule =
  | 'chain'
  | 'validity'
  | 'basic-constraints'
  | 'key-usage'
  | 'extended-key-usage'
  | 'critical-extension'
  | 'revocation'
  | 'crl-freshness';

/** The rule's name as the clerk reads it. */
export const RULE_NAMES: Record<ChainRule, string> = {
  chain: '证书链',
  validity: '证书有效期',
  'basic-constraints': 'CA 约束',
  'key-usage': '密钥用途',
  'extended-key-usage': '扩展密钥用途',
  'critical-extension': '关键扩展',
  revocation: '吊销状态',
  'crl-freshness': 'CRL 时效',
};

export interface ChainProblem {
  rule: ChainRule;
  message: string;
}

export type Purpose = 'document-signing' | 'timestamping';
export type RevocationPolicy = 'require' | 'if-available' | 'skip';

export interface ValidateChainOptions {
  /** Trust anchors, DER. */
  trustRoots: readonly Buffer[];
  /** Other certificates that may complete the path (from the CMS, the PKCS#12…), DER. */
  intermediates?: readonly Buffer[];
  /** The time the signature is checked at (the timestamp's, the claimed one, or now). */
  at: Date;
  /**
   * Whether `at` is proven (a verified timestamp, or now when signing). If it is only
   * claimed, a certificate revoked at any time counts as revoked: a stolen key can claim
   * any time.
   */
  timeIsTrusted: boolean;
  purpose: Purpose;
  /** CRLs, DER. */
  crls?: readonly Buffer[];
  revocation?: RevocationPolicy;
  /** The current time, for CRL freshness (default now). */
  now?: Date;
  /** A CRL older than this (now − thisUpdate) is stale even before its nextUpdate. */
  crlMaxAgeMs?: number;
}

export interface CertificateSummary {
  subject: string;
  commonName: string;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export interface ChainResult {
  ok: boolean;
  /** Leaf first, trust root last (as far as it could be built). */
  chain: Buffer[];
  problems: ChainProblem[];
  revocation: 'good' | 'revoked' | 'unknown' | 'not-checked';
  revokedAt: Date | null;
}

const EMAIL_PROTECTION = OID.kpEmailProtection;
const ANY_EKU = '2.5.29.37.0';
/** Adobe Authentic Documents Trust, accepted for PDF signing. */
const ADOBE_AUTHENTIC_DOCUMENTS = '1.2.840.113583.1.1.5';

function oneLine(x509Name: string): string {
  return x509Name.split('\n').join(', ');
}

export function summarizeCertificate(der: Buffer): CertificateSummary {
  const x = new crypto.X509Certificate(der);
  const f = certificateFields(der);
  return {
    subject: oneLine(x.subject),
    commonName: /^CN=(.*)$/m.exec(x.subject)?.[1] ?? '',
    issuer: oneLine(x.issuer),
    serialHex: f.serialHex.toUpperCase(),
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
  };
}

const cn = (der: Buffer) => summarizeCertificate(der).commonName || summarizeCertificate(der).subject;
const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function signedBy(child: Buffer, issuer: Buffer): boolean {
  try {
    if (!certificateFields(child).issuerDer.equals(certificateFields(issuer).subjectDer)) return false;
    return new crypto.X509Certificate(child).verify(new crypto.X509Certificate(issuer).publicKey);
  } catch {
    return false;
  }
}

/** Builds leaf → … → root using exact name bytes and signatures. */
function buildPath(leaf: Buffer, pool: Buffer[], roots: readonly Buffer[]): { path: Buffer[]; anchored: boolean } {
  const path = [leaf];
  for (let depth = 0; depth < 8; depth++) {
    const cur = path[path.length - 1]!;
    if (roots.some((r) => r.equals(cur))) return { path, anchored: true };
    const root = roots.find((r) => signedBy(cur, r));
    if (root) return { path: [...path, root], anchored: true };
    const next = pool.find((c) => !path.some((p) => p.equals(c)) && signedBy(cur, c));
    if (!next) return { path, anchored: false };
    path.push(next);
  }
  return { path, anchored: false };
}

export function validateChain(leaf: Buffer, o: ValidateChainOptions): ChainResult {
  const problems: ChainProblem[] = [];
  const add = (rule: ChainRule, zh: string, en: string) => problems.push({ rule, message: `${zh}（规则：${RULE_NAMES[rule]}）(${en})` });
  const now = o.now ?? new Date();
  const { path, anchored } = buildPath(leaf, [...(o.intermediates ?? [])], o.trustRoots);
  if (!anchored) {
    add('chain', `证书「${cn(leaf)}」不是由受信任的根证书签发的`, 'the certificate does not chain to a trusted root');
  }
  // Validity of every certificate in the path at the validation time.
  for (const c of path) {
    const f = certificateFields(c);
    if (o.at < f.notBefore) add('validity', `证书「${cn(c)}」在 ${day(o.at)} 尚未生效（生效日 ${day(f.notBefore)}）`, `certificate not yet valid at ${o.at.toISOString()}`);
    else if (o.at > f.notAfter) add('validity', `证书「${cn(c)}」已于 ${day(f.notAfter)} 过期`, `certificate expired on ${f.notAfter.toISOString()}`);
    const ext = certificateExtensions(c);
    const unknown = ext.critical.filter((id) => !KNOWN_EXTENSIONS.includes(id));
    if (unknown.length) add('critical-extension', `证书「${cn(c)}」含有无法识别的关键扩展 ${unknown.join(', ')}`, 'unrecognised critical extension');
  }
  // Issuers are CAs allowed to sign certificates.
  for (const c of path.slice(1)) {
    const ext = certificateExtensions(c);
    if (!ext.basicConstraints?.ca) add('basic-constraints', `证书「${cn(c)}」不是 CA 证书，不能签发证书`, 'issuer is not a CA');
    if (ext.keyUsage && !ext.keyUsage.keyCertSign) add('key-usage', `CA 证书「${cn(c)}」没有 keyCertSign 用途`, 'issuer lacks keyCertSign');
  }
  // The end entity is fit for the purpose.
  const lx = certificateExtensions(leaf);
  if (o.purpose === 'document-signing') {
    if (lx.basicConstraints?.ca) add('key-usage', `证书「${cn(leaf)}」是 CA 证书，不能用于签署文档`, 'a CA certificate cannot sign documents');
    if (lx.keyUsage && !lx.keyUsage.digitalSignature && !lx.keyUsage.nonRepudiation) {
      add('key-usage', `证书「${cn(leaf)}」的密钥用途不含数字签名或不可否认`, 'keyUsage has neither digitalSignature nor nonRepudiation');
    }
    if (lx.extKeyUsage && !lx.extKeyUsage.some((e) => [OID.kpDocumentSigning, EMAIL_PROTECTION, ANY_EKU, ADOBE_AUTHENTIC_DOCUMENTS].includes(e))) {
      add('extended-key-usage', `证书「${cn(leaf)}」的扩展密钥用途不允许签署文档`, 'extendedKeyUsage does not allow document signing');
    }
  } else {
    if (!lx.extKeyUsage || lx.extKeyUsage.length !== 1 || lx.extKeyUsage[0] !== OID.kpTimeStamping || !lx.critical.includes(OID.extKeyUsage)) {
      add('extended-key-usage', `证书「${cn(leaf)}」不是时间戳服务证书（需要唯一且关键的 timeStamping 用途）`, 'a TSA certificate needs exactly one critical timeStamping EKU (RFC 3161 §2.3)');
    }
    if (lx.keyUsage && !lx.keyUsage.digitalSignature && !lx.keyUsage.nonRepudiation) add('key-usage', `证书「${cn(leaf)}」的密钥用途不含数字签名`, 'keyUsage lacks digitalSignature');
  }

  // Revocation: each certificate below the anchor, against a CRL from its issuer.
  const policy = o.revocation ?? 'require';
  let revocation: ChainResult['revocation'] = 'not-checked';
  let revokedAt: Date | null = null;
  if (policy !== 'skip' && anchored) {
    const crls = (o.crls ?? []).map((der) => ({ der, parsed: safeParseCrl(der) })).filter((c): c is { der: Buffer; parsed: ParsedCrl } => c.parsed !== null);
    let allKnown = true;
    for (let i = 0; i < path.length - 1; i++) {
      const c = path[i]!;
      const issuer = path[i + 1]!;
      const crl = crls.find((x) => x.parsed.issuerDer.equals(certificateFields(issuer).subjectDer) && verifyCrlSignature(x.der, issuer));
      if (!crl) {
        allKnown = false;
        if (policy === 'require') add('revocation', `没有「${cn(issuer)}」签发的有效 CRL，无法确认证书「${cn(c)}」未被吊销`, 'no valid CRL from the issuer: revocation status unknown');
        continue;
      }
      const stale =
        (crl.parsed.nextUpdate !== null && now > crl.parsed.nextUpdate) ||
        (o.crlMaxAgeMs !== undefined && now.getTime() - crl.parsed.thisUpdate.getTime() > o.crlMaxAgeMs);
      if (stale) {
        allKnown = false;
        if (policy === 'require') {
          add('crl-freshness', `CRL 已过期（下次更新 ${crl.parsed.nextUpdate ? day(crl.parsed.nextUpdate) : '未知'}），无法确认证书「${cn(c)}」未被吊销`, 'the CRL is no longer current');
        }
      }
      const serial = certificateFields(c).serialHex.replace(/^0+/, '');
      const entry = crl.parsed.revoked.find((r) => r.serialHex.replace(/^0+/, '') === serial);
      if (entry) {
        const before = entry.revokedAt <= o.at;
        if (before || !o.timeIsTrusted) {
          revocation = 'revoked';
          revokedAt = entry.revokedAt;
          add(
            'revocation',
            `证书「${cn(c)}」已于 ${day(entry.revokedAt)} 被吊销${before ? '' : '（签名时间未经时间戳证明）'}`,
            `certificate revoked on ${entry.revokedAt.toISOString()}`,
          );
        }
      }
    }
    if (revocation !== 'revoked') revocation = allKnown ? 'good' : 'unknown';
  }
  return { ok: problems.length === 0, chain: path, problems, revocation, revokedAt };
}

function safeParseCrl(der: Buffer): ParsedCrl | null {
  try {
    return parseCrl(der);
  } catch {
    return null;
  }
}
