/**
 * Certificates for sync, issued by the province root: device certificates (TLS client
 * auth usage; the holder signs sync requests and records) and the center's TLS server
 * certificate (serverAuth, with subjectAltName DNS names and IP addresses).
 *
 * The PKI's issueCertificate has fixed profiles (root-ca, tsa, signing) and no
 * subjectAltName; these two profiles are assembled here the same way (forge ASN.1 for
 * structure, node:crypto to sign, the issuer Name spliced in as the root's exact subject
 * bytes — see src-node/pki/der.ts on node-forge #847). Candidates to move into
 * src-node/pki as profiles 'device' and 'tls-server'.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { keyIdentifier, OID, type Issuer } from '../pki/certs';
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
  time,
  toBinary,
  unsignedInteger,
  type Asn1,
} from '../pki/der';
import { randomSerial, signatureAlgorithmFor, signWithKey } from '../pki/keys';
import { nameToDer, validateName, type DistinguishedName } from '../pki/names';

const { asn1 } = forge;

export const SYNC_OID = {
  kpServerAuth: '1.3.6.1.5.5.7.3.1',
  kpClientAuth: '1.3.6.1.5.5.7.3.2',
  subjectAltName: '2.5.29.17',
} as const;

export type SyncCertProfile = 'device' | 'tls-server';

export interface SyncCertRequest {
  profile: SyncCertProfile;
  subject: DistinguishedName;
  publicKey: KeyObject;
  issuer: Issuer;
  notBefore: Date;
  notAfter: Date;
  /** tls-server: DNS names and IP addresses for subjectAltName. */
  dnsNames?: string[];
  ipAddresses?: string[];
}

export interface IssuedSyncCertificate {
  der: Buffer;
  pem: string;
  /** Upper-case hex. */
  serialHex: string;
  sha256: string;
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  const parts: Asn1[] = [oid(id)];
  if (critical) parts.push(bool(true));
  parts.push(octetString(asn1ToDer(value)));
  return seq(...parts);
}

/** KeyUsage: digitalSignature (bit 0), plus keyEncipherment (bit 2) for RSA TLS servers. */
function keyUsage(keyEncipherment: boolean): Asn1 {
  const value = keyEncipherment ? String.fromCharCode(5, 0xa0) : String.fromCharCode(7, 0x80);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, value);
}

function ipBytes(ip: string): Buffer {
  const v = isIP(ip);
  if (v === 4) return Buffer.from(ip.split('.').map(Number));
  if (v === 6) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const fill = ip.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
    return Buffer.from([...h, ...fill, ...t].flatMap((g) => { const n = parseInt(g || '0', 16); return [n >> 8, n & 0xff]; }));
  }
  throw new Error(`ipAddresses: "${ip}" 不是 IP 地址 (not an IP address)`);
}

function subjectAltName(dnsNames: string[], ips: string[]): Asn1 {
  const names: Asn1[] = [];
  for (const d of dnsNames) {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(d)) throw new Error(`dnsNames: "${d}" 不是有效的主机名 (not a host name)`);
    names.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, d));
  }
  for (const ip of ips) names.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, toBinary(ipBytes(ip))));
  return seq(...names);
}

export function issueSyncCertificate(req: SyncCertRequest): IssuedSyncCertificate {
  validateName(req.subject);
  if (!(req.notAfter.getTime() > req.notBefore.getTime())) throw new Error('notAfter 必须晚于 notBefore (notAfter must be after notBefore)');
  const ca = certificateFields(req.issuer.certDer);
  if (req.notAfter.getTime() > ca.notAfter.getTime())
    throw new Error('证书有效期不能超过根证书 (notAfter must not be later than the issuer certificate notAfter)');
  const spkiDer = req.publicKey.export({ type: 'spki', format: 'der' });
  const exts: Asn1[] = [extension(OID.basicConstraints, true, seq())];
  if (req.profile === 'device') {
    exts.push(extension(OID.keyUsage, true, keyUsage(false)));
    exts.push(extension(OID.extKeyUsage, false, seq(oid(SYNC_OID.kpClientAuth))));
  } else {
    const dns = req.dnsNames ?? [];
    const ips = req.ipAddresses ?? [];
    if (dns.length + ips.length === 0) throw new Error('tls-server 证书需要 dnsNames 或 ipAddresses (a server certificate needs subjectAltName entries)');
    exts.push(extension(OID.keyUsage, true, keyUsage(req.publicKey.asymmetricKeyType === 'rsa')));
    exts.push(extension(OID.extKeyUsage, false, seq(oid(SYNC_OID.kpServerAuth))));
    exts.push(extension(SYNC_OID.subjectAltName, false, subjectAltName(dns, ips)));
  }
  exts.push(extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spkiDer))));
  exts.push(extension(OID.authorityKeyIdentifier, false, seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyIdentifier(ca.spkiDer).toString('binary')))));

  const tbs = seq(
    contextExplicit(0, smallInteger(2)),
    unsignedInteger(randomSerial()),
    signatureAlgorithmFor(req.issuer.privateKey),
    derToAsn1(ca.subjectDer),
    seq(time(req.notBefore), time(req.notAfter)),
    derToAsn1(nameToDer(req.subject)),
    derToAsn1(spkiDer),
    contextExplicit(3, seq(...exts)),
  );
  const tbsDer = asn1ToDer(tbs);
  const { signature, algorithm } = signWithKey(tbsDer, req.issuer.privateKey);
  const der = asn1ToDer(seq(derToAsn1(tbsDer), algorithm, bitString(signature)));
  const x = new crypto.X509Certificate(der);
  return { der, pem: x.toString(), serialHex: x.serialNumber.toUpperCase(), sha256: crypto.createHash('sha256').update(der).digest('hex') };
}

/** SHA-256 of a certificate's DER (PEM or DER in), lower-case hex. */
export function certSha256(cert: string | Uint8Array): string {
  const x = new crypto.X509Certificate(cert);
  return crypto.createHash('sha256').update(x.raw).digest('hex');
}
