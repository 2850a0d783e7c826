/**
 * RFC 3161 Time-Stamp Protocol: requests and responses, issuing tokens (the center's TSA)
 * and checking them (the signer, before it embeds one; the verifier, later). A token is a
 * CMS SignedData over a TSTInfo; PAdES B-T puts it into the signature's unsigned
 * attributes as id-aa-timeStampToken, stamped over the signature value.
 */
import crypto from 'node:crypto';
import { certificateFields } from '../pki/der';
import { certificateExtensions } from '../pki/extensions';
import { OID as CERT_OID } from '../pki/certs';
import {
  Asn1Error,
  bytesOf,
  childrenOf,
  contentOf,
  enc,
  expect,
  integerHex,
  isContext,
  isUniversal,
  oidOf,
  parseDer,
  smallIntOf,
  TAG,
  timeOf,
  tlv,
} from './asn1';
import { checkEssSigningCertificate, checkSignerInfo, CMS_OID, createSignedData, findSignerCertificate, parseSignedData } from './cms';
import { DIGEST_ALGORITHMS, digestAlgorithmByOid, type DigestAlgorithm, type Signer } from './signer';

export const TSP_MEDIA = { query: 'application/timestamp-query', reply: 'application/timestamp-reply' } as const;

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
export const FAILURE = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;
export type FailureName = keyof typeof FAILURE;

export class TimestampError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimestampError';
  }
}

export interface TimestampRequest {
  hashAlgorithm: DigestAlgorithm;
  hashedMessage: Buffer;
  /** The MessageImprint exactly as sent (the token must carry the same). */
  messageImprintDer: Buffer;
  policy: string | null;
  /** The nonce INTEGER's content octets, exactly as sent. */
  nonce: Buffer | null;
  certReq: boolean;
}

export function createTimestampRequest(hashedMessage: Buffer, o: { hashAlgorithm?: DigestAlgorithm; nonce?: Buffer; certReq?: boolean; policy?: string } = {}): Buffer {
  const alg = o.hashAlgorithm ?? 'sha256';
  if (hashedMessage.length !== DIGEST_ALGORITHMS[alg].length) throw new TimestampError('时间戳请求的摘要长度不对 (wrong digest length for the timestamp request)');
  return enc.seq(
    enc.int(1),
    enc.seq(enc.algorithm(DIGEST_ALGORITHMS[alg].oid, false), enc.octets(hashedMessage)),
    ...(o.policy ? [enc.oid(o.policy)] : []),
    ...(o.nonce ? [enc.uint(o.nonce)] : []),
    ...(o.certReq ? [enc.bool(true)] : []),
  );
}

/** Parses a TimeStampReq; throws TimestampError naming what is wrong. */
export function parseTimestampRequest(der: Buffer): TimestampRequest {
  try {
    const p = childrenOf(expect(parseDer(der), TAG.SEQUENCE, 'TimeStampReq'));
    if (smallIntOf(p[0], 'version') !== 1) throw new TimestampError('TimeStampReq.version 必须为 1 (version must be 1)');
    const mi = expect(p[1], TAG.SEQUENCE, 'messageImprint');
    const [algT, hashT] = childrenOf(mi);
    const algOid = oidOf(childrenOf(expect(algT, TAG.SEQUENCE, 'hashAlgorithm'))[0]);
    const hashAlgorithm = digestAlgorithmByOid(algOid);
    const hashedMessage = contentOf(expect(hashT, TAG.OCTET_STRING, 'hashedMessage'));
    if (!hashAlgorithm) throw new TimestampError(`不支持的摘要算法 ${algOid} (unsupported hash algorithm)`, { cause: 'badAlg' });
    if (hashedMessage.length !== DIGEST_ALGORITHMS[hashAlgorithm].length) throw new TimestampError('hashedMessage 长度与算法不符 (hashedMessage length does not match the algorithm)', { cause: 'badDataFormat' });
    let policy: string | null = null;
    let nonce: Buffer | null = null;
    let certReq = false;
    for (const t of p.slice(2)) {
      if (isUniversal(t, TAG.OID)) policy = oidOf(t);
      else if (isUniversal(t, TAG.INTEGER)) nonce = contentOf(t);
      else if (isUniversal(t, TAG.BOOLEAN)) certReq = contentOf(t)[0] !== 0;
      else if (isContext(t, 0)) throw new TimestampError('不支持请求扩展 (request extensions are not supported)', { cause: 'unacceptedExtension' });
    }
    return { hashAlgorithm, hashedMessage, messageImprintDer: bytesOf(mi), policy, nonce, certReq };
  } catch (err) {
    if (err instanceof TimestampError) throw err;
    throw new TimestampError(`时间戳请求格式错误：${(err as Error).message} (malformed TimeStampReq)`, { cause: 'badDataFormat' });
  }
}

export interface IssueTokenOptions {
  request: TimestampRequest;
  tsa: Signer;
  policy: string;
  /** Serial number of the token (unique per TSA), unsigned big-endian bytes. */
  serial: Buffer;
  genTime: Date;
  /** Accuracy in seconds (default 1). */
  accuracySeconds?: number;
}

/** A TimeStampToken (ContentInfo) for a request. */
export async function issueTimestampToken(o: IssueTokenOptions): Promise<Buffer> {
  const tsaSubject = certificateFields(o.tsa.certificate).subjectDer;
  const tstInfo = enc.seq(
    enc.int(1),
    enc.oid(o.policy),
    o.request.messageImprintDer,
    enc.uint(o.serial),
    enc.generalizedTime(o.genTime, true),
    enc.seq(enc.int(o.accuracySeconds ?? 1)),
    ...(o.request.nonce ? [tlv(0x02, o.request.nonce)] : []),
    // tsa [0] GeneralName: directoryName [4] EXPLICIT Name, the TSA certificate's exact subject.
    enc.explicit(0, enc.explicit(4, tsaSubject)),
  );
  const digest = crypto.createHash(DIGEST_ALGORITHMS[o.tsa.digestAlgorithm].node).update(tstInfo).digest();
  const { der } = await createSignedData({
    signer: o.tsa,
    contentDigest: digest,
    contentType: CMS_OID.tstInfo,
    eContent: tstInfo,
    signingTime: null,
    certificates: o.request.certReq ? [o.tsa.certificate] : [],
  });
  return der;
}

export function createTimestampResponse(r: { status: 0 | 1 | 2 | 3 | 4 | 5; token?: Buffer; statusText?: string; failure?: FailureName }): Buffer {
  const info: Buffer[] = [enc.int(r.status)];
  if (r.statusText) info.push(enc.seq(enc.utf8(r.statusText)));
  if (r.failure !== undefined) {
    const bit = FAILURE[r.failure];
    const bytes = Buffer.alloc((bit >> 3) + 1);
    bytes[bit >> 3] = 0x80 >> (bit & 7);
    const unused = 7 - (bit & 7);
    info.push(tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes])));
  }
  return enc.seq(enc.seq(...info), ...(r.token ? [r.token] : []));
}

export interface TimestampResponse {
  status: number;
  statusText: string | null;
  failureBits: number[];
  token: Buffer | null;
}

export function parseTimestampResponse(der: Buffer): TimestampResponse {
  try {
    const [si, token] = childrenOf(expect(parseDer(der), TAG.SEQUENCE, 'TimeStampResp'));
    const parts = childrenOf(expect(si, TAG.SEQUENCE, 'PKIStatusInfo'));
    const status = smallIntOf(parts[0], 'status');
    let statusText: string | null = null;
    const failureBits: number[] = [];
    for (const t of parts.slice(1)) {
      if (isUniversal(t, TAG.SEQUENCE)) statusText = childrenOf(t).map((x) => contentOf(x).toString('utf8')).join('; ');
      else if (isUniversal(t, TAG.BIT_STRING)) {
        const b = contentOf(t).subarray(1);
        for (let i = 0; i < b.length * 8; i++) if (b[i >> 3]! & (0x80 >> (i & 7))) failureBits.push(i);
      }
    }
    return { status, statusText, failureBits, token: token ? bytesOf(token) : null };
  } catch (err) {
    throw new TimestampError(`时间戳响应格式错误：${(err as Error).message} (malformed TimeStampResp)`);
  }
}

export interface TstInfo {
  policy: string;
  hashAlgorithm: DigestAlgorithm | undefined;
  hashedMessage: Buffer;
  serialHex: string;
  genTime: Date;
  nonce: Buffer | null;
}

function parseTstInfo(der: Buffer): TstInfo {
  const p = childrenOf(expect(parseDer(der), TAG.SEQUENCE, 'TSTInfo'));
  const [algT, hashT] = childrenOf(expect(p[2], TAG.SEQUENCE, 'messageImprint'));
  let nonce: Buffer | null = null;
  for (const t of p.slice(5)) if (isUniversal(t, TAG.INTEGER)) nonce = contentOf(t);
  return {
    policy: oidOf(p[1], 'policy'),
    hashAlgorithm: digestAlgorithmByOid(oidOf(childrenOf(expect(algT, TAG.SEQUENCE, 'hashAlgorithm'))[0])),
    hashedMessage: contentOf(expect(hashT, TAG.OCTET_STRING, 'hashedMessage')),
    serialHex: integerHex(p[3], 'serialNumber'),
    genTime: timeOf(p[4], 'genTime'),
    nonce,
  };
}

export interface TokenCheck {
  ok: boolean;
  info: TstInfo | null;
  /** The TSA's certificate (from the token, or the one given). */
  tsaCertificate: Buffer | null;
  /** Certificates the token carries (for chain building). */
  certificates: Buffer[];
  problems: string[];
}

/**
 * Checks a TimeStampToken: it is a SignedData over a TSTInfo, the TSA's signature verifies,
 * the ESS certificate reference names the TSA certificate, that certificate is for
 * timestamping, and the token stamps `expected` (the digest of what was stamped, with
 * its algorithm). The TSA certificate's chain is the caller's business (validateChain).
 */
export function checkTimestampToken(token: Buffer, expected?: { hashedMessage: Buffer; nonce?: Buffer | null }, tsaCertificate?: Buffer): TokenCheck {
  const problems: string[] = [];
  let info: TstInfo | null = null;
  try {
    const sd = parseSignedData(token);
    if (sd.eContentType !== CMS_OID.tstInfo || !sd.eContent) throw new Asn1Error('not a TSTInfo token');
    info = parseTstInfo(sd.eContent);
    const si = sd.signerInfos[0];
    if (!si || sd.signerInfos.length !== 1) throw new Asn1Error('a token has exactly one SignerInfo');
    const cert = tsaCertificate ?? findSignerCertificate(si, sd.certificates);
    if (!cert) {
      problems.push('时间戳中没有时间戳服务器证书 (the token does not carry the TSA certificate)');
      return { ok: false, info, tsaCertificate: null, certificates: sd.certificates, problems };
    }
    const eContent = sd.eContent;
    const check = checkSignerInfo(si, cert, (alg) => crypto.createHash(DIGEST_ALGORITHMS[alg].node).update(eContent).digest(), CMS_OID.tstInfo);
    problems.push(...check.problems.map((p) => `时间戳：${p}`));
    if (checkEssSigningCertificate(si, cert) !== 'match') problems.push('时间戳的 ESS 证书引用与时间戳服务器证书不符 (the ESS certificate reference does not name the TSA certificate)');
    const ext = certificateExtensions(cert);
    if (!ext.extKeyUsage?.includes(CERT_OID.kpTimeStamping)) problems.push('时间戳服务器证书没有 timeStamping 扩展用途 (the TSA certificate lacks the timeStamping EKU)');
    if (expected) {
      if (!info.hashedMessage.equals(expected.hashedMessage)) problems.push('时间戳盖的不是这个签名 (the token stamps a different value)');
      if (expected.nonce && (!info.nonce || !stripZero(info.nonce).equals(stripZero(expected.nonce)))) problems.push('时间戳的 nonce 与请求不符 (nonce mismatch)');
    }
    const x = new crypto.X509Certificate(cert);
    if (info.genTime < new Date(x.validFrom) || info.genTime > new Date(x.validTo)) problems.push('时间戳时间不在时间戳服务器证书有效期内 (genTime outside the TSA certificate validity)');
    return { ok: problems.length === 0, info, tsaCertificate: cert, certificates: sd.certificates, problems };
  } catch (err) {
    problems.push(`时间戳无法解析：${(err as Error).message} (cannot parse the timestamp token)`);
    return { ok: false, info, tsaCertificate: null, certificates: [], problems };
  }
}

function stripZero(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export interface FetchTimestampOptions {
  timeoutMs?: number;
  hashAlgorithm?: DigestAlgorithm;
  fetch?: typeof fetch;
}

/**
 * Asks a TSA over HTTP for a token stamping `data` (hashed here) and checks it. Throws
 * TimestampError (Chinese first) when the TSA cannot be reached or answers badly.
 */
export async function fetchTimestampToken(url: string, data: Buffer, o: FetchTimestampOptions = {}): Promise<Buffer> {
  const alg = o.hashAlgorithm ?? 'sha256';
  const hashed = crypto.createHash(DIGEST_ALGORITHMS[alg].node).update(data).digest();
  const nonce = crypto.randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  const body = createTimestampRequest(hashed, { hashAlgorithm: alg, nonce, certReq: true });
  const doFetch = o.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': TSP_MEDIA.query, accept: TSP_MEDIA.reply },
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
    });
  } catch (err) {
    throw new TimestampError(`无法连接时间戳服务 ${url}：${(err as Error).message} (timestamp service unreachable)`, { cause: err });
  }
  const reply = Buffer.from(await res.arrayBuffer());
  if (!res.ok && reply.length === 0) throw new TimestampError(`时间戳服务返回 HTTP ${res.status} (timestamp service answered HTTP ${res.status})`);
  const parsed = parseTimestampResponse(reply);
  if ((parsed.status !== 0 && parsed.status !== 1) || !parsed.token) {
    throw new TimestampError(`时间戳服务拒绝了请求（状态 ${parsed.status}${parsed.statusText ? `：${parsed.statusText}` : ''}）(timestamp refused)`);
  }
  const check = checkTimestampToken(parsed.token, { hashedMessage: hashed, nonce });
  if (!check.ok) throw new TimestampError(`时间戳无效：${check.problems.join('；')} (invalid timestamp token)`);
  return parsed.token;
}
