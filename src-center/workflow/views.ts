/**
 * What a reviewer sees in the console: the worklist of their department's steps with
 * deadline warnings (rule 8), and one case in full — only when their department has a step
 * on it (otherwise null, which the route answers 404 so nothing leaks).
 */
import type { WorkingCalendar } from '../../src-shared/domain/calendar';
import type { ConsoleCase, ConsoleMaterial, ConsoleStep, Reviewer, WorklistEntry, WorklistQuery, WorklistResponse } from '../../src-shared/protocol/console';
import type { Db } from '../store/index';
import { daysLeft, stepDueDate, warningOf } from './clock';
import { formDefinitionOf, formFieldsOf } from './form';
import { progressOf } from './progress';
import { iso, jsonOf, loadCase, loadSteps, type Step } from './rows';
import { caseDueOf } from './settle';
import type { StepStatus } from '../../src-shared/protocol/workflow';

export const OPEN_STEP_STATUSES: readonly StepStatus[] = ['pending', 'awaiting-supplement', 'paused'];
const DONE_STEP_STATUSES: readonly StepStatus[] = ['approved', 'refused', 'closed'];

export const isOpen = (s: StepStatus) => OPEN_STEP_STATUSES.includes(s);

export interface ViewContext {
  cal: WorkingCalendar;
  /** The province's date today. */
  today: string;
  /** Yellow warning at or below this many working days left. */
  yellowDays: number;
}

/** An open step's due date as of now (a calendar year published since is picked up); a closed step's as it stood. */
function currentDue(s: Pick<Step, 'status' | 'dueDate'> & Parameters<typeof stepDueDate>[0], cal: WorkingCalendar): string | null {
  return isOpen(s.status) ? stepDueDate(s, cal) : s.dueDate;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function worklist(db: Db, reviewer: Reviewer, q: WorklistQuery, ctx: ViewContext): Promise<WorklistResponse> {
  const filter = q.status ?? 'open';
  const statuses = filter === 'open' ? OPEN_STEP_STATUSES : filter === 'done' ? DONE_STEP_STATUSES : null;
  const text = q.q ? likeEscape(q.q) : null;
  const where = `w.department_code = $1
     AND ($2::text[] IS NULL OR w.status = ANY($2::text[]))
     AND ($3::text IS NULL OR c.case_number LIKE $3 || '%' ESCAPE '\\' OR s.applicant_name LIKE '%' || $3 || '%' ESCAPE '\\')`;
  const from = `FROM workflow_steps w JOIN workflow_case_state s ON s.case_id = w.case_id JOIN sync_cases c ON c.case_id = w.case_id`;
  const params = [reviewer.departmentCode, statuses ? [...statuses] : null, text];
  const order = filter === 'done' ? 'w.decided_at DESC NULLS LAST, s.accepted_at DESC' : '(w.due_date IS NULL), w.due_date, s.accepted_at';
  const [rows, [count]] = await Promise.all([
    db.query<Record<string, unknown>>(
      `SELECT w.step_id::text AS step_id, w.case_id::text AS case_id, c.case_number, s.item_name, s.applicant_name, s.accepted_at,
              w.status, s.status AS case_status, w.due_date, w.extensions, w.pauses, s.accepted_on, s.promised_days, s.steps
         ${from} WHERE ${where} ORDER BY ${order}, w.step_id LIMIT $4 OFFSET $5`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${from} WHERE ${where}`, params),
  ]);
  const entries = rows.map((r): WorklistEntry => {
    const status = r.status as StepStatus;
    const clock = {
      status,
      dueDate: (r.due_date as string | null) ?? null,
      acceptedOn: String(r.accepted_on),
      promisedDays: Number(r.promised_days),
      joint: Number(r.steps) > 1,
      extensions: jsonOf<Step['extensions']>(r.extensions),
      pauses: jsonOf<Step['pauses']>(r.pauses),
    };
    const due = currentDue(clock, ctx.cal);
    const left = isOpen(status) ? daysLeft(due, ctx.today, ctx.cal) : null;
    return {
      stepId: String(r.step_id),
      caseId: String(r.case_id),
      caseNumber: String(r.case_number),
      itemName: String(r.item_name),
      applicantName: String(r.applicant_name),
      acceptedAt: iso(r.accepted_at),
      stepStatus: status,
      caseStatus: r.case_status as WorklistEntry['caseStatus'],
      stepDueDate: due,
      daysLeft: left,
      warning: warningOf(isOpen(status), left, ctx.yellowDays),
      departments: Number(r.steps),
    };
  });
  return { entries, total: count?.n ?? 0 };
}

interface ReceivedCase {
  item?: { name?: string };
  applicant?: { kind?: string; name?: string; documentType?: string; documentNumber?: string; creditCode?: string };
  form?: Record<string, unknown>;
  materials?: Array<{ materialId?: string; name?: string; required?: boolean; scans?: Array<{ sha256?: string; name?: string; mediaType?: string; size?: number }> }>;
}

const SHA = /^[0-9a-f]{64}$/;

function materialsOf(received: ReceivedCase): ConsoleMaterial[] {
  return (received.materials ?? [])
    .filter((m) => typeof m?.materialId === 'string')
    .map((m) => ({
      materialId: m.materialId!,
      name: typeof m.name === 'string' ? m.name : m.materialId!,
      required: m.required === true,
      scans: (m.scans ?? [])
        .filter((s) => typeof s?.sha256 === 'string' && SHA.test(s.sha256))
        .map((s) => ({
          sha256: s.sha256!,
          name: typeof s.name === 'string' ? s.name : `${s.sha256!.slice(0, 12)}`,
          mime: typeof s.mediaType === 'string' ? s.mediaType : 'application/octet-stream',
          size: typeof s.size === 'number' && s.size >= 0 ? Math.floor(s.size) : 0,
        })),
    }));
}

/** The case as the reviewer may see it, or null when their department has no step on it. */
export async function caseForReviewer(db: Db, caseId: string, reviewer: Pick<Reviewer, 'departmentCode'>, ctx: ViewContext): Promise<ConsoleCase | null> {
  const kase = await loadCase(db, caseId);
  if (!kase) return null;
  const steps = await loadSteps(db, caseId);
  if (!steps.some((s) => s.departmentCode === reviewer.departmentCode)) return null;

  const [events, chain, progress, supplements, definition] = await Promise.all([
    db.query<{ type: string; data: unknown }>(
      `SELECT type, data FROM sync_events WHERE case_id = $1 AND (seq = 1 OR type IN ('accepted', 'accepted-with-gap')) ORDER BY seq`,
      [caseId],
    ),
    db.query<{ code: string }>(
      `WITH RECURSIVE chain(code, parent_code) AS (
         SELECT code, parent_code FROM regions WHERE code = $1
         UNION ALL SELECT r.code, r.parent_code FROM regions r JOIN chain c ON r.code = c.parent_code
       ) SELECT code FROM chain`,
      [kase.regionCode],
    ),
    progressOf(db, caseId),
    // What the window sent with a recorded supplement: its materials when the event lists them, else its blobs.
    db.query<{ at: string; data: unknown; sha256: string | null; size: string | number | null }>(
      `SELECT e.at, e.data, b.sha AS sha256, sb.size
         FROM sync_events e JOIN sync_records r ON r.id = e.record_id
         LEFT JOIN LATERAL jsonb_array_elements_text(r.record::jsonb -> 'blobs') AS b(sha) ON true
         LEFT JOIN sync_blobs sb ON sb.sha256 = b.sha AND sb.state = 'complete'
        WHERE e.case_id = $1 AND e.type = 'supplement-received' ORDER BY e.seq`,
      [caseId],
    ),
    // The item's form as the catalog defines it now: labels and order of the form's keys.
    db.query<{ form_fields: unknown }>(
      `SELECT i.form_fields FROM implementations im JOIN items i ON i.item_code = im.item_code WHERE im.implementation_code = $1`,
      [kase.implementationCode],
    ),
  ]);
  const received = jsonOf<ReceivedCase>(events.find((e) => e.type === 'received')?.data ?? {}) ?? {};
  const acceptance = events.find((e) => e.type === 'accepted' || e.type === 'accepted-with-gap');
  const receipt = acceptance ? jsonOf<{ document?: { sha256?: unknown } }>(acceptance.data)?.document?.sha256 : undefined;

  const toStep = (s: Step): ConsoleStep => ({
    stepId: s.stepId,
    departmentCode: s.departmentCode,
    departmentName: s.departmentName,
    status: s.status,
    dueDate: currentDue(s, ctx.cal),
    decidedAt: s.decidedAt,
    reviewerName: s.reviewerName,
    opinion: s.opinion,
    reasons: s.reasons,
    extendedDays: s.extendedDays,
  });
  const consoleSteps = steps.map(toStep);
  const materials = materialsOf(received);
  const listed = new Set(materials.flatMap((m) => m.scans.map((s) => s.sha256)));
  const loose: ConsoleMaterial['scans'] = [];
  for (const row of supplements) {
    const date = String(row.at).slice(0, 10);
    for (const m of materialsOf(jsonOf<ReceivedCase>(row.data) ?? {})) {
      const scans = m.scans.filter((s) => !listed.has(s.sha256));
      if (!scans.length) continue;
      scans.forEach((s) => listed.add(s.sha256));
      materials.push({ ...m, materialId: `${m.materialId}@${date}`, name: `${m.name}（补正 ${date}）`, scans });
    }
    if (row.sha256 && row.size != null && !listed.has(row.sha256)) {
      listed.add(row.sha256);
      loose.push({ sha256: row.sha256, name: `补正材料（${date}）`, mime: 'application/octet-stream', size: Number(row.size) });
    }
  }
  if (loose.length) materials.push({ materialId: 'supplement', name: '补正材料', required: false, scans: loose });
  const a = received.applicant ?? {};
  const form: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(received.form ?? {})) if (typeof v === 'string' || typeof v === 'number') form[k] = v;

  return {
    caseId: kase.caseId,
    caseNumber: kase.caseNumber,
    itemName: kase.itemName,
    implementationCode: kase.implementationCode,
    itemRegionCode: kase.itemRegionCode,
    windowId: kase.windowId,
    windowRegionCode: kase.regionCode,
    proxy: !chain.some((r) => r.code.trim() === kase.itemRegionCode),
    applicant:
      a.kind === 'organisation'
        ? { kind: 'organisation', name: a.name ?? kase.applicantName, idType: '统一社会信用代码', idNumber: a.creditCode ?? '' }
        : { kind: 'person', name: a.name ?? kase.applicantName, idType: a.documentType ?? '', idNumber: a.documentNumber ?? '' },
    form,
    formFields: formFieldsOf(formDefinitionOf(definition[0]?.form_fields), received.form),
    materials,
    receiptSha256: typeof receipt === 'string' && SHA.test(receipt) ? receipt : null,
    acceptedAt: kase.acceptedAt,
    caseStatus: kase.status,
    dueDate: caseDueOf(steps.map((s) => ({ ...s, dueDate: currentDue(s, ctx.cal) }))),
    leadDepartmentCode: kase.leadDepartmentCode,
    myStep: consoleSteps.find((s) => s.departmentCode === reviewer.departmentCode)!,
    steps: consoleSteps,
    progress,
    result: kase.result,
  };
}

export interface CaseBlob {
  size: number;
  mime: string;
  name: string;
}

/**
 * A blob the case refers to (a scan, the window's receipt, a supplement), when complete at
 * the center and the reviewer's department has a step on the case; otherwise null.
 */
export async function caseBlob(db: Db, caseId: string, sha256: string, departmentCode: string): Promise<CaseBlob | null> {
  const [row] = await db.query<{ size: string | number }>(
    `SELECT sb.size FROM sync_blobs sb
      WHERE sb.sha256 = $2 AND sb.state = 'complete'
        AND EXISTS (SELECT 1 FROM workflow_steps w WHERE w.case_id = $1 AND w.department_code = $3)
        AND EXISTS (SELECT 1 FROM sync_records r CROSS JOIN LATERAL jsonb_array_elements_text(r.record::jsonb -> 'blobs') AS b(sha)
                     WHERE r.case_id = $1 AND b.sha = $2)`,
    [caseId, sha256, departmentCode],
  );
  if (!row) return null;
  const [rec] = await db.query<{ scan: unknown }>(
    `SELECT s AS scan FROM sync_events e
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.data -> 'materials') = 'array' THEN e.data -> 'materials' ELSE '[]'::jsonb END) AS m
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(m -> 'scans') = 'array' THEN m -> 'scans' ELSE '[]'::jsonb END) AS s
      WHERE e.case_id = $1 AND s ->> 'sha256' = $2 ORDER BY e.seq LIMIT 1`,
    [caseId, sha256],
  );
  const scan = rec ? jsonOf<{ name?: unknown; mediaType?: unknown }>(rec.scan) : null;
  return {
    size: Number(row.size),
    mime: typeof scan?.mediaType === 'string' ? scan.mediaType : '',
    name: typeof scan?.name === 'string' ? scan.name : `${sha256.slice(0, 12)}`,
  };
}

/** The bytes of a complete blob, chunk by chunk in order (never the whole file in memory). */
export async function* blobChunks(db: Db, sha256: string): AsyncGenerator<Buffer> {
  const starts = await db.query<{ start: string | number }>('SELECT start FROM sync_blob_chunks WHERE sha256 = $1 ORDER BY start', [sha256]);
  for (const { start } of starts) {
    const [c] = await db.query<{ data: Uint8Array }>('SELECT data FROM sync_blob_chunks WHERE sha256 = $1 AND start = $2', [sha256, start]);
    if (c) yield Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  }
}

/** The media type of a blob from its first bytes, when its record does not say. */
export function sniffMime(head: Buffer): string {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return 'application/octet-stream';
}
