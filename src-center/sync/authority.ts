/**
 * The center's certificate authority for sync: the province root (from the PKI directory,
 * CENTER_PKI_DIR, default data/pki — the demo PKI is created there on first use) issues
 * the device certificates at enrollment and, at startup, the center's own TLS server
 * certificate (ECDSA P-256, subjectAltName 127.0.0.1, ::1, localhost and any names in
 * CENTER_SYNC_HOSTNAMES), so a window that trusts only the province root can reach it.
 *
 * Production: the root's private key belongs in an HSM at the province CA, not on the
 * center; there the CA signs device certificates through its own interface, and the server
 * certificate comes from the CA too. `SyncAuthority` is the seam for that.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensureDemoPki, findRole, parseCrl, readP12, type Issuer } from '../../src-node/pki';
import { issueSyncCertificate, type IssuedSyncCertificate } from '../../src-node/sync-auth';
import type { DistinguishedName } from '../../src-node/pki';

export interface SyncAuthority {
  /** The province root certificate, PEM (what windows trust). */
  readonly rootPem: string;
  readonly rootPublicKey: KeyObject;
  /** The center's TLS key and certificate chain (server certificate, PEM). */
  readonly tls: { key: string; cert: string };
  /** The province CRL: its number and revoked serials (upper-case hex). */
  readonly crl: { crlNumber: number; revokedSerials: string[] };
  issueDevice(subject: DistinguishedName, publicKey: KeyObject, validityDays?: number): IssuedSyncCertificate;
}

export interface AuthorityOptions {
  /** Host names and IP addresses the TLS certificate names, besides localhost, 127.0.0.1 and ::1. */
  hostnames?: readonly string[];
  crl?: { crlNumber: number; revokedSerials: string[] };
}

const DAY = 86_400_000;

/** An authority around a root issuer held in memory (tests, tools). */
export function createSyncAuthority(issuer: Issuer, opts: AuthorityOptions = {}): SyncAuthority {
  const rootX = new crypto.X509Certificate(issuer.certDer);
  const rootNotAfter = new Date(rootX.validTo);
  const clamp = (d: Date) => (d.getTime() > rootNotAfter.getTime() ? rootNotAfter : d);
  const now = Date.now();
  const serverKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const extra = (opts.hostnames ?? []).map((h) => h.trim()).filter(Boolean);
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  const server = issueSyncCertificate({
    profile: 'tls-server',
    subject: { C: 'CN', CN: '一窗受理省级中心同步服务' },
    publicKey: serverKeys.publicKey,
    issuer,
    notBefore: new Date(now - 10 * 60_000),
    notAfter: clamp(new Date(now + 90 * DAY)),
    dnsNames: ['localhost', ...extra.filter((h) => !isIp(h))],
    ipAddresses: ['127.0.0.1', '::1', ...extra.filter(isIp)],
  });
  return {
    rootPem: rootX.toString(),
    rootPublicKey: rootX.publicKey,
    tls: { key: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: server.pem },
    crl: opts.crl ?? { crlNumber: 0, revokedSerials: [] },
    issueDevice(subject, publicKey, validityDays = 730) {
      const t = Date.now();
      return issueSyncCertificate({
        profile: 'device',
        subject,
        publicKey,
        issuer,
        notBefore: new Date(t - 10 * 60_000),
        notAfter: clamp(new Date(t + validityDays * DAY)),
      });
    },
  };
}

/** The authority of a PKI directory (the demo PKI is created there when absent). */
export async function loadSyncAuthority(pkiDir: string, opts: Omit<AuthorityOptions, 'crl'> = {}): Promise<SyncAuthority> {
  const manifest = await ensureDemoPki(pkiDir);
  const rootEntry = findRole(manifest, 'root');
  const root = readP12(await fs.readFile(path.join(pkiDir, rootEntry.p12)), rootEntry.pin);
  const crl = parseCrl(await fs.readFile(path.join(pkiDir, manifest.crl.der)));
  return createSyncAuthority(
    { certDer: root.certificate, privateKey: root.privateKey },
    { ...opts, crl: { crlNumber: crl.crlNumber ?? manifest.crl.crlNumber, revokedSerials: crl.revoked.map((r) => r.serialHex.toUpperCase()) } },
  );
}
