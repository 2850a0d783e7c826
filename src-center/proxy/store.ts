/**
 * Proxy authorisations at the center (帮办代办, rule 13): create with every reference
 * checked (the window, the target region, each item implemented there), list, revoke
 * (never delete), and a window's current ones for its devices. Contract:
 * src-shared/protocol/proxy.ts.
 */
import crypto from 'node:crypto';
import {
  type CreateProxyAuthorisationRequest,
  type DeviceProxyAuthorisations,
  type ProxyAuthorisation,
  type ProxyAuthorisationQuery,
  type RevokeProxyAuthorisationRequest,
  shanghaiDate,
} from '../../src-shared/protocol/proxy';
import { HttpError } from '../http/errors';
import type { Db, Store } from '../store/index';

interface AuthRow {
  id: string;
  window_id: string;
  window_name: string;
  window_region: string;
  region_code: string;
  region_name: string;
  item_codes: unknown;
  valid_from: string;
  valid_to: string;
  created_by: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  [k: string]: unknown;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const jsonArray = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[]));

/** Rows as the contract's ProxyAuthorisation. Dates come out as text: no time zone on the way. */
export const AUTH_SELECT = `
SELECT a.id::text AS id, a.window_id, w.name AS window_name, w.region_code AS window_region,
       a.region_code, r.name AS region_name, a.item_codes,
       a.valid_from::text AS valid_from, a.valid_to::text AS valid_to,
       a.created_by, a.created_at, a.revoked_at, a.revoked_by, a.revoke_reason
  FROM proxy_authorisations a
  JOIN windows w ON w.id = a.window_id
  JOIN regions r ON r.code = a.region_code`;

export function toAuthorisation(r: AuthRow): ProxyAuthorisation {
  return {
    id: r.id,
    windowId: r.window_id,
    windowName: r.window_name,
    windowRegionCode: r.window_region.trim(),
    regionCode: r.region_code.trim(),
    regionName: r.region_name,
    itemCodes: jsonArray(r.item_codes),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
  };
}

/** The authorisations of a window for one target region, locked against a concurrent revocation. */
export async function authorisationsFor(tx: Db, windowId: string, regionCode: string): Promise<ProxyAuthorisation[]> {
  const rows = await tx.query<AuthRow>(`${AUTH_SELECT} WHERE a.window_id = $1 AND a.region_code = $2 ORDER BY a.valid_from, a.id FOR SHARE OF a`, [
    windowId,
    regionCode,
  ]);
  return rows.map(toAuthorisation);
}

const bad = (code: string, field: string, message: string) => new HttpError(400, code, message, field);

export class ProxyStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  private get db(): Db {
    return this.store.db;
  }

  async get(id: string): Promise<ProxyAuthorisation | null> {
    const [row] = await this.db.query<AuthRow>(`${AUTH_SELECT} WHERE a.id = $1`, [id]);
    return row ? toAuthorisation(row) : null;
  }

  /** Creates an authorisation; every reference is checked and a failure names its field. */
  async create(req: CreateProxyAuthorisationRequest): Promise<ProxyAuthorisation> {
    const [win] = await this.db.query<{ region_code: string; active: boolean }>('SELECT region_code, active FROM windows WHERE id = $1', [req.windowId]);
    if (!win) throw bad('window_not_found', 'windowId', `请求体字段 windowId 不合法：窗口 ${req.windowId} 不存在 (windowId: unknown window)`);
    if (!win.active) throw bad('window_inactive', 'windowId', `请求体字段 windowId 不合法：窗口 ${req.windowId} 已停用 (windowId: window inactive)`);
    const [region] = await this.db.query<{ name: string }>('SELECT name FROM regions WHERE code = $1', [req.regionCode]);
    if (!region)
      throw bad('region_not_found', 'regionCode', `请求体字段 regionCode 不合法：行政区划 ${req.regionCode} 不在本省区划中 (regionCode: unknown region)`);
    const own = (await this.store.regionChain(win.region_code.trim())) ?? [win.region_code.trim()];
    if (own.includes(req.regionCode))
      throw bad(
        'region_in_scope',
        'regionCode',
        `请求体字段 regionCode 不合法：${region.name}（${req.regionCode}）的事项本窗口无需授权即可受理，代办授权只用于其他地区 (regionCode: already in the window's own scope)`,
      );
    const found = await this.db.query<{ item_code: string; name: string; implemented: boolean }>(
      `SELECT i.item_code, i.name,
              EXISTS (SELECT 1 FROM implementations im WHERE im.item_code = i.item_code AND im.region_code = $2 AND im.status = 'active') AS implemented
         FROM items i WHERE i.item_code = ANY($1::text[])`,
      [req.itemCodes, req.regionCode],
    );
    const byCode = new Map(found.map((f) => [f.item_code.trim(), f]));
    for (const [i, code] of req.itemCodes.entries()) {
      const f = byCode.get(code);
      if (!f) throw bad('item_not_found', `itemCodes.${i}`, `请求体字段 itemCodes.${i} 不合法：事项编码 ${code} 不在省级事项目录中 (itemCodes.${i}: unknown item)`);
      if (!f.implemented)
        throw bad(
          'item_not_implemented',
          `itemCodes.${i}`,
          `请求体字段 itemCodes.${i} 不合法：事项「${f.name}」（${code}）在${region.name}（${req.regionCode}）没有实施清单，不能代办 (itemCodes.${i}: not implemented in the target region)`,
        );
    }
    const id = crypto.randomUUID();
    await this.db.query(
      `INSERT INTO proxy_authorisations (id, window_id, region_code, item_codes, valid_from, valid_to, created_by)
       VALUES ($1, $2, $3, $4::jsonb, $5::date, $6::date, $7)`,
      [id, req.windowId, req.regionCode, JSON.stringify(req.itemCodes), req.validFrom, req.validTo, req.createdBy],
    );
    const made = await this.get(id);
    if (!made) throw new Error('proxy authorisation vanished');
    return made;
  }

  async list(q: ProxyAuthorisationQuery): Promise<ProxyAuthorisation[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.windowId) where.push(`a.window_id = $${params.push(q.windowId)}`);
    if (q.regionCode) where.push(`a.region_code = $${params.push(q.regionCode)}`);
    if (q.on) {
      const p = params.push(q.on);
      where.push(`a.revoked_at IS NULL AND a.valid_from <= $${p}::date AND a.valid_to >= $${p}::date`);
    }
    const rows = await this.db.query<AuthRow>(`${AUTH_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at, a.id`, params);
    return rows.map(toAuthorisation);
  }

  /** Revokes (once): acceptances received from now on are no longer covered. */
  async revoke(id: string, req: RevokeProxyAuthorisationRequest): Promise<ProxyAuthorisation> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE proxy_authorisations SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id, new Date(this.now()).toISOString(), req.revokedBy, req.reason],
    );
    const after = await this.get(id);
    if (!after) throw new HttpError(404, 'proxy_authorisation_not_found', `代办授权 ${id} 不存在 (id: unknown proxy authorisation)`, 'id');
    if (!rows.length)
      throw new HttpError(409, 'proxy_authorisation_revoked', `代办授权 ${id} 已于 ${after.revokedAt} 撤销，不能重复撤销 (already revoked)`, 'id');
    return after;
  }

  /** What a window's device is told: its authorisations not revoked and not yet ended. */
  async forDevice(device: { windowId: string; regionCode: string; itemRegions: string[] }): Promise<DeviceProxyAuthorisations> {
    const t = this.now();
    const today = shanghaiDate(t)!;
    const rows = await this.db.query<AuthRow>(`${AUTH_SELECT} WHERE a.window_id = $1 AND a.revoked_at IS NULL AND a.valid_to >= $2::date ORDER BY a.region_code, a.valid_from, a.id`, [
      device.windowId,
      today,
    ]);
    return {
      windowId: device.windowId,
      windowRegionCode: device.regionCode,
      ownRegions: device.itemRegions,
      today,
      serverTime: new Date(t).toISOString(),
      authorisations: rows.map(toAuthorisation),
    };
  }
}
