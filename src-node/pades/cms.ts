/**
 * CMS SignedData (RFC 5652) for PAdES and for RFC 3161 timestamp tokens.
 *
 * Built from exact bytes: the signer is identified by IssuerAndSerialNumber made of the
 * certificate's own issuer Name and serial octets, and the ESS signing-certificate-v2
 * attribute (RFC 5035) carries the same issuer bytes — node-forge would re-encode a
 * Chinese issuer name twice over (forge #847) and OpenSSL would then report "signer
 * certificate not found". The signed attributes are a DER SET OF, sorted, because
 * verifiers re-encode them before checking the signature.
 */
import crypto from 'node:crypto';
import { certificateFields } from '../pki/der';
import { certificateExtensions } from '../pki/extensions';
import {
  Asn1Error,
  bytesOf,
  childrenOf,
  contentOf,
  enc,
  expect,
  isContext,
  isUniversal,
  oidOf,
  parseDer,
  smallIntOf,
  TAG,
  timeOf,
  tlv,
  type Tlv,
} from './asn1';
import { DIGEST_ALGORITHMS, digestAlgorithmByOid, type DigestAlgorithm, type Signer } from './signer';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
} as const;

export interface Attribute {
  oid: string;
  /** Each value's complete DER. */
  values: Buffer[];
}

export function attribute(oid: string, ...values: Buffer[]): Buffer {
  return enc.seq(enc.oid(oid), enc.setOf(...values));
}

/** IssuerAndSerialNumber from the certificate's exact issuer bytes and serial octets. */
export function issuerAndSerial(certDer: Buffer): Buffer {
  const f = certificateFields(certDer);
  return enc.seq(f.issuerDer, tlv(0x02, f.serialBytes));
}

/** ESS SigningCertificateV2 (RFC 5035) for one certificate, with IssuerSerial. */
export function signingCertificateV2(certDer: Buffer, digest: DigestAlgorithm = 'sha256'): Buffer {
  const f = certificateFields(certDer);
  const hash = crypto.createHash(DIGEST_ALGORITHMS[digest].node).update(certDer).digest();
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber }; directoryName is [4] EXPLICIT Name.
  const issuerSerial = enc.seq(enc.seq(enc.explicit(4, f.issuerDer)), tlv(0x02, f.serialBytes));
  const essCertId = enc.seq(
    // hashAlgorithm DEFAULT sha256: omitted when it is sha256 (DER leaves defaults out).
    ...(digest === 'sha256' ? [] : [enc.algorithm(DIGEST_ALGORITHMS[digest].oid, false)]),
    enc.octets(hash),
    issuerSerial,
  );
  return enc.seq(enc.seq(essCertId));
}

export interface CreateSignedDataOptions {
  signer: Signer;
  /** Digest of the content (the PDF's ByteRange, or the TSTInfo). */
  contentDigest: Buffer;
  /** eContentType, default id-data. */
  contentType?: string;
  /** Encapsulated content (timestamp tokens carry their TSTInfo); absent = detached. */
  eContent?: Buffer;
  /** signingTime attribute; null leaves it out. */
  signingTime?: Date | null;
  /** Add ESS signing-certificate-v2 (default true). */
  essSigningCertificate?: boolean;
  /** Certificates to embed; default the signer's certificate and chain. */
  certificates?: Buffer[];
  /** Called with the signature value; may return unsigned attributes (e.g. a timestamp token). */
  unsignedAttributes?: (signature: Buffer) => Promise<Attribute[]>;
}

export interface CreatedSignedData {
  /** ContentInfo DER. */
  der: Buffer;
  signature: Buffer;
  signedAttributes: Buffer;
}

export async function createSignedData(o: CreateSignedDataOptions): Promise<CreatedSignedData> {
  const { signer } = o;
  const digestAlg = DIGEST_ALGORITHMS[signer.digestAlgorithm];
  if (o.contentDigest.length !== digestAlg.length) throw new Error(`contentDigest 长度应为 ${digestAlg.length} 字节 (wrong digest length)`);
  const attrs = [
    attribute(CMS_OID.contentType, enc.oid(o.contentType ?? CMS_OID.data)),
    attribute(CMS_OID.messageDigest, enc.octets(o.contentDigest)),
  ];
  if (o.signingTime) attrs.push(attribute(CMS_OID.signingTime, enc.time(o.signingTime)));
  if (o.essSigningCertificate !== false) attrs.push(attribute(CMS_OID.signingCertificateV2, signingCertificateV2(signer.certificate, signer.digestAlgorithm)));
  const signedAttrsSet = enc.setOf(...attrs);
  const digest = crypto.createHash(digestAlg.node).update(signedAttrsSet).digest();
  const signature = await signer.sign({ data: signedAttrsSet, digest, digestAlgorithm: signer.digestAlgorithm });
  const unsigned = o.unsignedAttributes ? await o.unsignedAttributes(signature) : [];

  const digestAlgorithmId = enc.algorithm(digestAlg.oid, false);
  const signerInfo = enc.seq(
    enc.int(1),
    issuerAndSerial(signer.certificate),
    digestAlgorithmId,
    // signedAttrs [0] IMPLICIT: the same content as the SET that was signed.
    enc.implicitConstructed(0, contentOf(parseDer(signedAttrsSet))),
    enc.algorithm(signer.signatureAlgorithm.oid, signer.signatureAlgorithm.nullParams),
    enc.octets(signature),
    ...(unsigned.length ? [enc.implicitConstructed(1, Buffer.concat(unsigned.map((a) => attribute(a.oid, ...a.values))))] : []),
  );
  const certs = o.certificates ?? [signer.certificate, ...signer.chain];
  const encap = enc.seq(enc.oid(o.contentType ?? CMS_OID.data), ...(o.eContent ? [enc.explicit(0, enc.octets(o.eContent))] : []));
  const signedData = enc.seq(
    // version 3 when eContentType is not id-data (RFC 5652 §5.1), else 1.
    enc.int(o.contentType && o.contentType !== CMS_OID.data ? 3 : 1),
    enc.set(digestAlgorithmId),
    encap,
    ...(certs.length ? [enc.implicitConstructed(0, Buffer.concat(certs))] : []),
    enc.set(signerInfo),
  );
  return { der: enc.seq(enc.oid(CMS_OID.signedData), enc.explicit(0, signedData)), signature, signedAttributes: signedAttrsSet };
}

// ---------------------------------------------------------------- parsing

export type SignerId = { kind: 'issuerSerial'; issuerDer: Buffer; serial: Buffer } | { kind: 'keyId'; keyId: Buffer };

export interface ParsedSignerInfo {
  version: number;
  sid: SignerId;
  digestAlgorithmOid: string;
  /** signedAttrs re-tagged as the SET that was signed (exact bytes otherwise). */
  signedAttrsDer: Buffer | null;
  signedAttrs: Attribute[];
  signatureAlgorithmOid: string;
  signature: Buffer;
  unsignedAttrs: Attribute[];
}

export interface ParsedSignedData {
  eContentType: string;
  eContent: Buffer | null;
  certificates: Buffer[];
  signerInfos: ParsedSignerInfo[];
}

function attributesOf(t: Tlv): Attribute[] {
  return childrenOf(t).map((a) => {
    const [type, values] = childrenOf(expect(a, TAG.SEQUENCE, 'Attribute'));
    return { oid: oidOf(type, 'attrType'), values: childrenOf(expect(values, TAG.SET, 'attrValues')).map(bytesOf) };
  });
}

export function findAttribute(attrs: Attribute[], oid: string): Buffer[] | undefined {
  return attrs.find((a) => a.oid === oid)?.values;
}

/** Parses a ContentInfo holding SignedData. Throws Asn1Error on anything malformed. */
export function parseSignedData(der: Buffer): ParsedSignedData {
  const ci = parseDer(der);
  const [ctype, wrapped] = childrenOf(expect(ci, TAG.SEQUENCE, 'ContentInfo'));
  if (oidOf(ctype, 'contentType') !== CMS_OID.signedData) throw new Asn1Error('ContentInfo is not SignedData');
  if (!isContext(wrapped, 0)) throw new Asn1Error('SignedData [0] missing');
  const [sd] = childrenOf(wrapped);
  const parts = childrenOf(expect(sd, TAG.SEQUENCE, 'SignedData'));
  let i = 0;
  smallIntOf(parts[i++], 'version');
  expect(parts[i++], TAG.SET, 'digestAlgorithms');
  const encapParts = childrenOf(expect(parts[i++], TAG.SEQUENCE, 'encapContentInfo'));
  const eContentType = oidOf(encapParts[0], 'eContentType');
  let eContent: Buffer | null = null;
  if (encapParts[1]) {
    if (!isContext(encapParts[1], 0)) throw new Asn1Error('eContent must be [0]');
    eContent = contentOf(expect(childrenOf(encapParts[1])[0], TAG.OCTET_STRING, 'eContent'));
  }
  const certificates: Buffer[] = [];
  if (isContext(parts[i], 0)) {
    for (const c of childrenOf(parts[i]!)) if (isUniversal(c, TAG.SEQUENCE)) certificates.push(bytesOf(c));
    i++;
  }
  if (isContext(parts[i], 1)) i++; // crls
  const signerInfos = childrenOf(expect(parts[i], TAG.SET, 'signerInfos')).map(parseSignerInfo);
  return { eContentType, eContent, certificates, signerInfos };
}

function parseSignerInfo(t: Tlv): ParsedSignerInfo {
  const p = childrenOf(expect(t, TAG.SEQUENCE, 'SignerInfo'));
  let i = 0;
  const version = smallIntOf(p[i++], 'SignerInfo.version');
  const sidT = p[i++];
  let sid: SignerId;
  if (isUniversal(sidT, TAG.SEQUENCE)) {
    const [issuer, serial] = childrenOf(sidT);
    sid = { kind: 'issuerSerial', issuerDer: bytesOf(expect(issuer, TAG.SEQUENCE, 'issuer')), serial: contentOf(expect(serial, TAG.INTEGER, 'serialNumber')) };
  } else if (isContext(sidT, 0)) {
    sid = { kind: 'keyId', keyId: contentOf(sidT) };
  } else throw new Asn1Error('SignerIdentifier');
  const digestAlgorithmOid = oidOf(childrenOf(expect(p[i++], TAG.SEQUENCE, 'digestAlgorithm'))[0]);
  let signedAttrsDer: Buffer | null = null;
  let signedAttrs: Attribute[] = [];
  if (isContext(p[i], 0)) {
    const raw = Buffer.from(bytesOf(p[i]!));
    raw[0] = 0x31; // [0] IMPLICIT SET OF → SET OF, for the signature check
    signedAttrsDer = raw;
    signedAttrs = attributesOf(p[i]!);
    i++;
  }
  const signatureAlgorithmOid = oidOf(childrenOf(expect(p[i++], TAG.SEQUENCE, 'signatureAlgorithm'))[0]);
  const signature = contentOf(expect(p[i++], TAG.OCTET_STRING, 'signature'));
  const unsignedAttrs = isContext(p[i], 1) ? attributesOf(p[i]!) : [];
  return { version, sid, digestAlgorithmOid, signedAttrsDer, signedAttrs, signatureAlgorithmOid, signature, unsignedAttrs };
}

/** The certificate the SignerInfo names (issuer bytes and serial, or subject key id). */
export function findSignerCertificate(si: ParsedSignerInfo, certificates: Buffer[]): Buffer | undefined {
  return certificates.find((c) => {
    try {
      const f = certificateFields(c);
      if (si.sid.kind === 'issuerSerial') return f.issuerDer.equals(si.sid.issuerDer) && stripSign(f.serialBytes).equals(stripSign(si.sid.serial));
      const ski = certificateExtensions(c).subjectKeyId;
      if (ski) return ski.equals(si.sid.keyId);
      return crypto.createHash('sha1').update(publicKeyBits(f.spkiDer)).digest().equals(si.sid.keyId);
    } catch {
      return false;
    }
  });
}

function stripSign(b: Buffer): Buffer {
  return b.length > 1 && b[0] === 0 ? b.subarray(1) : b;
}

function publicKeyBits(spki: Buffer): Buffer {
  const [, bits] = childrenOf(parseDer(spki));
  return contentOf(expect(bits, TAG.BIT_STRING, 'subjectPublicKey')).subarray(1);
}

export interface SignerInfoCheck {
  /** The signature over signedAttrs verifies with the certificate's key. */
  signatureValid: boolean;
  /** The messageDigest attribute equals the digest of the content. */
  digestMatches: boolean;
  digestAlgorithm: DigestAlgorithm | undefined;
  problems: string[];
}

/** The node:crypto hash for a SignerInfo's signature algorithm (with the digest algorithm as fallback). */
function hashForSignature(si: ParsedSignerInfo): string | undefined {
  switch (si.signatureAlgorithmOid) {
    case CMS_OID.sha256WithRSA:
    case CMS_OID.ecdsaSha256:
      return 'sha256';
    case CMS_OID.sha384WithRSA:
    case CMS_OID.ecdsaSha384:
      return 'sha384';
    case CMS_OID.sha512WithRSA:
    case CMS_OID.ecdsaSha512:
      return 'sha512';
    case CMS_OID.rsaEncryption: {
      const d = digestAlgorithmByOid(si.digestAlgorithmOid);
      return d ? DIGEST_ALGORITHMS[d].node : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Checks one SignerInfo against the content digest the caller computed (with the
 * algorithm the SignerInfo names) and the signer's certificate.
 */
export function checkSignerInfo(si: ParsedSignerInfo, certDer: Buffer, contentDigest: (alg: DigestAlgorithm) => Buffer, expectedContentType: string = CMS_OID.data): SignerInfoCheck {
  const problems: string[] = [];
  const digestAlgorithm = digestAlgorithmByOid(si.digestAlgorithmOid);
  if (!digestAlgorithm) problems.push(`不支持的摘要算法 ${si.digestAlgorithmOid} (unsupported digest algorithm)`);
  if (!si.signedAttrsDer) problems.push('SignerInfo 缺少签名属性 (no signed attributes)');
  const ct = findAttribute(si.signedAttrs, CMS_OID.contentType);
  if (!ct || ct.length !== 1 || oidOf(parseDer(ct[0]!)) !== expectedContentType) problems.push('contentType 属性缺失或不符 (contentType attribute missing or wrong)');
  const md = findAttribute(si.signedAttrs, CMS_OID.messageDigest);
  let digestMatches = false;
  if (!md || md.length !== 1) problems.push('messageDigest 属性缺失 (messageDigest attribute missing)');
  else if (digestAlgorithm) {
    const value = contentOf(expect(parseDer(md[0]!), TAG.OCTET_STRING, 'messageDigest'));
    digestMatches = value.equals(contentDigest(digestAlgorithm));
    if (!digestMatches) problems.push('文档摘要与签名中的 messageDigest 不一致：签名后文档被改动 (the document digest does not match: the signed bytes were changed)');
  }
  let signatureValid = false;
  const hash = hashForSignature(si);
  if (!hash) problems.push(`不支持的签名算法 ${si.signatureAlgorithmOid} (unsupported signature algorithm)`);
  else if (si.signedAttrsDer) {
    try {
      const key = crypto.createPublicKey({ key: certificateFields(certDer).spkiDer, format: 'der', type: 'spki' });
      const opts = key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' as const } : { key, padding: crypto.constants.RSA_PKCS1_PADDING };
      signatureValid = crypto.verify(hash, si.signedAttrsDer, opts, si.signature);
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) problems.push('CMS 签名值验证失败 (the CMS signature value does not verify)');
  }
  return { signatureValid, digestMatches, digestAlgorithm, problems };
}

/** The signingTime attribute, if any. */
export function signingTimeOf(si: ParsedSignerInfo): Date | undefined {
  const v = findAttribute(si.signedAttrs, CMS_OID.signingTime);
  return v?.[0] ? timeOf(parseDer(v[0])) : undefined;
}

/**
 * Checks the ESS signing-certificate(-v2) attribute against the certificate: its hash
 * (and IssuerSerial, when present) must name exactly this certificate.
 */
export function checkEssSigningCertificate(si: ParsedSignerInfo, certDer: Buffer): 'match' | 'mismatch' | 'absent' {
  const v2 = findAttribute(si.signedAttrs, CMS_OID.signingCertificateV2);
  const v1 = findAttribute(si.signedAttrs, CMS_OID.signingCertificate);
  const value = v2?.[0] ?? v1?.[0];
  if (!value) return 'absent';
  try {
    const certs = childrenOf(expect(childrenOf(parseDer(value))[0], TAG.SEQUENCE, 'certs'));
    const first = childrenOf(expect(certs[0], TAG.SEQUENCE, 'ESSCertID'));
    let k = 0;
    let node = 'sha1';
    if (v2) {
      node = 'sha256';
      if (isUniversal(first[0], TAG.SEQUENCE)) {
        const d = digestAlgorithmByOid(oidOf(childrenOf(first[0])[0]));
        if (!d) return 'mismatch';
        node = DIGEST_ALGORITHMS[d].node;
        k = 1;
      }
    }
    const hash = contentOf(expect(first[k], TAG.OCTET_STRING, 'certHash'));
    if (!crypto.createHash(node).update(certDer).digest().equals(hash)) return 'mismatch';
    const issuerSerial = first[k + 1];
    if (issuerSerial) {
      const [names, serial] = childrenOf(issuerSerial);
      const f = certificateFields(certDer);
      const dirName = childrenOf(names!).find((n) => isContext(n, 4));
      if (dirName && !bytesOf(childrenOf(dirName)[0]!).equals(f.issuerDer)) return 'mismatch';
      if (!stripSign(contentOf(serial!)).equals(stripSign(f.serialBytes))) return 'mismatch';
    }
    return 'match';
  } catch {
    return 'mismatch';
  }
}
