/**
 * Verifies every signature of a PDF and reports, per signature:
 *
 *   byte-range    /ByteRange is [0 a b c]: it starts at 0, its gap is exactly this
 *                 signature's /Contents hex string, and it ends where a revision ends
 *   digest        the hash of the covered bytes equals the CMS messageDigest
 *   signature     the CMS signature verifies with the signer's certificate (identified by
 *                 exact issuer bytes + serial, or subject key id), ESS signing-certificate(-v2)
 *                 names that certificate
 *   timestamp     an RFC 3161 token, if any, stamps this signature value and chains to a root
 *   chain         the certificate chains to one of the trust roots, is within its validity at
 *                 the signing time (the timestamp's, else the claimed one), is fit for signing
 *                 and is not revoked (CRLs given by the caller)
 *   modifications what later incremental updates changed (see changes.ts); anything but
 *                 further signatures is reported and fails the signature
 *
 * It fails closed: anything that cannot be checked counts as a failure, with the reason.
 */
import { createHash } from 'node:crypto';
import { certificateFields } from '../pki/der';
import { RULE_NAMES, summarizeCertificate, validateChain, type CertificateSummary, type ChainProblem, type RevocationPolicy } from '../pki/validate';
import { readTlv } from './asn1';
import { BufferSource, FileSource, lastIndexOf, type ByteSource } from './bytes';
import { changesAfter, type Change } from './changes';
import { checkEssSigningCertificate, checkSignerInfo, CMS_OID, findAttribute, findSignerCertificate, parseSignedData, signingTimeOf } from './cms';
import { asArray, asNumber, decodeTextString, get, isDict, isName, isRef, type PdfDict, type PdfString, type PdfValue } from './objects';
import { PdfReader } from './reader';
import { DIGEST_ALGORITHMS, digestAlgorithmByOid } from './signer';
import { checkTimestampToken } from './tsp';

export interface VerifyOptions {
  /** Trust anchors (the province root), DER. */
  trustRoots: readonly Buffer[];
  /** CRLs, DER (the center's, cached by main). */
  crls?: readonly Buffer[];
  /** Default 'require': without a current CRL a signature does not verify. */
  revocation?: RevocationPolicy;
  now?: Date;
  crlMaxAgeMs?: number;
}

export type CheckName = 'byte-range' | 'digest' | 'signature' | 'timestamp' | 'chain' | 'validity' | 'key-usage' | 'revocation' | 'modifications';

export interface Check {
  ok: boolean;
  /** What was found, or why it failed (Chinese first). */
  detail: string;
}

export interface SignatureResult {
  /** 1-based, in document order of the signed revisions. */
  index: number;
  fieldName: string;
  subFilter: string | null;
  signer: CertificateSummary | null;
  /** Claimed signing time (signingTime attribute, else /M). */
  claimedSigningTime: string | null;
  timestamp: { genTime: string; tsa: string; valid: boolean } | null;
  /** The time the certificate was checked at, and whether it is proven by a timestamp. */
  validationTime: string;
  timeSource: 'timestamp' | 'claimed' | 'now';
  byteRange: number[] | null;
  /** End of the revision this signature covers. */
  revisionEnd: number | null;
  coversWholeDocument: boolean;
  checks: Partial<Record<CheckName, Check>>;
  /** What later updates changed (allowed ones included, marked so). */
  modificationsAfter: Change[];
  ok: boolean;
  problems: string[];
}

export interface VerifyResult {
  ok: boolean;
  fileSize: number;
  signatures: SignatureResult[];
  /** Problems of the document as a whole (no signatures, unreadable file…). */
  problems: string[];
}

const FUTURE_SKEW_MS = 5 * 60_000;

interface SigField {
  fieldName: string;
  v: PdfValue;
}

async function signatureFields(reader: PdfReader): Promise<SigField[]> {
  const catalog = await reader.resolveDict(get(reader.trailer, 'Root'));
  const acro = await reader.resolveDict(get(catalog, 'AcroForm'));
  const out: SigField[] = [];
  const seen = new Set<number>();
  const walk = async (list: PdfValue[] | undefined, prefix: string, inheritedFt: string | undefined, depth: number) => {
    if (!list || depth > 16) return;
    for (const f of list) {
      if (isRef(f)) {
        if (seen.has(f.num)) continue;
        seen.add(f.num);
      }
      const d = await reader.resolveDict(f);
      if (!d) continue;
      const t = get(d, 'T');
      const part = t?.t === 'str' ? decodeTextString(t) : '';
      const full = prefix && part ? `${prefix}.${part}` : prefix || part;
      const ftV = get(d, 'FT');
      const ft = isName(ftV) ? ftV.v : inheritedFt;
      const v = get(d, 'V');
      if (ft === 'Sig' && v) out.push({ fieldName: full, v });
      await walk(asArray(await reader.resolve(get(d, 'Kids'))), full, ft, depth + 1);
    }
  };
  await walk(asArray(await reader.resolve(get(acro, 'Fields'))), '', undefined, 0);
  return out;
}

/** Where revisions end: right after a %%EOF (and its end-of-line). */
async function revisionEndsAt(src: ByteSource, end: number): Promise<boolean> {
  if (end > src.size || end < 5) return false;
  const tail = (await src.read(Math.max(0, end - 8), Math.min(8, end))).toString('latin1');
  return /%%EOF(\r\n|\r|\n)?$/.test(tail) && (await lastIndexOf(src, 'startxref', end, 4096)) >= 0;
}

function fail(r: SignatureResult, name: CheckName, detail: string): void {
  r.checks[name] = { ok: false, detail };
  r.problems.push(detail);
}

function pass(r: SignatureResult, name: CheckName, detail: string): void {
  r.checks[name] ??= { ok: true, detail };
}

/** A result with nothing checked yet: not ok until every check has passed. */
function emptyResult(fieldName: string, now: Date, problems: string[] = []): SignatureResult {
  return {
    index: 0,
    fieldName,
    subFilter: null,
    signer: null,
    claimedSigningTime: null,
    timestamp: null,
    validationTime: now.toISOString(),
    timeSource: 'now',
    byteRange: null,
    revisionEnd: null,
    coversWholeDocument: false,
    checks: {},
    modificationsAfter: [],
    ok: false,
    problems,
  };
}

async function verifyOne(reader: PdfReader, src: ByteSource, field: SigField, o: VerifyOptions, now: Date): Promise<SignatureResult> {
  const r = emptyResult(field.fieldName, now);
  // --- the signature dictionary, where it sits, and its ByteRange
  if (!isRef(field.v)) {
    fail(r, 'byte-range', '签名字典必须是间接对象 (the signature dictionary must be an indirect object)');
    return r;
  }
  const sigObj = await reader.getObject(field.v.num);
  if (!sigObj || !isDict(sigObj.value)) {
    fail(r, 'byte-range', '签名字典缺失 (signature dictionary missing)');
    return r;
  }
  if (sigObj.offset < 0) {
    fail(r, 'byte-range', '签名字典位于对象流中，无法确定签名范围 (signature dictionary inside an object stream)');
    return r;
  }
  const sig: PdfDict = sigObj.value;
  const sf = get(sig, 'SubFilter');
  r.subFilter = isName(sf) ? sf.v : null;
  const contents = get(sig, 'Contents');
  const br = (asArray(get(sig, 'ByteRange')) ?? []).map((x) => asNumber(x));
  if (br.length !== 4 || br.some((x) => x === undefined || !Number.isInteger(x) || x < 0)) {
    fail(r, 'byte-range', '/ByteRange 必须是 4 个非负整数 (ByteRange must be four non-negative integers)');
    return r;
  }
  const [o1, a, b, c] = br as [number, number, number, number];
  r.byteRange = [o1, a, b, c];
  const end = b + c;
  if (o1 !== 0 || a <= 0 || b <= a || end > src.size) {
    fail(r, 'byte-range', `/ByteRange [${br.join(' ')}] 无效：须从文件开头起且不超出文件 (ByteRange must start at 0 and stay inside the file)`);
    return r;
  }
  if (contents?.t !== 'str' || !contents.hex || contents.start !== a || contents.end !== b) {
    fail(r, 'byte-range', '/ByteRange 的空隙不恰好是本签名的 /Contents：有未签名的字节 (the ByteRange gap is not exactly this signature\'s /Contents)');
    return r;
  }
  if (sigObj.offset >= a || !(await revisionEndsAt(src, end))) {
    fail(r, 'byte-range', '/ByteRange 没有覆盖一个完整的修订版本 (the ByteRange does not cover a whole revision)');
    return r;
  }
  r.revisionEnd = end;
  r.coversWholeDocument = end === src.size;
  pass(r, 'byte-range', r.coversWholeDocument ? `覆盖整个文件 0–${end} (covers the whole file)` : `覆盖修订版本 0–${end}，其后还有增量更新 (covers revision up to byte ${end})`);
  if (r.subFilter !== 'ETSI.CAdES.detached' && r.subFilter !== 'adbe.pkcs7.detached') {
    fail(r, 'signature', `不支持的签名格式 /SubFilter /${r.subFilter ?? '?'}（需要 ETSI.CAdES.detached）(unsupported SubFilter)`);
    return r;
  }

  // --- the CMS
  const hex = contents as PdfString;
  let cmsDer: Buffer;
  try {
    const t = readTlv(hex.bytes, 0);
    cmsDer = hex.bytes.subarray(0, t.end);
    if (hex.bytes.subarray(t.end).some((x) => x !== 0)) throw new Error('trailing data after the CMS');
  } catch (err) {
    fail(r, 'signature', `签名数据不是有效的 CMS：${(err as Error).message} (Contents is not a CMS object)`);
    return r;
  }
  let parsed;
  try {
    parsed = parseSignedData(cmsDer);
  } catch (err) {
    fail(r, 'signature', `签名数据无法解析：${(err as Error).message} (cannot parse the CMS)`);
    return r;
  }
  const si = parsed.signerInfos[0];
  if (!si || parsed.signerInfos.length !== 1) {
    fail(r, 'signature', 'CMS 必须恰好有一个签名者 (the CMS must have exactly one SignerInfo)');
    return r;
  }
  if (parsed.eContent) {
    fail(r, 'signature', '签名不是分离式（detached）签名 (the CMS is not detached)');
    return r;
  }
  const cert = findSignerCertificate(si, parsed.certificates);
  if (!cert) {
    fail(r, 'signature', 'CMS 中找不到签名者证书 (signer certificate not found in the CMS)');
    return r;
  }
  r.signer = summarizeCertificate(cert);
  const digestAlg = digestAlgorithmByOid(si.digestAlgorithmOid);
  const digest = digestAlg ? await src.hashRanges([[0, a], [b, c]], DIGEST_ALGORITHMS[digestAlg].node) : Buffer.alloc(0);
  const check = checkSignerInfo(si, cert, () => digest, CMS_OID.data);
  if (check.digestMatches) pass(r, 'digest', `${digestAlg?.toUpperCase()} 摘要一致 (digest matches)`);
  else fail(r, 'digest', check.problems.find((p) => /摘要|messageDigest|digest/.test(p)) ?? '文档摘要不一致 (digest mismatch)');
  const sigProblems = check.problems.filter((p) => !/摘要与签名|messageDigest 属性缺失/.test(p));
  const ess = checkEssSigningCertificate(si, cert);
  if (ess === 'mismatch') sigProblems.push('ESS 签名证书属性与签名者证书不符 (ESS signing-certificate does not name the signer certificate)');
  if (ess === 'absent' && r.subFilter === 'ETSI.CAdES.detached') sigProblems.push('缺少 ESS signing-certificate-v2 属性（PAdES B-B 必需）(ESS signing-certificate-v2 missing)');
  if (check.signatureValid && sigProblems.length === 0) pass(r, 'signature', 'CMS 签名有效 (CMS signature valid)');
  else fail(r, 'signature', sigProblems.join('；') || 'CMS 签名无效 (CMS signature invalid)');

  // --- times: claimed, and proven by a timestamp
  const claimed = safe(() => signingTimeOf(si)) ?? pdfDateOf(get(sig, 'M'));
  r.claimedSigningTime = claimed?.toISOString() ?? null;
  let at = claimed ?? now;
  let trusted = false;
  r.timeSource = claimed ? 'claimed' : 'now';
  if (claimed && claimed.getTime() > now.getTime() + FUTURE_SKEW_MS) fail(r, 'validity', `签名时间 ${claimed.toISOString()} 晚于当前时间 (the claimed signing time is in the future)`);
  const tokens = findAttribute(si.unsignedAttrs, CMS_OID.timeStampToken) ?? [];
  if (tokens.length > 0) {
    const token = tokens[0]!;
    const tc = checkTimestampToken(token);
    const alg = tc.info?.hashAlgorithm;
    const expected = alg ? createHash(DIGEST_ALGORITHMS[alg].node).update(si.signature).digest() : null;
    const problems = [...tc.problems];
    if (!expected || !tc.info?.hashedMessage.equals(expected)) problems.push('时间戳盖的不是这个签名值 (the timestamp does not stamp this signature)');
    let tsaName = '';
    if (tc.tsaCertificate && tc.info) {
      tsaName = summarizeCertificate(tc.tsaCertificate).commonName;
      const chain = validateChain(tc.tsaCertificate, {
        trustRoots: o.trustRoots,
        intermediates: tc.certificates,
        at: tc.info.genTime,
        timeIsTrusted: true,
        purpose: 'timestamping',
        crls: o.crls ?? [],
        revocation: o.revocation ?? 'require',
        now,
        ...(o.crlMaxAgeMs !== undefined ? { crlMaxAgeMs: o.crlMaxAgeMs } : {}),
      });
      problems.push(...chain.problems.map((p) => `时间戳服务器：${p.message}`));
    }
    r.timestamp = { genTime: tc.info?.genTime.toISOString() ?? '', tsa: tsaName, valid: problems.length === 0 };
    if (problems.length === 0 && tc.info) {
      at = tc.info.genTime;
      trusted = true;
      r.timeSource = 'timestamp';
      pass(r, 'timestamp', `时间戳 ${tc.info.genTime.toISOString()}，${tsaName} (timestamp valid)`);
      if (claimed && Math.abs(claimed.getTime() - at.getTime()) > 24 * 3_600_000) {
        fail(r, 'timestamp', '声称的签名时间与时间戳相差超过一天 (claimed signing time and timestamp differ by more than a day)');
      }
    } else fail(r, 'timestamp', problems.join('；'));
  }
  r.validationTime = at.toISOString();

  // --- the certificate
  const chain = validateChain(cert, {
    trustRoots: o.trustRoots,
    intermediates: parsed.certificates,
    at,
    timeIsTrusted: trusted,
    purpose: 'document-signing',
    crls: o.crls ?? [],
    revocation: o.revocation ?? 'require',
    now,
    ...(o.crlMaxAgeMs !== undefined ? { crlMaxAgeMs: o.crlMaxAgeMs } : {}),
  });
  const byRule = (rules: ChainProblem['rule'][]) => chain.problems.filter((p) => rules.includes(p.rule)).map((p) => p.message);
  const chainP = byRule(['chain', 'basic-constraints', 'critical-extension']);
  const validP = byRule(['validity']);
  const kuP = byRule(['key-usage', 'extended-key-usage']);
  const revP = byRule(['revocation', 'crl-freshness']);
  if (chainP.length) fail(r, 'chain', chainP.join('；'));
  else pass(r, 'chain', `证书链至受信任根：${chain.chain.map((c) => summarizeCertificate(c).commonName).join(' → ')} (chains to a trusted root)`);
  if (validP.length) fail(r, 'validity', validP.join('；'));
  else pass(r, 'validity', `签名时证书在有效期内（${at.toISOString()}，${r.timeSource === 'timestamp' ? '时间戳证明' : '声称时间'}）(certificate valid at signing time)`);
  if (kuP.length) fail(r, 'key-usage', kuP.join('；'));
  else pass(r, 'key-usage', '密钥用途允许签署文档 (key usage allows document signing)');
  if (revP.length) fail(r, 'revocation', revP.join('；'));
  else pass(r, 'revocation', chain.revocation === 'good' ? '未被吊销（已核对 CRL）(not revoked)' : `吊销状态未检查（${RULE_NAMES.revocation}）(revocation not checked)`);

  // --- what came afterwards
  if (!r.coversWholeDocument) {
    try {
      r.modificationsAfter = await changesAfter(reader, end);
      const bad = r.modificationsAfter.filter((m) => !m.allowed);
      if (bad.length) fail(r, 'modifications', `签名后文档被修改：${bad.map((m) => m.description).join('；')}`);
      else pass(r, 'modifications', `其后只追加了签名 (only further signatures were added afterwards)`);
    } catch (err) {
      fail(r, 'modifications', `无法分析签名后的修改：${(err as Error).message} (cannot analyse later changes)`);
    }
  } else pass(r, 'modifications', '签名覆盖整个文件 (the signature covers the whole file)');
  r.ok = r.problems.length === 0;
  return r;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** D:YYYYMMDDHHmmSSOHH'mm' → Date. */
export function pdfDateOf(v: PdfValue | undefined): Date | undefined {
  if (v?.t !== 'str') return undefined;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?$/.exec(decodeTextString(v));
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const sign = m[7] === '-' ? -1 : m[7] === '+' ? 1 : 0;
  const offset = sign * (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60_000;
  return new Date(utc - offset);
}

/** Verifies every signature in a PDF (bytes or a ByteSource). */
export async function verifyPdf(pdf: Uint8Array | ByteSource, o: VerifyOptions): Promise<VerifyResult> {
  const src: ByteSource = pdf instanceof Uint8Array ? new BufferSource(pdf) : pdf;
  const now = o.now ?? new Date();
  const result: VerifyResult = { ok: false, fileSize: src.size, signatures: [], problems: [] };
  if (o.trustRoots.length === 0) {
    result.problems.push('没有受信任的根证书，无法验证 (no trust roots given)');
    return result;
  }
  for (const root of o.trustRoots) {
    try {
      certificateFields(root);
    } catch {
      result.problems.push('受信任根证书无法解析 (a trust root is not a certificate)');
      return result;
    }
  }
  let reader: PdfReader;
  let fields: SigField[];
  try {
    reader = await PdfReader.open(src);
    fields = await signatureFields(reader);
  } catch (err) {
    result.problems.push(`无法读取 PDF：${(err as Error).message} (cannot read the PDF)`);
    return result;
  }
  if (fields.length === 0) {
    result.problems.push('文档中没有签名 (the document has no signatures)');
    return result;
  }
  for (const f of fields) {
    let r: SignatureResult;
    try {
      r = await verifyOne(reader, src, f, o, now);
    } catch (err) {
      r = emptyResult(f.fieldName, now, [`验证时出错：${(err as Error).message} (verification failed)`]);
    }
    result.signatures.push(r);
  }
  result.signatures.sort((x, y) => (x.revisionEnd ?? Infinity) - (y.revisionEnd ?? Infinity));
  result.signatures.forEach((s, i) => (s.index = i + 1));
  // Bytes after the last signed revision that no signature covers.
  if (!result.signatures.some((s) => s.coversWholeDocument)) {
    result.problems.push('最后一个签名之后文件还有未签名的修改 (the file has unsigned changes after the last signature)');
  }
  result.ok = result.problems.length === 0 && result.signatures.every((s) => s.ok);
  return result;
}

export async function verifyPdfFile(file: string, o: VerifyOptions): Promise<VerifyResult> {
  const src = await FileSource.open(file);
  try {
    return await verifyPdf(src, o);
  } finally {
    await src.close();
  }
}
