/**
 * Remote result printing (结果远程打印, DOMAIN.md rule 14): the rules the window applies to a
 * result document the province issued, the same in the renderer (to guide the clerk) and in
 * main (which refuses to print when they are broken, whatever the page says).
 *
 *   - A result is printed only when it is valid (not revoked) and held at the window.
 *   - Every print is logged: who, when, how many copies, on which printer.
 *   - The first print needs no reason; every later one (a reprint, 补打) needs a reason of
 *     at least REPRINT_REASON_MIN characters.
 *   - The hand-over (领取登记) names who collected it, with an identity document checked in
 *     person (idChecked must be true) whose number passes its own validator.
 *
 * The events that carry all of it: 'result-received', 'result-printed', 'result-collected' —
 * appended to the case's hash-chained log at the window that accepted the case, or, at a
 * collect window that did not, kept in its result log and sent as signed result-log entries
 * (src-shared/protocol/result-log.ts). Both reach the center by sync.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { Sha256Hex } from './event-chain';
import { DOCUMENT_TYPES, DocumentTypeCode, validateDocumentNumber } from './identifiers/document-types';

export const MAX_PRINT_COPIES = 20;

/** Texts of the window's download and print steps (Chinese first, English after). */
export const PRINT_MESSAGES = {
  notPublishedBytes: '结果文件与省级中心发布的摘要不符，文件已被改动 (SHA-256 differs from the published one)',
  fileMissing: '本机找不到该结果的文件，请重新下载 (the result file is missing on this PC)',
} as const;
export const REPRINT_REASON_MIN = 2;
export const REPRINT_REASON_MAX = 200;

export const RESULT_EVENTS = {
  received: 'result-received',
  printed: 'result-printed',
  collected: 'result-collected',
} as const;

const IsoInstant = z.iso.datetime({ offset: true });

/** 'result-received': the window downloaded the result's PDF (stored with the case, by its SHA-256). */
export const ResultReceivedData = z.object({
  resultId: z.uuid(),
  verificationCode: z.string().min(1).max(32),
  sha256: Sha256Hex,
  title: z.string().max(200),
});
export type ResultReceivedData = z.infer<typeof ResultReceivedData>;

/** 'result-printed': one print (of `copies` copies). */
export const ResultPrintedData = z.object({
  resultId: z.uuid(),
  copies: z.number().int().min(1).max(MAX_PRINT_COPIES),
  /** The printer's name as the clerk chose it (另存为PDF, a CUPS queue, 浏览器打印…). */
  printer: z.string().min(1).max(200),
  clerkId: z.string().min(1).max(64),
  at: IsoInstant,
  reprint: z.boolean(),
  reason: z.string().max(REPRINT_REASON_MAX).optional(),
});
export type ResultPrintedData = z.infer<typeof ResultPrintedData>;

export const CollectorRole = z.enum(['applicant', 'agent']);
export type CollectorRole = z.infer<typeof CollectorRole>;

/** 'result-collected': who took the printed result away, identity checked in person. */
export const ResultCollectedData = z.object({
  resultId: z.uuid(),
  collectorName: z.string().trim().min(1).max(50),
  documentType: DocumentTypeCode,
  documentNumber: z.string().min(1).max(40),
  idChecked: z.literal(true),
  collectorRole: CollectorRole,
  at: IsoInstant,
  clerkId: z.string().min(1).max(64),
});
export type ResultCollectedData = z.infer<typeof ResultCollectedData>;

export interface RuleProblem {
  field: string;
  rule: string;
  message: string;
}

/** Characters as a reader counts them (𠈌 is one, not two UTF-16 units). */
const charCount = (s: string) => [...s].length;

export interface PrintRequest {
  /** Prints of this result logged so far (at this window). */
  previousPrints: number;
  copies: number;
  reason?: string | null | undefined;
}

export type PrintRequestCheck = { ok: true; reprint: boolean; reason?: string } | ({ ok: false } & RuleProblem);

/** Is this print allowed as asked? A reprint (any print after the first) needs a reason. */
export function checkPrintRequest(r: PrintRequest): PrintRequestCheck {
  if (!Number.isInteger(r.copies) || r.copies < 1 || r.copies > MAX_PRINT_COPIES)
    return { ok: false, field: 'copies', rule: 'rule 14 打印份数', message: `打印份数须为 1 至 ${MAX_PRINT_COPIES} 份 (copies must be 1 to ${MAX_PRINT_COPIES})` };
  const reprint = r.previousPrints > 0;
  const reason = (r.reason ?? '').trim();
  if (reprint && charCount(reason) < REPRINT_REASON_MIN)
    return {
      ok: false,
      field: 'reason',
      rule: 'rule 14 补打原因',
      message: `该结果已打印过 ${r.previousPrints} 次，补打须填写原因，至少 ${REPRINT_REASON_MIN} 个字 (a reprint needs a reason of at least ${REPRINT_REASON_MIN} characters)`,
    };
  if (charCount(reason) > REPRINT_REASON_MAX)
    return { ok: false, field: 'reason', rule: 'rule 14 补打原因', message: `补打原因最多 ${REPRINT_REASON_MAX} 字 (reason too long)` };
  return reprint ? { ok: true, reprint, reason } : { ok: true, reprint, ...(reason ? { reason } : {}) };
}

/** What the case's log says about one result. */
export interface ResultHistory {
  received: (ResultReceivedData & { at: string }) | null;
  prints: ResultPrintedData[];
  collected: ResultCollectedData | null;
}

/** Reads a result's history out of its case's events (unknown or malformed data is ignored). */
export function resultHistory(events: readonly { type: string; at: string; data: unknown }[], resultId: string): ResultHistory {
  const h: ResultHistory = { received: null, prints: [], collected: null };
  for (const e of events) {
    if (e.type === RESULT_EVENTS.received) {
      const d = ResultReceivedData.safeParse(e.data);
      if (d.success && d.data.resultId === resultId && !h.received) h.received = { ...d.data, at: e.at };
    } else if (e.type === RESULT_EVENTS.printed) {
      const d = ResultPrintedData.safeParse(e.data);
      if (d.success && d.data.resultId === resultId) h.prints.push(d.data);
    } else if (e.type === RESULT_EVENTS.collected) {
      const d = ResultCollectedData.safeParse(e.data);
      if (d.success && d.data.resultId === resultId) h.collected = d.data;
    }
  }
  return h;
}

/**
 * Where a result stands at the window — whether the window accepted the case (the history
 * is in the case's own events) or only collects it (the history is the window's result log,
 * src-shared/protocol/result-log.ts):
 *   awaiting-download  valid, its PDF not yet fetched
 *   awaiting-print     held, never printed
 *   printed / collected  (collected also when the center says another window handed it over)
 *   revoked     the province revoked it: shown, never printed
 */
export type ResultStage = 'revoked' | 'awaiting-download' | 'awaiting-print' | 'printed' | 'collected';

export function resultStage(status: 'valid' | 'revoked', h: ResultHistory, handedOverElsewhere = false): ResultStage {
  if (status === 'revoked') return 'revoked';
  if (h.collected || handedOverElsewhere) return 'collected';
  if (h.prints.length) return 'printed';
  if (!h.received) return 'awaiting-download';
  return 'awaiting-print';
}

/** Why a result cannot be printed now, or null when it can. */
export function printBlocker(stage: ResultStage): RuleProblem | null {
  switch (stage) {
    case 'revoked':
      return { field: 'status', rule: 'rule 14', message: '该结果已被撤销，不能打印 (the result was revoked: it cannot be printed)' };
    case 'awaiting-download':
      return { field: 'pdf', rule: 'rule 14', message: '结果文件尚未下载 (the result PDF has not been downloaded yet)' };
    default:
      return null;
  }
}

export interface HandOverInput {
  resultId: string;
  collectorName: string;
  documentType: string;
  documentNumber: string;
  idChecked: boolean;
  collectorRole: string;
}

/**
 * Checks a hand-over: the collector's name, an identity document whose number passes its
 * validator (as of `today`), the document checked in person, a result printed and valid.
 * Returns the normalised data (upper-case number) or every problem, each naming its field.
 */
export function checkHandOver(
  input: HandOverInput,
  ctx: { today: IsoDate; stage: ResultStage; at: string; clerkId: string },
): { ok: true; value: ResultCollectedData } | { ok: false; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  if (ctx.stage === 'revoked') problems.push({ field: 'status', rule: 'rule 14', message: '该结果已被撤销，不能交付 (revoked results are not handed over)' });
  else if (ctx.stage === 'collected') problems.push({ field: 'status', rule: 'rule 14', message: '该结果已登记领取 (already collected)' });
  else if (ctx.stage !== 'printed') problems.push({ field: 'status', rule: 'rule 14', message: '结果尚未打印，不能登记领取 (print the result before handing it over)' });
  const name = input.collectorName.trim();
  if (!name) problems.push({ field: 'collectorName', rule: 'required', message: '请填写领取人姓名 (collector name required)' });
  else if (charCount(name) > 50) problems.push({ field: 'collectorName', rule: 'length', message: '领取人姓名最多 50 字 (name too long)' });
  const role = CollectorRole.safeParse(input.collectorRole);
  if (!role.success) problems.push({ field: 'collectorRole', rule: 'required', message: '请选择领取人是申请人本人还是代理人 (applicant or agent)' });
  let number = '';
  if (!(input.documentType in DOCUMENT_TYPES)) problems.push({ field: 'documentType', rule: 'GA/T 2000.156 证件类型代码', message: '请选择领取人证件类型 (GA/T 2000.156 证件类型代码)' });
  else if (!input.documentNumber.trim()) problems.push({ field: 'documentNumber', rule: 'required', message: '请填写领取人证件号码 (document number required)' });
  else {
    const v = validateDocumentNumber(input.documentType, input.documentNumber, { today: ctx.today, field: 'documentNumber' });
    if (v.ok) number = v.value;
    else problems.push({ field: 'documentNumber', rule: v.rule, message: v.message });
  }
  if (input.idChecked !== true) problems.push({ field: 'idChecked', rule: 'rule 14 身份核验', message: '须当面核验领取人的身份证件原件 (the identity document must be checked in person)' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: ResultCollectedData.parse({
      resultId: input.resultId,
      collectorName: name,
      documentType: input.documentType,
      documentNumber: number,
      idChecked: true,
      collectorRole: role.data,
      at: ctx.at,
      clerkId: ctx.clerkId,
    }),
  };
}
