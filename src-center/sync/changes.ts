/**
 * Pull: the change log read by cursor, scoped to the device.
 *
 * The pitfall: a cursor over a plain sequence skips rows. Transaction A takes id 7,
 * transaction B takes id 8 and commits first; a reader sees 8, moves its cursor to 8, and
 * never sees 7 when A commits. Here every row carries the id of the transaction that
 * wrote it (xid8, pg_current_xact_id()) and the cursor is (txid, id); a pull returns only
 * rows whose transaction is older than the oldest transaction still running
 * (pg_snapshot_xmin of the statement's snapshot). Every such transaction has finished, so
 * all its rows are visible and none can appear later below the cursor; a slow transaction
 * holds rows after it back until it finishes instead of letting them be passed over. xid8
 * is 64-bit and never wraps.
 *
 * When a page comes back short, the cursor jumps to the newest row below that horizon
 * (whatever its scope), so a device does not re-scan other counties' rows on every pull.
 *
 * The horizon is cluster-wide: a long WRITING transaction anywhere on the PostgreSQL server
 * (read-only ones take no transaction id and do not count) delays what devices see until
 * it ends — delays, never loses. Keep batch jobs on the center's server short.
 *
 * PGlite: one connection, so transactions never overlap and commit in id order; the same
 * query is used and is trivially safe there.
 */
import type { Change, PullResponse } from '../../src-shared/protocol/sync';
import type { Db } from '../store/index';
import type { SyncDevice } from './registry';

export interface Cursor {
  txid: string;
  id: string;
}

export function parseCursor(s: string | undefined): Cursor {
  if (!s) return { txid: '0', id: '0' };
  const [txid = '0', id = '0'] = s.split('.');
  return { txid, id };
}

export const formatCursor = (c: Cursor): string => (c.txid === '0' && c.id === '0' ? '' : `${c.txid}.${c.id}`);

interface Row {
  txid: string | null;
  id: string | null;
  /** The change as JSON text, built by the database (see PULL_SQL). */
  change: string | null;
  hw_txid: string | null;
  hw_id: string | null;
  [k: string]: unknown;
}

/**
 * Each change comes back as JSON text built by the database itself — the stored payload
 * (written by push.ts and the triggers of migration 010) with position, time, kind and,
 * for case events and notices, the region — so the hot path of every device builds no
 * objects and runs no schema pass; every client validates what it receives with Change.
 */
const CHANGE_JSON = `(c.payload || jsonb_build_object(
    'position', c.txid::text || '.' || c.id::text,
    'at', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'kind', c.kind)
  || CASE WHEN c.kind IN ('case-event', 'notice') THEN jsonb_build_object('regionCode', c.region_code) ELSE '{}'::jsonb END)::text`;

const PULL_SQL = `
WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
page AS (
  (SELECT c.txid, c.id, ${CHANGE_JSON} AS change FROM sync_changes c, horizon h
    WHERE c.region_code = $3 AND (c.txid, c.id) > ($1::xid8, $2::bigint) AND c.txid < h.xmin
      AND (c.device_id IS NULL OR c.device_id = $4)
    ORDER BY c.txid, c.id LIMIT $5)
  UNION ALL
  (SELECT c.txid, c.id, ${CHANGE_JSON} AS change FROM sync_changes c, horizon h
    WHERE c.region_code IS NULL AND (c.txid, c.id) > ($1::xid8, $2::bigint) AND c.txid < h.xmin
      AND (c.device_id IS NULL OR c.device_id = $4)
    ORDER BY c.txid, c.id LIMIT $5)
),
hw AS (
  SELECT c.txid, c.id FROM sync_changes c, horizon h WHERE c.txid < h.xmin ORDER BY c.txid DESC, c.id DESC LIMIT 1
)
SELECT p.txid::text AS txid, p.id::text AS id, p.change, (SELECT txid::text FROM hw) AS hw_txid, (SELECT id::text FROM hw) AS hw_id
  FROM page p
UNION ALL
SELECT NULL, NULL, NULL, (SELECT txid::text FROM hw), (SELECT id::text FROM hw)`;

function compare(a: Cursor, b: Cursor): number {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = BigInt(a.id);
  const ib = BigInt(b.id);
  return ia === ib ? 0 : ia < ib ? -1 : 1;
}

export interface PullPage {
  /** Each change as JSON text (a Change). */
  changesJson: string[];
  cursor: string;
  more: boolean;
}

/** One page of changes for the device after `cursor`, as JSON text. */
export async function pullChangesJson(db: Db, device: Pick<SyncDevice, 'regionCode' | 'deviceId'>, cursorText: string | undefined, limit = 500): Promise<PullPage> {
  const cursor = parseCursor(cursorText);
  const rows = await db.query<Row>(PULL_SQL, [cursor.txid, cursor.id, device.regionCode, device.deviceId, limit]);
  const found = rows.filter((r): r is Row & { txid: string; id: string; change: string } => r.change !== null).sort((a, b) => compare(a, b));
  const data = found.slice(0, limit);
  const more = found.length >= limit;
  const hwRow = rows[0];
  let next: Cursor = data.length ? { txid: data[data.length - 1]!.txid, id: data[data.length - 1]!.id } : cursor;
  if (!more && hwRow?.hw_txid && hwRow.hw_id) {
    const hw = { txid: hwRow.hw_txid, id: hwRow.hw_id };
    if (compare(hw, next) > 0) next = hw;
  }
  return { changesJson: data.map((r) => r.change), cursor: formatCursor(next), more };
}

/** The same page as objects (tests, tools). */
export async function pullChanges(db: Db, device: Pick<SyncDevice, 'regionCode' | 'deviceId'>, cursorText: string | undefined, limit = 500): Promise<Omit<PullResponse, 'serverTime'>> {
  const page = await pullChangesJson(db, device, cursorText, limit);
  return { changes: page.changesJson.map((j) => JSON.parse(j) as Change), cursor: page.cursor, more: page.more };
}
