/**
 * Small DER helpers on top of node-forge's ASN.1 codec.
 *
 * forge works on "binary strings" (one char per byte); everything public in this folder
 * uses Buffers. The certificate field extractor returns the EXACT bytes of the names as
 * they appear in the certificate — never a re-encoding. That is the workaround for
 * node-forge issue #847: forge parses UTF8String name values into raw UTF-8 byte strings
 * and, when it serialises a parsed name again (pkcs7 issuerAndSerialNumber, setIssuer of
 * a parsed CA subject), UTF-8-encodes those bytes a second time. Anything that needs an
 * issuer or subject Name (issuing, CMS signer identification, CRLs) must splice these
 * exact bytes instead of going through forge's attribute objects.
 */
import forge from 'node-forge';

const { asn1 } = forge;
export type Asn1 = forge.asn1.Asn1;

export function toBinary(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('binary');
}

export function fromBinary(s: string): Buffer {
  return Buffer.from(s, 'binary');
}

export function asn1ToDer(node: Asn1): Buffer {
  return fromBinary(asn1.toDer(node).getBytes());
}

export function derToAsn1(der: Uint8Array): Asn1 {
  // decodeBitStrings:false keeps BIT STRING contents opaque so re-encoding is verbatim.
  const fromDer = asn1.fromDer as unknown as (bytes: string, options: object) => Asn1;
  return fromDer(toBinary(der), { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

export function seq(...children: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children);
}

export function set(...children: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children);
}

export function oid(dotted: string): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
}

export function nullValue(): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
}

export function bool(v: boolean): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BOOLEAN, false, String.fromCharCode(v ? 0xff : 0x00));
}

export function octetString(bytes: Uint8Array): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(bytes));
}

/** BIT STRING with no unused bits (signatures, public keys). */
export function bitString(bytes: Uint8Array): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x00' + toBinary(bytes));
}

/** INTEGER from unsigned big-endian bytes, minimal DER (adds a 0x00 when the top bit is set). */
export function unsignedInteger(bytes: Uint8Array): Asn1 {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if ((b[0] ?? 0) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, toBinary(b));
}

export function smallInteger(n: number): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
}

export function contextExplicit(tag: number, child: Asn1): Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [child]);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. Seconds precision. */
export function time(date: Date): Asn1 {
  const d = new Date(Math.floor(date.getTime() / 1000) * 1000);
  if (d.getUTCFullYear() < 2050 && d.getUTCFullYear() >= 1950) {
    return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(d));
  }
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
}

function readTime(node: Asn1): Date {
  const v = node.value as string;
  return node.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(v) : asn1.generalizedTimeToDate(v);
}

function child(node: Asn1, i: number, what: string): Asn1 {
  const c = Array.isArray(node.value) ? node.value[i] : undefined;
  if (!c) throw new Error(`证书结构不完整：缺少 ${what} (malformed certificate: missing ${what})`);
  return c;
}

/** The fields of an X.509 certificate, names as their exact DER bytes. */
export interface CertificateFields {
  /** The whole TBSCertificate, exactly as signed. */
  tbsDer: Buffer;
  /** Serial number as lower-case hex of the INTEGER content octets (as openssl prints it, without colons). */
  serialHex: string;
  /** The serial INTEGER's content octets (for issuerAndSerialNumber). */
  serialBytes: Buffer;
  issuerDer: Buffer;
  subjectDer: Buffer;
  spkiDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

/** Splits a DER certificate into its fields without re-encoding any of them. */
export function certificateFields(certDer: Uint8Array): CertificateFields {
  const cert = derToAsn1(certDer);
  const tbs = child(cert, 0, 'tbsCertificate');
  const tbsChildren = tbs.value as Asn1[];
  // version [0] is optional (v1 certificates omit it).
  const off = tbsChildren[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = child(tbs, off, 'serialNumber');
  const validity = child(tbs, off + 3, 'validity');
  const sigAlg = child(cert, 1, 'signatureAlgorithm');
  const sig = child(cert, 2, 'signatureValue');
  const serialBytes = fromBinary(serial.value as string);
  return {
    tbsDer: asn1ToDer(tbs),
    serialHex: serialBytes.toString('hex'),
    serialBytes,
    issuerDer: asn1ToDer(child(tbs, off + 2, 'issuer')),
    subjectDer: asn1ToDer(child(tbs, off + 4, 'subject')),
    spkiDer: asn1ToDer(child(tbs, off + 5, 'subjectPublicKeyInfo')),
    notBefore: readTime(child(validity, 0, 'notBefore')),
    notAfter: readTime(child(validity, 1, 'notAfter')),
    signatureAlgorithmOid: asn1.derToOid(child(sigAlg, 0, 'algorithm').value as string),
    signature: fromBinary((sig.value as string).slice(1)),
  };
}

/** The subjectPublicKey BIT STRING contents of a SubjectPublicKeyInfo (for key identifiers). */
export function spkiPublicKeyBits(spkiDer: Uint8Array): Buffer {
  const spki = derToAsn1(spkiDer);
  const bits = child(spki, 1, 'subjectPublicKey');
  return fromBinary((bits.value as string).slice(1));
}

export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** All PEM blocks with the given label, decoded. */
export function pemDecodeAll(label: string, pem: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

/**
 * CMS IssuerAndSerialNumber for a certificate, built from its exact issuer and serial bytes.
 * node-forge's pkcs7 writes this from parsed attributes and double-encodes UTF-8 issuer names
 * (forge #847: openssl then reports "signer certificate not found"); replace the
 * issuerAndSerialNumber of each SignerInfo in forge's output with this.
 */
export function issuerAndSerialNumber(certDer: Uint8Array): Asn1 {
  const f = certificateFields(certDer);
  return seq(derToAsn1(f.issuerDer), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, toBinary(f.serialBytes)));
}
