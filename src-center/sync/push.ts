/**
 * Applying pushed records. Each record is applied in its own transaction, in the order
 * given, and gets exactly one result:
 *
 *   accepted     applied now; the receipt (kept with the record) is returned
 *   duplicate    already held — the same record id with the same content, or the same
 *                event under another record id: the ORIGINAL receipt is returned
 *   rejected     code, field, Chinese message; nothing is stored, so a record the center
 *                refused can be sent again once the cause is fixed at the center (an item
 *                added to the catalog, a scope corrected) and is then judged afresh
 *   retry-later  missing blobs (listed), an earlier event of the case not yet here, or a
 *                transient database failure
 *
 * Unique constraints decide races between two center processes: record id, (device,
 * device sequence), (case, event seq) and case number. A transaction that loses a race
 * is run again and then finds the winner's row (→ duplicate or conflict).
 */
import { canonicalJson } from '../../src-shared/domain/canonical-json';
import { verifyChain } from '../../src-shared/domain/event-chain';
import { RegionCode } from '../../src-shared/domain/codes';
import { SyncRecord, type Receipt, type RecordResult, type RejectionCode, type RetryCode } from '../../src-shared/protocol/sync';
import { recordHash, sha256Hex, verifyRecord } from '../../src-node/sync-auth';
import { z } from 'zod';
import type { Db } from '../store/index';
import { inTxWithRetry, isRetryableDbError } from './errors';
import { checkProxyAcceptance } from './proxy-route';
import type { SyncDevice } from './registry';
import { onCaseEvent } from '../workflow/routing';
import { announceHandOver } from '../results/index';

/** What the first event of a case ("received") must say about the case. */
const ReceivedData = z.looseObject({
  caseNumber: z.string().min(1).max(50),
  windowId: z.string().min(1).max(64),
  windowRegionCode: RegionCode,
  item: z.looseObject({
    implementationCode: z.string().min(1).max(24),
    regionCode: RegionCode,
  }),
});

class Outcome extends Error {
  constructor(readonly result: RecordResult) {
    super(result.status);
  }
}

const reject = (id: string, code: RejectionCode, field: string | undefined, message: string): never => {
  throw new Outcome({ id, status: 'rejected', code, ...(field ? { field } : {}), message });
};
const retry = (id: string, code: RetryCode, message: string, missingBlobs?: string[]): never => {
  throw new Outcome({ id, status: 'retry-later', code, message, ...(missingBlobs ? { missingBlobs } : {}) });
};

interface RecordRow {
  id: string;
  record_hash: string;
  center_seq: string | number;
  received_at: Date | string;
  receipt_hash: string;
  [k: string]: unknown;
}

function receiptOf(r: RecordRow): Receipt {
  return {
    recordId: r.id,
    recordHash: r.record_hash,
    centerSeq: Number(r.center_seq),
    receivedAt: new Date(r.received_at as string).toISOString(),
    hash: r.receipt_hash,
  };
}

export function receiptHash(r: Omit<Receipt, 'hash'>): string {
  return sha256Hex(canonicalJson({ recordId: r.recordId, recordHash: r.recordHash, centerSeq: r.centerSeq, receivedAt: r.receivedAt }));
}

const CHAIN_FIELD: Record<string, string> = { shape: 'event', case: 'event.caseId', seq: 'event.seq', link: 'event.prevHash', hash: 'event.hash', head: 'event' };

/**
 * Applies the records of one push. Records of the same case are applied one after the
 * other in the order given; different cases proceed side by side on PostgreSQL (a few
 * connections of the pool), one at a time on PGlite. Results come back in request order.
 */
export async function applyPush(db: Db, device: SyncDevice, items: readonly { record: unknown; signature: string }[]): Promise<RecordResult[]> {
  const out: RecordResult[] = new Array(items.length);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const caseId = (item.record as { caseId?: unknown } | null)?.caseId;
    const key = typeof caseId === 'string' ? caseId : `#${i}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const queue = [...groups.values()];
  const lanes = db.kind === 'postgres' ? PUSH_LANES : 1;
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let g = queue.shift(); g; g = queue.shift()) for (const i of g) out[i] = await applyOne(db, device, items[i]!);
    }),
  );
  return out;
}

/** Cases applied side by side in one push on PostgreSQL (the pool holds 10 connections). */
export const PUSH_LANES = 4;

async function applyOne(db: Db, device: SyncDevice, item: { record: unknown; signature: string }): Promise<RecordResult> {
  const rawId = (item.record as { id?: unknown } | null)?.id;
  const idForError = typeof rawId === 'string' ? rawId.slice(0, 64) : '';
  try {
    const parsed = SyncRecord.safeParse(item.record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'record';
      reject(idForError, 'invalid_record', field, `记录字段 ${field} 不合法：${issue?.message ?? ''} (invalid record)`);
    }
    const record = parsed.data!;
    if (record.deviceId !== device.deviceId)
      reject(record.id, 'device_mismatch', 'deviceId', `记录属于设备 ${record.deviceId}，却由设备 ${device.deviceId} 发送 (record of another device)`);
    if (!verifyRecord(record, item.signature, device.publicKey))
      reject(record.id, 'bad_signature', 'signature', '记录签名验证失败：记录在签名后被改动，或不是本设备签名 (record signature does not verify)');
    const hash = recordHash(record);
    return await inTxWithRetry(db, (tx) => applyInTx(tx, device, record, item.signature, hash), Outcome);
  } catch (e) {
    if (e instanceof Outcome) return e.result;
    if (isRetryableDbError(e)) return { id: idForError, status: 'retry-later', code: 'busy', message: '中心繁忙，请稍后重试 (busy, retry later)' };
    throw e;
  }
}

async function applyInTx(tx: Db, device: SyncDevice, record: SyncRecord, signature: string, hash: string): Promise<RecordResult> {
  const id = record.id;
  // 1. The same record id: the original result, or a conflict. 2. The device sequence number is never reused.
  const held = await tx.query<RecordRow>(
    'SELECT id, record_hash, center_seq, received_at, receipt_hash FROM sync_records WHERE id = $1 OR (device_id = $2 AND device_seq = $3)',
    [id, record.deviceId, record.deviceSeq],
  );
  const same = held.find((r) => r.id === id);
  if (same) {
    if (same.record_hash === hash) return { id, status: 'duplicate', receipt: receiptOf(same) };
    reject(id, 'conflict', 'id', `记录 ${id} 已以不同内容提交过：同一记录编号不能对应两份内容 (same record id, different content)`);
  }
  const seqTaken = held.find((r) => r.id !== id);
  if (seqTaken)
    reject(id, 'seq_conflict', 'deviceSeq', `设备序号 ${record.deviceSeq} 已被记录 ${seqTaken.id} 使用 (device sequence already used by another record)`);
  if (record.windowId !== device.windowId)
    reject(id, 'window_mismatch', 'windowId', `记录属于窗口 ${record.windowId}，本设备登记在窗口 ${device.windowId} (record of another window)`);
  const event = record.event;
  if (event.caseId !== record.caseId) reject(id, 'invalid_record', 'event.caseId', '事件所属办件与记录的办件不一致 (event.caseId differs from caseId)');

  // 3. The case: in scope, and the event continues its chain.
  const [kase] = await tx.query<{ region_code: string; head_seq: number; head_hash: string; case_number: string; window_id: string }>(
    'SELECT region_code, head_seq, head_hash, case_number, window_id FROM sync_cases WHERE case_id = $1 FOR UPDATE',
    [record.caseId],
  );
  if (kase && kase.region_code.trim() !== device.regionCode)
    reject(id, 'out_of_scope', 'caseId', `办件属于行政区划 ${kase.region_code.trim()}，不在本设备的范围 ${device.regionCode} 内 (case outside the device's region)`);
  if (kase && event.seq <= kase.head_seq) {
    const [held] = await tx.query<{ hash: string; record_id: string }>('SELECT hash, record_id FROM sync_events WHERE case_id = $1 AND seq = $2', [record.caseId, event.seq]);
    if (held && held.hash === event.hash) {
      const [orig] = await tx.query<RecordRow>('SELECT id, record_hash, center_seq, received_at, receipt_hash FROM sync_records WHERE id = $1', [held.record_id]);
      if (orig) return { id, status: 'duplicate', receipt: receiptOf(orig) };
    }
    reject(id, 'event_conflict', 'event.seq', `办件已有不同的第 ${event.seq} 个事件：事件链出现分叉 (a different event is held at this position)`);
  }
  if (!kase && event.seq > 1) retry(id, 'out_of_order', `办件的前序事件尚未到达中心（第 ${event.seq} 个事件）(earlier events of the case have not arrived)`);
  if (kase && event.seq > kase.head_seq + 1)
    retry(id, 'out_of_order', `办件的第 ${kase.head_seq + 1} 至 ${event.seq - 1} 个事件尚未到达中心 (earlier events have not arrived)`);

  let caseNumber: string;
  let caseRegion: string;
  if (!kase) {
    if (event.type !== 'received') reject(id, 'invalid_case', 'event.type', `办件的第一个事件必须是“收件”(received)，而不是 ${event.type} (first event must be received)`);
    const d = ReceivedData.safeParse(event.data);
    if (!d.success) {
      const issue = d.error.issues[0];
      const field = `event.data.${issue?.path.join('.') ?? ''}`;
      reject(id, 'invalid_case', field, `收件事件字段 ${field} 不合法：${issue?.message ?? ''} (invalid received event)`);
    }
    const data = d.data!;
    if (data.windowId !== record.windowId) reject(id, 'invalid_case', 'event.data.windowId', '收件事件中的窗口与记录的窗口不一致 (window differs)');
    if (data.windowRegionCode !== device.regionCode)
      reject(id, 'out_of_scope', 'event.data.windowRegionCode', `办件的受理地 ${data.windowRegionCode} 不在本设备的范围 ${device.regionCode} 内 (case region outside the device's scope)`);
    // Another region's item: only under a proxy authorisation of the window (rule 13, sync/proxy-route.ts).
    if (!device.itemRegions.includes(data.item.regionCode)) {
      const denied = await checkProxyAcceptance(tx, device, { caseId: record.caseId, implementationCode: data.item.implementationCode, regionCode: data.item.regionCode, at: event.at });
      if (denied) reject(id, 'proxy_unauthorised', 'event.data.item.regionCode', denied);
    }
    const [look] = await tx.query<{ impl_region: string | null; numbered: string | null }>(
      `SELECT (SELECT region_code FROM implementations WHERE implementation_code = $1) AS impl_region,
              (SELECT case_id::text FROM sync_cases WHERE case_number = $2) AS numbered`,
      [data.item.implementationCode, data.caseNumber],
    );
    if (!look?.impl_region || look.impl_region.trim() !== data.item.regionCode)
      reject(id, 'unknown_item', 'event.data.item.implementationCode', `事项实施编码 ${data.item.implementationCode} 不在省级事项目录中 (unknown item)`);
    // The same case committed by a concurrent push since this transaction looked: start again (→ duplicate).
    if (look?.numbered === record.caseId) throw Object.assign(new Error('case created concurrently'), { code: '40001' });
    if (look?.numbered) reject(id, 'invalid_case', 'event.data.caseNumber', `办件编号 ${data.caseNumber} 已被另一办件使用 (case number already used)`);
    caseNumber = data.caseNumber;
    caseRegion = data.windowRegionCode;
  } else {
    caseNumber = kase.case_number;
    caseRegion = kase.region_code.trim();
  }
  const verified = await verifyChain([event], kase ? { after: { seq: kase.head_seq, hash: kase.head_hash }, caseId: record.caseId } : { caseId: record.caseId });
  if (!verified.ok) reject(id, 'chain_invalid', CHAIN_FIELD[verified.reason] ?? 'event', `事件链验证失败：${verified.message}`);

  // 4. Blobs first: a record whose scans are not all here (and verified) waits.
  if (record.blobs.length) {
    const have = await tx.query<{ sha256: string }>(`SELECT sha256 FROM sync_blobs WHERE sha256 = ANY($1::text[]) AND state = 'complete'`, [record.blobs]);
    const held = new Set(have.map((r) => r.sha256));
    const missing = [...new Set(record.blobs.filter((b) => !held.has(b)))];
    if (missing.length) retry(id, 'missing_blobs', `还有 ${missing.length} 个扫描件未上传到中心，请先上传 (blobs missing)`, missing);
  }

  // 5. Apply: the case head, the event, the record and its receipt, the change for pulls.
  const [seqRow] = await tx.query<{ seq: string; at: Date | string }>(`SELECT nextval('sync_records_center_seq') AS seq, now() AS at`);
  const receiptBase = { recordId: id, recordHash: hash, centerSeq: Number(seqRow!.seq), receivedAt: new Date(seqRow!.at as string).toISOString() };
  const receipt: Receipt = { ...receiptBase, hash: receiptHash(receiptBase) };
  const status = typeof (event.data as { status?: unknown } | null)?.status === 'string' ? ((event.data as { status: string }).status) : null;
  // One statement: the case (new, or its head moved), the record, the event, the change.
  // Foreign keys are checked at the end of the statement, so the new case is there for them.
  const data = kase ? null : (event.data as z.infer<typeof ReceivedData>);
  const params: unknown[] = [];
  const p = (v: unknown, cast = '') => {
    params.push(v);
    return `$${params.length}${cast}`;
  };
  const caseId = p(record.caseId);
  const seq = p(event.seq);
  const head = p(event.hash);
  const region = p(caseRegion);
  const caseSql = kase
    ? `UPDATE sync_cases SET head_seq = ${seq}, head_hash = ${head}, status = COALESCE(${p(status, '::text')}, status), updated_at = now() WHERE case_id = ${caseId} RETURNING case_id`
    : `INSERT INTO sync_cases (case_id, case_number, region_code, item_region_code, implementation_code, window_id, device_id, head_seq, head_hash, status)
       VALUES (${caseId}, ${p(caseNumber)}, ${region}, ${p(data!.item.regionCode)}, ${p(data!.item.implementationCode)}, ${p(record.windowId)}, ${p(record.deviceId)}, ${seq}, ${head}, ${p(status, '::text')}) RETURNING case_id`;
  const recordId = p(id);
  await tx.query(
    `WITH c AS (${caseSql}),
     r AS (INSERT INTO sync_records (id, device_id, device_seq, case_id, event_seq, record_hash, record, signature, cert_sha256, center_seq, received_at, receipt_hash)
           VALUES (${recordId}, ${p(record.deviceId)}, ${p(record.deviceSeq)}, ${caseId}, ${seq}, ${p(hash)}, ${p(canonicalJson(record))}, ${p(signature)},
                   ${p(device.certSha256)}, ${p(receipt.centerSeq)}, ${p(receipt.receivedAt)}, ${p(receipt.hash)}) RETURNING id),
     e AS (INSERT INTO sync_events (case_id, seq, hash, prev_hash, type, at, actor, data, record_id)
           VALUES (${caseId}, ${seq}, ${head}, ${p(event.prevHash)}, ${p(event.type)}, ${p(event.at)}, ${p(event.actor)}, ${p(JSON.stringify(event.data), '::jsonb')}, ${recordId}) RETURNING seq)
     INSERT INTO sync_changes (kind, region_code, payload) VALUES ('case-event', ${region}, ${p(
       JSON.stringify({ caseId: record.caseId, caseNumber, windowId: record.windowId, seq: event.seq, type: event.type, status, eventAt: event.at, actor: event.actor }),
       '::jsonb',
     )})`,
    params,
  );
  // The province's workflow in the same transaction: an acceptance routes the case to its departments (workflow/routing.ts).
  await onCaseEvent(tx, { caseId: record.caseId, seq: event.seq, type: event.type, at: event.at, data: event.data });
  // A hand-over at the accepting window: the collect window (another county, perhaps) learns of it, unless one was announced already.
  const handedOver = event.type === 'result-collected' ? (event.data as { resultId?: unknown } | null)?.resultId : undefined;
  if (typeof handedOver === 'string' && z.uuid().safeParse(handedOver).success) {
    // The result row's lock orders this with a collect window's hand-over (result-log-route.ts takes it too).
    await tx.query('SELECT 1 FROM results WHERE result_id = $1 FOR UPDATE', [handedOver]);
    const [earlier] = await tx.query(`SELECT 1 FROM result_log WHERE result_id = $1 AND type = 'result-collected'`, [handedOver]);
    if (!earlier) await announceHandOver(tx, handedOver, { windowId: record.windowId, at: event.at });
  }
  return { id, status: 'accepted', receipt };
}
