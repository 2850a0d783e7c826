/**
 * Devices: one-time enrollment codes, enrollment (CSR → device certificate bound to the
 * window and its county), revocation, and the verification of every signed request
 * (certificate lookup, replay nonces in the shared database, clock skew).
 *
 * Stateless across processes: everything that decides an answer is in the database;
 * the in-memory caches hold only what never changes (a certificate's public key, a
 * region's ancestors).
 */
import crypto, { type KeyObject } from 'node:crypto';
import { verifyCsr, CsrError, verifySignedRequest, type IncomingSigned, type KnownCertificate, type VerifyResult } from '../../src-node/sync-auth';
import type { DeviceStatus, EnrollRequest, EnrollmentCodeResponse } from '../../src-shared/protocol/sync';
import type { Db, Store } from '../store/index';
import type { SyncAuthority } from './authority';
import { HttpError } from './errors';

/** What the center knows about the device behind a verified request. */
export interface SyncDevice {
  deviceId: string;
  windowId: string;
  /** The window's county: the device's scope for cases. */
  regionCode: string;
  /** The county and its ancestors: regions whose implementations the device may accept for. */
  itemRegions: string[];
  role: 'window';
  certSha256: string;
  publicKey: KeyObject;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[crypto.randomInt(32)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

const codeHash = (code: string) => crypto.createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

interface CertRow {
  cert_sha256: string;
  device_id: string;
  serial: string;
  cert_pem: string;
  not_before: Date | string;
  not_after: Date | string;
  status: 'active' | 'revoked' | 'superseded';
  window_id: string;
  region_code: string;
  role: 'window';
  [k: string]: unknown;
}

export class DeviceRegistry {
  private readonly keys = new Map<string, KeyObject | null>();
  private readonly chains = new Map<string, string[]>();
  private lastNoncePurge = 0;

  constructor(
    private readonly store: Store,
    private readonly authority: SyncAuthority,
    private readonly now: () => number = Date.now,
  ) {}

  private get db(): Db {
    return this.store.db;
  }

  /** The region and its ancestors (cached: the region tree does not change while running). */
  async itemRegions(regionCode: string): Promise<string[]> {
    let chain = this.chains.get(regionCode);
    if (!chain) {
      chain = (await this.store.regionChain(regionCode)) ?? [regionCode];
      this.chains.set(regionCode, chain);
    }
    return chain;
  }

  async createEnrollmentCode(windowId: string, ttlMinutes = 24 * 60): Promise<EnrollmentCodeResponse> {
    const win = await this.store.window(windowId);
    if (!win) throw new HttpError(404, 'window_not_found', `窗口 ${windowId} 不存在或已停用 (windowId: unknown window)`, 'windowId');
    const code = newEnrollmentCode();
    const expiresAt = new Date(this.now() + ttlMinutes * 60_000);
    await this.db.query('INSERT INTO sync_enrollment_codes (code_sha256, window_id, region_code, expires_at) VALUES ($1, $2, $3, $4)', [
      codeHash(code),
      win.id,
      win.regionCode,
      expiresAt.toISOString(),
    ]);
    return { code, windowId: win.id, regionCode: win.regionCode, expiresAt: expiresAt.toISOString() };
  }

  /** Enrolls a device: consumes the code, issues a certificate bound to the code's window. */
  async enroll(req: EnrollRequest): Promise<DeviceStatus> {
    let csr: ReturnType<typeof verifyCsr>;
    try {
      csr = verifyCsr(req.csrPem);
    } catch (e) {
      if (e instanceof CsrError) throw new HttpError(400, 'invalid_csr', e.message, 'csrPem');
      throw e;
    }
    const province = await this.provinceName();
    const certSha = await this.db.transaction(async (tx) => {
      const [code] = await tx.query<{ window_id: string; region_code: string; used_at: unknown; expired: boolean }>(
        'SELECT window_id, region_code, used_at, expires_at <= $2 AS expired FROM sync_enrollment_codes WHERE code_sha256 = $1 FOR UPDATE',
        [codeHash(req.code), new Date(this.now()).toISOString()],
      );
      if (!code) throw new HttpError(403, 'enrollment_code_invalid', '登记码无效：请核对或向中心管理员重新申请 (unknown enrollment code)', 'code');
      if (code.used_at) throw new HttpError(403, 'enrollment_code_used', '登记码已使用过，每个登记码只能使用一次 (enrollment code already used)', 'code');
      if (code.expired) throw new HttpError(403, 'enrollment_code_expired', '登记码已过期，请向中心管理员重新申请 (enrollment code expired)', 'code');
      if (code.window_id !== req.windowId)
        throw new HttpError(403, 'enrollment_window_mismatch', `登记码是为窗口 ${code.window_id} 签发的，不能用于窗口 ${req.windowId} (code issued for another window)`, 'windowId');
      // (inside the transaction: on PGlite the store's own queries would wait for it to end)
      const [w] = await tx.query<{ id: string; name: string; region_code: string; center_name: string }>(
        'SELECT id, name, region_code, center_name FROM windows WHERE id = $1 AND active',
        [code.window_id],
      );
      const win = w ? { id: w.id, name: w.name, regionCode: w.region_code.trim(), centerName: w.center_name } : null;
      if (!win) throw new HttpError(403, 'window_not_found', `窗口 ${code.window_id} 已停用 (window inactive)`, 'windowId');
      const [existing] = await tx.query<{ window_id: string }>('SELECT window_id FROM sync_devices WHERE device_id = $1 FOR UPDATE', [req.deviceId]);
      if (existing && existing.window_id !== code.window_id)
        throw new HttpError(409, 'device_id_taken', `设备编号 ${req.deviceId} 已登记在其他窗口，请联系中心管理员 (deviceId already enrolled for another window)`, 'deviceId');
      if (existing) {
        await tx.query(`UPDATE sync_device_certs SET status = 'superseded' WHERE device_id = $1 AND status = 'active'`, [req.deviceId]);
      } else {
        await tx.query('INSERT INTO sync_devices (device_id, window_id, region_code) VALUES ($1, $2, $3)', [req.deviceId, win.id, win.regionCode]);
      }
      const cut = (s: string, n: number) => [...s].slice(0, n).join('');
      const cert = this.authority.issueDevice(
        { C: 'CN', ST: province, L: win.regionCode, O: cut(win.centerName, 64), OU: cut(win.name, 64), CN: `一窗受理设备 ${req.deviceId}`, serialNumber: req.deviceId },
        csr.publicKey,
      );
      const x = new crypto.X509Certificate(cert.der);
      await tx.query(
        'INSERT INTO sync_device_certs (cert_sha256, device_id, serial, cert_pem, not_before, not_after) VALUES ($1, $2, $3, $4, $5, $6)',
        [cert.sha256, req.deviceId, cert.serialHex, cert.pem, new Date(x.validFrom).toISOString(), new Date(x.validTo).toISOString()],
      );
      await tx.query('UPDATE sync_enrollment_codes SET used_at = now(), used_by = $2 WHERE code_sha256 = $1', [codeHash(req.code), req.deviceId]);
      return cert.sha256;
    });
    const status = await this.status(certSha);
    if (!status) throw new Error('enroll: certificate vanished');
    return status;
  }

  private provinceNameCache: string | undefined;
  private async provinceName(): Promise<string> {
    if (!this.provinceNameCache) {
      const code = await this.store.provinceCode();
      const [row] = await this.db.query<{ name: string }>('SELECT name FROM regions WHERE code = $1', [code]);
      this.provinceNameCache = row?.name ?? code;
    }
    return this.provinceNameCache;
  }

  private async certRow(certSha256: string): Promise<CertRow | null> {
    const [row] = await this.db.query<CertRow>(
      `SELECT c.cert_sha256, c.device_id, c.serial, c.cert_pem, c.not_before, c.not_after, c.status, d.window_id, d.region_code, d.role
         FROM sync_device_certs c JOIN sync_devices d ON d.device_id = c.device_id
        WHERE c.cert_sha256 = $1`,
      [certSha256],
    );
    return row ?? null;
  }

  /** The public key of a certificate this center issued (checked against the root once). */
  private publicKey(row: CertRow): KeyObject | null {
    if (!this.keys.has(row.cert_sha256)) {
      const x = new crypto.X509Certificate(row.cert_pem);
      this.keys.set(row.cert_sha256, x.verify(this.authority.rootPublicKey) ? x.publicKey : null);
    }
    return this.keys.get(row.cert_sha256) ?? null;
  }

  async status(certSha256: string): Promise<DeviceStatus | null> {
    const row = await this.certRow(certSha256);
    if (!row) return null;
    return {
      deviceId: row.device_id.trim(),
      windowId: row.window_id,
      regionCode: row.region_code.trim(),
      itemRegions: await this.itemRegions(row.region_code.trim()),
      role: row.role,
      certificatePem: row.cert_pem,
      certSha256: row.cert_sha256,
      serial: row.serial,
      notBefore: iso(row.not_before),
      notAfter: iso(row.not_after),
      status: this.authority.crl.revokedSerials.includes(row.serial) ? 'revoked' : row.status,
      serverTime: new Date(this.now()).toISOString(),
    };
  }

  /** Revokes every certificate of a device; its next request is refused (403). */
  async revoke(deviceId: string): Promise<number> {
    const rows = await this.db.query<{ serial: string }>(
      `UPDATE sync_device_certs SET status = 'revoked', revoked_at = now() WHERE device_id = $1 AND status <> 'revoked' RETURNING serial`,
      [deviceId],
    );
    if (rows.length) await this.publishCrl();
    return rows.length;
  }

  /** Puts the current revocation list (province CRL + revoked device certificates) into the change log if it changed. */
  async publishCrl(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // One writer at a time, so two processes starting together do not both publish. The
      // list is read under the lock: read before it, two revocations at once could publish
      // the longer list first and the shorter one last — un-revoking a device at every window.
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [0x5943_4352]);
      const revoked = await tx.query<{ serial: string }>(`SELECT serial FROM sync_device_certs WHERE status = 'revoked' ORDER BY serial`);
      const serials = [...new Set([...this.authority.crl.revokedSerials, ...revoked.map((r) => r.serial)])].sort();
      const [last] = await tx.query<{ payload: { crlNumber: number; revokedSerials: string[] } }>(
        `SELECT payload FROM sync_changes WHERE kind = 'crl' ORDER BY txid DESC, id DESC LIMIT 1`,
      );
      const same = last && last.payload.crlNumber === this.authority.crl.crlNumber && JSON.stringify(last.payload.revokedSerials) === JSON.stringify(serials);
      if (!same)
        await tx.query(`INSERT INTO sync_changes (kind, payload) VALUES ('crl', $1::jsonb)`, [
          JSON.stringify({ crlNumber: this.authority.crl.crlNumber, revokedSerials: serials }),
        ]);
    });
  }

  /** Verifies a signed request; throws the HttpError to answer with, or returns the device. */
  async authenticate(req: IncomingSigned): Promise<SyncDevice> {
    let row: CertRow | null = null;
    const result: VerifyResult = await verifySignedRequest(req, {
      now: this.now,
      findCertificate: async (sha): Promise<KnownCertificate | null> => {
        row = await this.certRow(sha);
        if (!row) return null;
        const publicKey = this.publicKey(row);
        if (!publicKey) return null;
        const revokedByCrl = this.authority.crl.revokedSerials.includes(row.serial);
        return {
          deviceId: row.device_id.trim(),
          certSha256: row.cert_sha256,
          publicKey,
          status: revokedByCrl ? 'revoked' : row.status,
          notBefore: new Date(row.not_before as string),
          notAfter: new Date(row.not_after as string),
        };
      },
      rememberNonce: (deviceId, nonce, expiresAt) => this.rememberNonce(deviceId, nonce, expiresAt),
    });
    if (!result.ok) throw new HttpError(result.status, result.code, result.message, result.field);
    const r = row as CertRow | null;
    if (!r) throw new Error('authenticate: no certificate row');
    const regionCode = r.region_code.trim();
    return {
      deviceId: result.deviceId,
      windowId: r.window_id,
      regionCode,
      itemRegions: await this.itemRegions(regionCode),
      role: r.role,
      certSha256: r.cert_sha256,
      publicKey: result.certificate.publicKey,
    };
  }

  private async rememberNonce(deviceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const t = this.now();
    if (t - this.lastNoncePurge > 60_000) {
      this.lastNoncePurge = t;
      // Expired nonces can go: a request carrying one is outside the skew window anyway.
      await this.db.query('DELETE FROM sync_nonces WHERE expires_at < $1', [new Date(t - 60_000).toISOString()]);
    }
    // Without waiting for the WAL flush: every signed request writes a nonce, and a durable
    // commit per GET would dominate pull latency. The cost: after a crash of the database
    // server, nonces of its last moments may be forgotten, so a request captured then could be
    // replayed within its 5 minutes — pulls are reads and pushes are idempotent by record id.
    const rows = await this.db.transaction(async (tx) => {
      if (tx.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit TO OFF');
      return tx.query('INSERT INTO sync_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS ok', [
        deviceId,
        nonce,
        expiresAt.toISOString(),
      ]);
    });
    return rows.length === 1;
  }
}
