/**
 * Certificates for sync, issued by the province root: device certificates (clientAuth;
 * the holder signs sync requests and records) and the center's TLS server certificate
 * (serverAuth, with subjectAltName DNS names and IP addresses). The PKI's one issuer
 * (src-node/pki/certs.ts, profiles 'device' and 'tls-server') builds them; this module
 * adds what sync identifies a certificate by: the SHA-256 of its DER.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { issueCertificate, OID, type Issuer } from '../pki/certs';
import { validateName, type DistinguishedName } from '../pki/names';

export const SYNC_OID = {
  kpServerAuth: OID.kpServerAuth,
  kpClientAuth: OID.kpClientAuth,
  subjectAltName: OID.subjectAltName,
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

export function issueSyncCertificate(req: SyncCertRequest): IssuedSyncCertificate {
  validateName(req.subject);
  const cert = issueCertificate(req);
  const serialHex = new crypto.X509Certificate(cert.der).serialNumber.toUpperCase();
  return { der: cert.der, pem: cert.pem, serialHex, sha256: crypto.createHash('sha256').update(cert.der).digest('hex') };
}

/** SHA-256 of a certificate's DER (PEM or DER in), lower-case hex. */
export function certSha256(cert: string | Uint8Array): string {
  const x = new crypto.X509Certificate(cert);
  return crypto.createHash('sha256').update(x.raw).digest('hex');
}
