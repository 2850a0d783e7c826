/**
 * POST /v1/sync/result-log (sync port, signed): what a collect window that did not accept
 * the case did with a result — downloaded, printed, handed over (src-shared/protocol/
 * result-log.ts). Each entry is judged and stored on its own, in the order given:
 *
 *   accepted / duplicate  stored now / already held with the same content (original time)
 *   rejected              code, field, Chinese message; nothing stored
 *   retry-later           a transient database failure
 *
 * Rules: the entry is the sending device's, for its window, signed by its key; the result is
 * one this device's county may fetch (else unknown_result, as for an id that does not exist);
 * the entry names the result's case; the device's window is the result's collect window (or
 * the accepting one); a result is handed over once — here, or at the accepting window (its
 * 'result-collected' case event). An accepted hand-over is announced to both counties
 * (a 'result' change with handedOver).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canonicalJson } from '../../src-shared/domain/canonical-json';
import { ResultLogEntry, ResultLogRequest, ResultLogResponse, type ResultLogAnswer, type ResultLogRejection } from '../../src-shared/protocol/result-log';
import { resultLogEntryHash, verifyResultLogEntry } from '../../src-node/sync-auth';
import { errors } from '../http/schemas';
import { announceHandOver, resultForRegion } from '../results/index';
import type { Db } from '../store/index';
import { deviceOf, signed, type SyncContext } from './context';
import { inTxWithRetry, isRetryableDbError } from './errors';
import type { SyncDevice } from './registry';

class Rejected extends Error {
  constructor(readonly answer: ResultLogAnswer) {
    super(answer.status);
  }
}
const reject = (id: string, code: ResultLogRejection, field: string | undefined, message: string): never => {
  throw new Rejected({ id, status: 'rejected', code, ...(field ? { field } : {}), message });
};

export async function applyResultLog(db: Db, device: SyncDevice, items: readonly { entry: unknown; signature: string }[]): Promise<ResultLogAnswer[]> {
  const out: ResultLogAnswer[] = [];
  for (const item of items) out.push(await applyOne(db, device, item));
  return out;
}

async function applyOne(db: Db, device: SyncDevice, item: { entry: unknown; signature: string }): Promise<ResultLogAnswer> {
  const rawId = (item.entry as { id?: unknown } | null)?.id;
  const idForError = typeof rawId === 'string' ? rawId.slice(0, 64) : '';
  try {
    const parsed = ResultLogEntry.safeParse(item.entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'entry';
      reject(idForError, 'invalid_entry', field, `结果记录字段 ${field} 不合法：${issue?.message ?? ''} (invalid entry)`);
    }
    const entry = parsed.data!;
    if (entry.deviceId !== device.deviceId)
      reject(entry.id, 'device_mismatch', 'deviceId', `记录属于设备 ${entry.deviceId}，却由设备 ${device.deviceId} 发送 (entry of another device)`);
    if (entry.windowId !== device.windowId)
      reject(entry.id, 'window_mismatch', 'windowId', `记录属于窗口 ${entry.windowId}，本设备登记在窗口 ${device.windowId} (entry of another window)`);
    if (!verifyResultLogEntry(entry, item.signature, device.publicKey))
      reject(entry.id, 'bad_signature', 'signature', '记录签名验证失败：记录在签名后被改动，或不是本设备签名 (entry signature does not verify)');
    if (entry.data.resultId !== entry.resultId) reject(entry.id, 'invalid_entry', 'data.resultId', '记录内容中的结果编号与记录不一致 (data.resultId differs from resultId)');
    const hash = resultLogEntryHash(entry);
    return await inTxWithRetry(db, (tx) => applyInTx(tx, device, entry, item.signature, hash), Rejected);
  } catch (e) {
    if (e instanceof Rejected) return e.answer;
    if (isRetryableDbError(e)) return { id: idForError, status: 'retry-later', message: '中心繁忙，请稍后重试 (busy, retry later)' };
    throw e;
  }
}

const iso = (v: Date | string) => new Date(v).toISOString();

async function applyInTx(tx: Db, device: SyncDevice, entry: ResultLogEntry, signature: string, hash: string): Promise<ResultLogAnswer> {
  const [held] = await tx.query<{ entry_hash: string; received_at: Date | string }>('SELECT entry_hash, received_at FROM result_log WHERE id = $1', [entry.id]);
  if (held) {
    if (held.entry_hash.trim() === hash) return { id: entry.id, status: 'duplicate', receivedAt: iso(held.received_at) };
    reject(entry.id, 'conflict', 'id', `记录 ${entry.id} 已以不同内容提交过 (same entry id, different content)`);
  }
  const result = await resultForRegion(tx, entry.resultId, device.regionCode);
  if (!result) reject(entry.id, 'unknown_result', 'resultId', `结果文书 ${entry.resultId} 不存在或不属于本设备所在地区 (no such result for this device)`);
  if (result!.case_id !== entry.caseId) reject(entry.id, 'case_mismatch', 'caseId', `结果文书 ${entry.resultId} 不属于办件 ${entry.caseId} (the result is another case's)`);
  const collectWindow = result!.collect_window_id.trim();
  if (collectWindow !== device.windowId) {
    const [accepted] = await tx.query<{ window_id: string }>('SELECT window_id FROM sync_cases WHERE case_id = $1', [entry.caseId]);
    if (accepted?.window_id.trim() !== device.windowId)
      reject(entry.id, 'not_collect_window', 'windowId', `该结果的领取窗口是 ${collectWindow}，本窗口 ${device.windowId} 既未受理该办件也不是领取窗口 (not this window's result)`);
  }
  if (entry.type === 'result-collected') {
    // Locks the result row, so two windows handing it over at once are decided one after the other.
    await tx.query('SELECT 1 FROM results WHERE result_id = $1 FOR UPDATE', [entry.resultId]);
    const [done] = await tx.query<{ window_id: string | null }>(
      `SELECT window_id FROM result_log WHERE result_id = $1 AND type = 'result-collected'
       UNION ALL
       SELECT c.window_id FROM sync_events e JOIN sync_cases c ON c.case_id = e.case_id
        WHERE e.case_id = $2 AND e.type = 'result-collected' AND e.data->>'resultId' = $1::text
       LIMIT 1`,
      [entry.resultId, entry.caseId],
    );
    if (done) reject(entry.id, 'already_collected', 'resultId', `该结果已在窗口 ${(done.window_id ?? '').trim()} 登记领取，不能重复交付 (already handed over)`);
  }
  const [row] = await tx.query<{ received_at: Date | string }>(
    `INSERT INTO result_log (id, result_id, case_id, device_id, window_id, type, at, actor, data, entry_hash, entry, signature, cert_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13) RETURNING received_at`,
    [entry.id, entry.resultId, entry.caseId, entry.deviceId, entry.windowId, entry.type, entry.at, entry.actor, JSON.stringify(entry.data), hash, canonicalJson(entry), signature, device.certSha256],
  );
  // The other window (the accepting one) learns that it was handed over here.
  if (entry.type === 'result-collected') await announceHandOver(tx, entry.resultId, { windowId: device.windowId, at: entry.at });
  return { id: entry.id, status: 'accepted', receivedAt: iso(row!.received_at) };
}

/** The log entries the center holds for a result, oldest first (operators, tests). */
export async function resultLogOf(db: Db, resultId: string): Promise<ResultLogEntry[]> {
  const rows = await db.query<{ entry: string }>('SELECT entry FROM result_log WHERE result_id = $1 ORDER BY at, received_at', [resultId]);
  return rows.map((r) => ResultLogEntry.parse(JSON.parse(r.entry)));
}

export const resultLogRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.post(
    '/v1/sync/result-log',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '上传结果文书的下载、打印与领取记录（非受理窗口）',
        description:
          'For a collect window that did not accept the case: its downloads, prints and the hand-over of a result, each entry signed by the device key. ' +
          'Every entry gets accepted, duplicate (the original time), rejected (code, field, message) or retry-later. Signed.',
        tags: ['sync'],
        body: ResultLogRequest,
        response: { 200: ResultLogResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => ({ results: await applyResultLog(ctx.store.db, deviceOf(req), req.body.entries) }),
  );
};
