/**
 * Routing (一门受理、抄报相关、同步审查): when the center applies a window's acceptance
 * ('accepted' or 'accepted-with-gap'), the case goes — in the same transaction — to every
 * reviewing department of its item's implementation in the responsible region
 * (implementations.review_department_codes; for a proxy acceptance that region is not the
 * window's), one step each with its own clock, and the accepting window learns it by pull
 * ('routed'). A later 'supplement-received' resumes the steps awaiting it.
 *
 * Refused, supplement-notice and completed-on-the-spot cases are never routed.
 */
import type { Db } from '../store/index';
import { supplementReceived } from './actions';
import { centerCalendar, provinceDate } from './calendar';
import { stepDueDate } from './clock';
import { recordProgress } from './progress';
import { jsonOf } from './rows';
import { randomUUID } from 'node:crypto';

export const ROUTED_EVENT_TYPES: ReadonlySet<string> = new Set(['accepted', 'accepted-with-gap']);

export interface AppliedEvent {
  caseId: string;
  seq: number;
  type: string;
  at: string;
  data: unknown;
}

/** Called by sync/push.ts inside the transaction that applies each accepted record. */
export async function onCaseEvent(tx: Db, ev: AppliedEvent): Promise<void> {
  if (ROUTED_EVENT_TYPES.has(ev.type)) await routeCase(tx, ev);
  else if (ev.type === 'supplement-received') {
    const stepId = (ev.data as { stepId?: unknown } | null)?.stepId;
    await supplementReceived(tx, ev.caseId, ev.at, typeof stepId === 'string' && /^[0-9a-f-]{36}$/i.test(stepId) ? stepId.toLowerCase() : null);
  }
}

interface Received {
  item?: { name?: unknown; promisedDays?: unknown };
  applicant?: { name?: unknown };
}

export async function routeCase(tx: Db, ev: AppliedEvent): Promise<boolean> {
  const [held] = await tx.query('SELECT 1 FROM workflow_case_state WHERE case_id = $1', [ev.caseId]);
  if (held) return false;
  const [c] = await tx.query<{ case_number: string; window_id: string; region_code: string; implementation_code: string }>(
    'SELECT case_number, window_id, region_code, implementation_code FROM sync_cases WHERE case_id = $1',
    [ev.caseId],
  );
  if (!c) return false;
  const [impl] = await tx.query<{ department_code: string; review_department_codes: unknown; promised_days: number; item_name: string }>(
    `SELECT im.department_code, im.review_department_codes, im.promised_days, i.name AS item_name
       FROM implementations im JOIN items i ON i.item_code = im.item_code WHERE im.implementation_code = $1`,
    [c.implementation_code],
  );
  if (!impl) return false;
  const [rec] = await tx.query<{ data: unknown }>(`SELECT data FROM sync_events WHERE case_id = $1 AND type = 'received' ORDER BY seq LIMIT 1`, [ev.caseId]);
  const received = (rec ? jsonOf<Received>(rec.data) : {}) ?? {};

  // The reviewing departments in catalog order; a code the catalog does not know is skipped, the lead department stands in if none is left.
  const wanted = jsonOf<string[]>(impl.review_department_codes);
  const known = await tx.query<{ code: string }>('SELECT code FROM departments WHERE code = ANY($1::text[])', [wanted]);
  const knownSet = new Set(known.map((d) => d.code));
  let departments = [...new Set(wanted.filter((d) => knownSet.has(d)))];
  if (!departments.length) departments = [impl.department_code];

  // The promise made to the applicant at the window (the item snapshot), else the catalog's.
  const snap = received.item?.promisedDays;
  const promisedDays = typeof snap === 'number' && Number.isInteger(snap) && snap >= 0 && snap <= 365 ? snap : Number(impl.promised_days);
  const acceptedAt = new Date(ev.at).toISOString();
  const acceptedOn = provinceDate(ev.at);
  const joint = departments.length > 1;
  const cal = await centerCalendar(tx);
  const due = stepDueDate({ acceptedOn, promisedDays, joint, extensions: [], pauses: [] }, cal);
  const now = new Date().toISOString();
  const itemName = typeof received.item?.name === 'string' && received.item.name ? received.item.name : impl.item_name;
  const applicantName = typeof received.applicant?.name === 'string' ? received.applicant.name : '';

  await tx.query(
    `INSERT INTO workflow_case_state (case_id, status, lead_department_code, item_name, applicant_name, accepted_at, accepted_on, promised_days,
                                      steps, gap_open, due_date, routed_at, updated_at)
     VALUES ($1, 'in-review', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
    [ev.caseId, impl.department_code, itemName, applicantName, acceptedAt, acceptedOn, promisedDays, departments.length, ev.type === 'accepted-with-gap', due, now],
  );
  await tx.query(
    `INSERT INTO workflow_steps (step_id, case_id, department_code, position, status, due_date, created_at, updated_at)
     SELECT x.step_id, $1, x.department_code, x.position, 'pending', $2, $3, $3
       FROM jsonb_to_recordset($4::jsonb) AS x(step_id uuid, department_code text, position int)`,
    [ev.caseId, due, now, JSON.stringify(departments.map((d, position) => ({ step_id: randomUUID(), department_code: d, position })))],
  );
  await recordProgress(
    tx,
    { caseId: ev.caseId, caseNumber: c.case_number, windowId: c.window_id, regionCode: c.region_code.trim() },
    { stepId: null, departmentCode: null, departmentName: null, type: 'routed', caseStatus: 'in-review', dueDate: due, eventAt: now, actor: 'center' },
  );
  return true;
}
