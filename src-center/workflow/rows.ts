/**
 * Reading the workflow tables: a routed case (its state and the sync_cases row it belongs
 * to) and its steps, as plain objects. Both PostgreSQL and PGlite hand back timestamptz as
 * Date and jsonb parsed; the helpers accept strings too.
 */
import type { CenterCaseStatus, ResultInfo, StepStatus } from '../../src-shared/protocol/workflow';
import type { Db } from '../store/index';
import type { StepClockData, StoredExtension, StoredPause } from './clock';

export const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
export const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));
export function jsonOf<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export interface CaseState {
  caseId: string;
  caseNumber: string;
  windowId: string;
  /** The accepting window's county: where the case's changes go. */
  regionCode: string;
  /** The responsible region (the item's implementation). */
  itemRegionCode: string;
  implementationCode: string;
  status: CenterCaseStatus;
  leadDepartmentCode: string;
  itemName: string;
  applicantName: string;
  acceptedAt: string;
  acceptedOn: string;
  promisedDays: number;
  steps: number;
  gapOpen: boolean;
  dueDate: string | null;
  result: ResultInfo | null;
}

export interface Step extends StepClockData {
  stepId: string;
  caseId: string;
  departmentCode: string;
  departmentName: string;
  position: number;
  status: StepStatus;
  dueDate: string | null;
  extendedDays: number;
  pausedAt: string | null;
  pauseKind: 'supplement' | 'special-procedure' | null;
  reviewerId: string | null;
  reviewerName: string | null;
  opinion: string | null;
  reasons: string[];
  decidedAt: string | null;
}

const CASE_SQL = `
SELECT s.case_id::text AS case_id, c.case_number, c.window_id, c.region_code, c.item_region_code, c.implementation_code,
       s.status, s.lead_department_code, s.item_name, s.applicant_name, s.accepted_at, s.accepted_on, s.promised_days,
       s.steps, s.gap_open, s.due_date, s.result
  FROM workflow_case_state s JOIN sync_cases c ON c.case_id = s.case_id
 WHERE s.case_id = $1`;

type CaseRow = Record<string, unknown>;

function caseOf(r: CaseRow): CaseState {
  return {
    caseId: String(r.case_id),
    caseNumber: String(r.case_number),
    windowId: String(r.window_id),
    regionCode: String(r.region_code).trim(),
    itemRegionCode: String(r.item_region_code).trim(),
    implementationCode: String(r.implementation_code),
    status: r.status as CenterCaseStatus,
    leadDepartmentCode: String(r.lead_department_code),
    itemName: String(r.item_name),
    applicantName: String(r.applicant_name),
    acceptedAt: iso(r.accepted_at),
    acceptedOn: String(r.accepted_on),
    promisedDays: Number(r.promised_days),
    steps: Number(r.steps),
    gapOpen: Boolean(r.gap_open),
    dueDate: (r.due_date as string | null) ?? null,
    result: r.result == null ? null : jsonOf<ResultInfo>(r.result),
  };
}

/** The case's state; `lock` takes its row lock (FOR UPDATE), which serialises every change to one case. */
export async function loadCase(db: Db, caseId: string, lock = false): Promise<CaseState | null> {
  const [row] = await db.query<CaseRow>(lock ? `${CASE_SQL} FOR UPDATE OF s` : CASE_SQL, [caseId]);
  return row ? caseOf(row) : null;
}

const STEPS_SQL = `
SELECT w.step_id::text AS step_id, w.case_id::text AS case_id, w.department_code, d.name AS department_name, w.position, w.status,
       w.due_date, w.extended_days, w.extensions, w.pauses, w.paused_at, w.pause_kind, w.reviewer_id::text AS reviewer_id,
       r.name AS reviewer_name, w.opinion, w.reasons, w.decided_at, s.accepted_on, s.promised_days, s.steps
  FROM workflow_steps w
  JOIN workflow_case_state s ON s.case_id = w.case_id
  JOIN departments d ON d.code = w.department_code
  LEFT JOIN reviewers r ON r.id = w.reviewer_id
 WHERE w.case_id = $1
 ORDER BY w.position`;

function stepOf(r: CaseRow): Step {
  return {
    stepId: String(r.step_id),
    caseId: String(r.case_id),
    departmentCode: String(r.department_code),
    departmentName: String(r.department_name),
    position: Number(r.position),
    status: r.status as StepStatus,
    dueDate: (r.due_date as string | null) ?? null,
    extendedDays: Number(r.extended_days),
    extensions: jsonOf<StoredExtension[]>(r.extensions),
    pauses: jsonOf<StoredPause[]>(r.pauses),
    pausedAt: isoOrNull(r.paused_at),
    pauseKind: (r.pause_kind as Step['pauseKind']) ?? null,
    reviewerId: (r.reviewer_id as string | null) ?? null,
    reviewerName: (r.reviewer_name as string | null) ?? null,
    opinion: (r.opinion as string | null) ?? null,
    reasons: jsonOf<string[]>(r.reasons),
    decidedAt: isoOrNull(r.decided_at),
    acceptedOn: String(r.accepted_on),
    promisedDays: Number(r.promised_days),
    joint: Number(r.steps) > 1,
  };
}

export async function loadSteps(db: Db, caseId: string): Promise<Step[]> {
  return (await db.query<CaseRow>(STEPS_SQL, [caseId])).map(stepOf);
}

/** Writes the mutable part of a step back. */
export async function saveStep(db: Db, s: Step, now: Date): Promise<void> {
  await db.query(
    `UPDATE workflow_steps SET status = $2, due_date = $3, extended_days = $4, extensions = $5::jsonb, pauses = $6::jsonb,
            paused_at = $7, pause_kind = $8, pause_procedure = $9, pause_reason = $10, reviewer_id = $11, opinion = $12,
            reasons = $13::jsonb, decided_at = $14, updated_at = $15
      WHERE step_id = $1`,
    [
      s.stepId,
      s.status,
      s.dueDate,
      s.extendedDays,
      JSON.stringify(s.extensions),
      JSON.stringify(s.pauses),
      s.pausedAt,
      s.pauseKind,
      s.pauseKind ? (s.pauses.at(-1)?.procedure ?? null) : null,
      s.pauseKind ? (s.pauses.at(-1)?.reason ?? null) : null,
      s.reviewerId,
      s.opinion,
      JSON.stringify(s.reasons),
      s.decidedAt,
      now.toISOString(),
    ],
  );
}
