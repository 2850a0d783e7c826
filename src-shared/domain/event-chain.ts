/**
 * The append-only, hash-chained event log of a case (rule 9).
 *
 * Each event is `{ seq, caseId, type, at, actor, data, prevHash, hash }`:
 *   - `seq` counts from 1 within the case, with no gaps;
 *   - `prevHash` is the previous event's `hash`; the first event's is 64 zeros (GENESIS_HASH);
 *   - `hash` = SHA-256 (lower-case hex) of the canonical JSON (./canonical-json, RFC 8785
 *     style) of the object `{ seq, caseId, type, at, actor, data, prevHash }` — every field
 *     but `hash`. Other properties a store may add to the record (a primary key, a sync
 *     flag) are not part of the event and not hashed.
 *
 * `verifyChain` recomputes everything and names the first event that is wrong and why:
 *   'shape' (not an event), 'case' (belongs to another case), 'seq' (gap, reorder,
 *   insertion or deletion), 'link' (prevHash is not the previous hash), 'hash' (content
 *   edited). A chain alone cannot show that events were cut off its end; pass the head the
 *   center last acknowledged (`head`) to catch that ('head'), and `after` to verify a
 *   continuation that starts past seq 1.
 */
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical-json';
import { DomainRuleError } from './errors';

export const GENESIS_HASH = '0'.repeat(64);

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 摘要必须是64位小写十六进制');

const JsonValue: z.ZodType<unknown> = z.json();

export const EventDraft = z.object({
  caseId: z.string().min(1, '请提供办件标识 (事件链)').max(64),
  /** e.g. 'received', 'accepted', 'refused', 'supplement-notice', 'paused', 'extended', 'completed'. */
  type: z
    .string()
    .regex(/^[a-z][a-z0-9.-]{0,63}$/, '事件类型必须以小写字母开头，只含小写字母、数字、点和连字符 (事件链)'),
  /** ISO 8601 date-time with offset. */
  at: z.iso.datetime({ offset: true, message: '事件时间必须是带时区的 ISO 8601 时间 (事件链)' }),
  /** Who did it: a clerk id, 'system', a department id… */
  actor: z.string().min(1, '请提供操作人 (事件链)').max(128),
  data: JsonValue,
});
export type EventDraft = z.infer<typeof EventDraft>;

export const CaseEvent = EventDraft.extend({
  seq: z.number().int().min(1),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/** The hash an event must carry: SHA-256 over the canonical JSON of all its fields but `hash`. */
export function hashEvent(e: Omit<CaseEvent, 'hash'>): Promise<string> {
  const { seq, caseId, type, at, actor, data, prevHash } = e;
  return sha256Hex(canonicalJson({ seq, caseId, type, at, actor, data, prevHash }));
}

/**
 * The next event after `prev` (null for the first event of a case). Throws
 * `DomainRuleError` if the draft is not a valid event or belongs to another case.
 */
export async function appendEvent(prev: CaseEvent | null, draft: EventDraft): Promise<CaseEvent> {
  const r = EventDraft.safeParse(draft);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new DomainRuleError(issue.path.join('.') || 'event', 'rule 9 事件链', issue.message);
  }
  const d = r.data;
  // Canonical JSON also refuses non-JSON data (NaN, Date…), before anything is stored.
  canonicalJson(d.data);
  if (prev && prev.caseId !== d.caseId)
    throw new DomainRuleError('caseId', 'rule 9 事件链', `事件属于办件 ${d.caseId}，不能接在办件 ${prev.caseId} 的事件链后 (事件链)`);
  const body = { seq: prev ? prev.seq + 1 : 1, caseId: d.caseId, type: d.type, at: d.at, actor: d.actor, data: d.data, prevHash: prev ? prev.hash : GENESIS_HASH };
  return { ...body, hash: await hashEvent(body) };
}

export type ChainFailure = 'shape' | 'case' | 'seq' | 'link' | 'hash' | 'head';

export type ChainVerification =
  | { ok: true; count: number; head: { seq: number; hash: string } | null }
  | { ok: false; index: number; reason: ChainFailure; message: string };

export interface VerifyOptions {
  /** The event before the first one given (its seq and hash), when verifying a continuation. */
  after?: { seq: number; hash: string };
  /** A head known from elsewhere (e.g. acknowledged by the center): the chain must reach it and contain it. */
  head?: { seq: number; hash: string };
  /** The case the events must belong to (defaults to the first event's). */
  caseId?: string;
}

/** Verifies a case's events in order. See the module header for the failure reasons. */
export async function verifyChain(events: readonly unknown[], opts: VerifyOptions = {}): Promise<ChainVerification> {
  const baseSeq = opts.after?.seq ?? 0;
  let prevHash = opts.after?.hash ?? GENESIS_HASH;
  let caseId = opts.caseId;
  const fail = (index: number, reason: ChainFailure, message: string): ChainVerification => ({ ok: false, index, reason, message });

  for (let i = 0; i < events.length; i++) {
    const parsed = CaseEvent.safeParse(events[i]);
    if (!parsed.success) return fail(i, 'shape', `第${i + 1}个事件格式不正确：${parsed.error.issues[0]?.message ?? ''} (事件链)`);
    const e = parsed.data;
    caseId ??= e.caseId;
    if (e.caseId !== caseId) return fail(i, 'case', `第${i + 1}个事件属于办件 ${e.caseId}，不属于 ${caseId} (事件链)`);
    const expectedSeq = baseSeq + i + 1;
    if (e.seq !== expectedSeq) return fail(i, 'seq', `第${i + 1}个事件序号为 ${e.seq}，应为 ${expectedSeq}：事件缺失、重复或顺序被改动 (事件链)`);
    if (e.prevHash !== prevHash) return fail(i, 'link', `第${i + 1}个事件的前序摘要与上一事件不符 (事件链)`);
    let h: string;
    try {
      h = await hashEvent(e);
    } catch {
      return fail(i, 'shape', `第${i + 1}个事件的数据不是 JSON (事件链)`);
    }
    if (h !== e.hash) return fail(i, 'hash', `第${i + 1}个事件内容与其摘要不符：事件被改动 (事件链)`);
    prevHash = e.hash;
  }

  const lastSeq = baseSeq + events.length;
  const head = events.length ? { seq: lastSeq, hash: prevHash } : opts.after ? { ...opts.after } : null;
  if (opts.head) {
    const knownHead = opts.head;
    if (lastSeq < knownHead.seq)
      return fail(events.length, 'head', `事件链只有 ${lastSeq} 个事件，中心已确认到第 ${knownHead.seq} 个：末尾事件被删除 (事件链)`);
    // The known head must be part of this chain: the event at its seq carries its hash.
    const idx = knownHead.seq - baseSeq - 1;
    const atHead = idx >= 0 ? (events[idx] as CaseEvent).hash : knownHead.seq === opts.after?.seq ? opts.after.hash : knownHead.hash;
    if (atHead !== knownHead.hash)
      return fail(Math.max(0, idx), 'head', `第 ${knownHead.seq} 个事件与中心已确认的摘要不符：事件链被改写 (事件链)`);
  }
  return { ok: true, count: events.length, head };
}
