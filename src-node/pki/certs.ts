/**
 * Certificate issuing: the province root CA, the timestamp authority, seals and clerks.
 *
 * The TBSCertificate is assembled with forge's ASN.1 codec and signed with node:crypto.
 * The issuer Name is spliced in as the issuer certificate's exact subject bytes (never
 * re-encoded from parsed attributes: see der.ts on node-forge #847), and the public key is
 * node's own SubjectPublicKeyInfo, so any KeyAlgorithm works the same way.
 */
import crypto, { type KeyObject } from 'node:crypto';
import {
  asn1ToDer,
  bitString,
  bool,
  certificateFields,
  contextExplicit,
  derToAsn1,
  octetString,
  oid,
  seq,
  smallInteger,
  spkiPublicKeyBits,
  time,
  unsignedInteger,
  type Asn1,
} from './der';
import forge from 'node-forge';
import { randomSerial, signatureAlgorithmFor, signWithKey } from './keys';
import { nameToDer, type DistinguishedName } from './names';
import { subjectAltName } from './subject-alt-name';

const { asn1 } = forge;

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  cRLDistributionPoints: '2.5.29.31',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  kpEmailProtection: '1.3.6.1.5.5.7.3.4',
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  /** id-kp-documentSigning, RFC 9336. */
  kpDocumentSigning: '1.3.6.1.5.5.7.3.36',
  kpServerAuth: '1.3.6.1.5.5.7.3.1',
  kpClientAuth: '1.3.6.1.5.5.7.3.2',
  subjectAltName: '2.5.29.17',
} as const;

/**
 * What a certificate is for; decides its extensions. root-ca, tsa and signing (clerks,
 * seals) make the document PKI; device (a window PC signing sync requests: clientAuth) and
 * tls-server (the center's sync service: serverAuth + subjectAltName) serve sync.
 */
export type CertProfile = 'root-ca' | 'tsa' | 'signing' | 'device' | 'tls-server';

export interface KeyUsageFlags {
  digitalSignature?: boolean;
  nonRepudiation?: boolean;
  keyEncipherment?: boolean;
  keyCertSign?: boolean;
  cRLSign?: boolean;
}

/** The issuing side: the CA certificate (DER) and its private key. */
export interface Issuer {
  certDer: Buffer;
  privateKey: KeyObject;
}

export interface IssueRequest {
  subject: DistinguishedName;
  /** The subject's public key. */
  publicKey: KeyObject;
  profile: CertProfile;
  notBefore: Date;
  notAfter: Date;
  /** Omit for a self-signed certificate (root): then `privateKey` must be the subject's own. */
  issuer?: Issuer;
  /** Private key of a self-signed certificate. */
  privateKey?: KeyObject;
  /** CRL distribution point URL (end entities only). */
  crlUrl?: string;
  /** Defaults to 16 random bytes. */
  serial?: Buffer;
  /** tls-server: host names and IP addresses for subjectAltName (at least one). */
  dnsNames?: string[];
  ipAddresses?: string[];
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  serialHex: string;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(spkiDer: Uint8Array): Buffer {
  return crypto.createHash('sha1').update(spkiPublicKeyBits(spkiDer)).digest();
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  const parts: Asn1[] = [oid(id)];
  if (critical) parts.push(bool(true));
  parts.push(octetString(asn1ToDer(value)));
  return seq(...parts);
}

function keyUsageBits(f: KeyUsageFlags): Asn1 {
  // Bit 0 is the most significant bit of the first octet (X.509 KeyUsage order).
  const order: (keyof KeyUsageFlags)[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment'];
  let byte = 0;
  let last = -1;
  order.forEach((k, i) => {
    if (f[k]) {
      byte |= 0x80 >> i;
      last = Math.max(last, i);
    }
  });
  if (f.keyCertSign) {
    byte |= 0x80 >> 5;
    last = Math.max(last, 5);
  }
  if (f.cRLSign) {
    byte |= 0x80 >> 6;
    last = Math.max(last, 6);
  }
  if (last < 0) throw new Error('keyUsage 不能为空 (keyUsage must set at least one bit)');
  const unused = 7 - last;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, String.fromCharCode(unused, byte));
}

function basicConstraints(ca: boolean): Asn1 {
  return ca ? seq(bool(true)) : seq();
}

function extKeyUsage(oids: string[]): Asn1 {
  return seq(...oids.map(oid));
}

function crlDistributionPoint(url: string): Asn1 {
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { [6] URI } } }
  const uri = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url);
  const fullName = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [uri]);
  const dpName = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [fullName]);
  return seq(seq(dpName));
}

function authorityKeyIdentifier(keyId: Buffer): Asn1 {
  return seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyId.toString('binary')));
}

function extensionsFor(req: IssueRequest, subjectKeyId: Buffer, authorityKeyId: Buffer): Asn1[] {
  const exts: Asn1[] = [];
  switch (req.profile) {
    case 'root-ca':
      exts.push(extension(OID.basicConstraints, true, basicConstraints(true)));
      exts.push(extension(OID.keyUsage, true, keyUsageBits({ keyCertSign: true, cRLSign: true })));
      break;
    case 'tsa':
      // RFC 3161 §2.3: the TSA certificate has exactly one EKU, timeStamping, critical.
      exts.push(extension(OID.basicConstraints, true, basicConstraints(false)));
      exts.push(extension(OID.keyUsage, true, keyUsageBits({ digitalSignature: true, nonRepudiation: true })));
      exts.push(extension(OID.extKeyUsage, true, extKeyUsage([OID.kpTimeStamping])));
      break;
    case 'signing':
      // PDF signing (clerks, seals): NSS (pdfsig) checks "email signer" usage and openssl
      // cms -verify the smimesign purpose; both accept an EKU only if it includes
      // emailProtection. documentSigning (RFC 9336) states the real purpose.
      exts.push(extension(OID.basicConstraints, true, basicConstraints(false)));
      exts.push(extension(OID.keyUsage, true, keyUsageBits({ digitalSignature: true, nonRepudiation: true })));
      exts.push(extension(OID.extKeyUsage, false, extKeyUsage([OID.kpEmailProtection, OID.kpDocumentSigning])));
      break;
    case 'device':
      exts.push(extension(OID.basicConstraints, true, basicConstraints(false)));
      exts.push(extension(OID.keyUsage, true, keyUsageBits({ digitalSignature: true })));
      exts.push(extension(OID.extKeyUsage, false, extKeyUsage([OID.kpClientAuth])));
      break;
    case 'tls-server':
      exts.push(extension(OID.basicConstraints, true, basicConstraints(false)));
      // RSA key exchange needs keyEncipherment; (EC)DHE suites need only digitalSignature.
      exts.push(extension(OID.keyUsage, true, keyUsageBits({ digitalSignature: true, keyEncipherment: req.publicKey.asymmetricKeyType === 'rsa' })));
      exts.push(extension(OID.extKeyUsage, false, extKeyUsage([OID.kpServerAuth])));
      exts.push(extension(OID.subjectAltName, false, subjectAltName(req.dnsNames ?? [], req.ipAddresses ?? [])));
      break;
  }
  exts.push(extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyId)));
  exts.push(extension(OID.authorityKeyIdentifier, false, authorityKeyIdentifier(authorityKeyId)));
  if (req.crlUrl !== undefined && req.profile !== 'root-ca') {
    exts.push(extension(OID.cRLDistributionPoints, false, crlDistributionPoint(req.crlUrl)));
  }
  return exts;
}

function checkRequest(req: IssueRequest): void {
  if (!(req.notBefore instanceof Date) || Number.isNaN(req.notBefore.getTime())) {
    throw new Error('notBefore 不是有效日期 (notBefore is not a valid date)');
  }
  if (!(req.notAfter instanceof Date) || Number.isNaN(req.notAfter.getTime())) {
    throw new Error('notAfter 不是有效日期 (notAfter is not a valid date)');
  }
  if (req.notAfter.getTime() <= req.notBefore.getTime()) {
    throw new Error('notAfter 必须晚于 notBefore (notAfter must be after notBefore)');
  }
  if (req.crlUrl !== undefined && !/^https?:\/\/[\x21-\x7e]+$/.test(req.crlUrl)) {
    throw new Error('crlUrl 必须是 http(s) 地址且只含 ASCII 字符 (crlUrl must be an ASCII http(s) URL)');
  }
  if (!req.issuer && !req.privateKey) {
    throw new Error('自签名证书需要 privateKey (a self-signed certificate needs privateKey)');
  }
  if (req.profile === 'tls-server' && (req.dnsNames ?? []).length + (req.ipAddresses ?? []).length === 0) {
    throw new Error('tls-server 证书需要 dnsNames 或 ipAddresses (a server certificate needs subjectAltName entries)');
  }
  if (req.issuer && req.profile === 'root-ca') {
    throw new Error('root-ca 必须自签名 (the root-ca profile is self-signed only)');
  }
}

/** Issues one certificate. */
export function issueCertificate(req: IssueRequest): IssuedCertificate {
  checkRequest(req);
  const spkiDer = req.publicKey.export({ type: 'spki', format: 'der' });
  const subjectDer = nameToDer(req.subject);
  const subjectKeyId = keyIdentifier(spkiDer);

  let issuerDer: Buffer;
  let authorityKeyId: Buffer;
  let signingKey: KeyObject;
  if (req.issuer) {
    const ca = certificateFields(req.issuer.certDer);
    issuerDer = ca.subjectDer; // exact bytes of the CA's subject
    authorityKeyId = keyIdentifier(ca.spkiDer);
    signingKey = req.issuer.privateKey;
    const caPublic = crypto.createPublicKey({ key: ca.spkiDer, format: 'der', type: 'spki' });
    const mine = crypto.createPublicKey(signingKey).export({ type: 'spki', format: 'der' });
    if (!mine.equals(caPublic.export({ type: 'spki', format: 'der' }))) {
      throw new Error('issuer.privateKey 与签发者证书不匹配 (issuer.privateKey does not match issuer.certDer)');
    }
    if (req.notAfter.getTime() > ca.notAfter.getTime()) {
      throw new Error('证书有效期不能超过签发者证书 (notAfter must not be later than the issuer certificate notAfter)');
    }
  } else {
    issuerDer = subjectDer;
    authorityKeyId = subjectKeyId;
    signingKey = req.privateKey as KeyObject;
  }

  const algorithm = signatureAlgorithmFor(signingKey);
  const serial = req.serial ?? randomSerial();
  const tbs = seq(
    contextExplicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    algorithm,
    derToAsn1(issuerDer),
    seq(time(req.notBefore), time(req.notAfter)),
    derToAsn1(subjectDer),
    derToAsn1(spkiDer),
    contextExplicit(3, seq(...extensionsFor(req, subjectKeyId, authorityKeyId))),
  );
  const tbsDer = asn1ToDer(tbs);
  const { signature, algorithm: sigAlg } = signWithKey(tbsDer, signingKey);
  const der = asn1ToDer(seq(derToAsn1(tbsDer), sigAlg, bitString(signature)));

  // Defensive: the issuer in the result is byte-identical to what we meant to put there.
  const fields = certificateFields(der);
  if (!fields.issuerDer.equals(issuerDer) || !fields.subjectDer.equals(subjectDer)) {
    throw new Error('内部错误：证书名称编码不一致 (internal error: name bytes changed while encoding)');
  }
  return { der, pem: new crypto.X509Certificate(der).toString(), serialHex: fields.serialHex };
}

/** Certificates in PEM (one block per certificate, in the given order). */
export function certificatesToPem(ders: Buffer[]): string {
  return ders.map((d) => new crypto.X509Certificate(d).toString()).join('');
}
