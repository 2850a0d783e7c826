/** The case view's pure parts: which actions are open on my step, rule 6 allowance, request bodies. */
import type { ConsoleCase, ConsoleFormField } from '../../../src-shared/protocol/console';
import type { CaseProgress, ResultKind } from '../../../src-shared/protocol/workflow';
import type { TFunction } from '../../app/i18n/translate';

export type ActionKind = 'approve' | 'refuse' | 'supplement' | 'extend' | 'pause' | 'resume' | 'issue';

/** Rule 6: +10 working days for one department, +15 for joint handling. */
export const EXTENSION_CAP_SINGLE = 10;
export const EXTENSION_CAP_JOINT = 15;

export function isJointCase(c: Pick<ConsoleCase, 'steps'>): boolean {
  return c.steps.length > 1;
}

export interface ExtensionAllowance {
  joint: boolean;
  cap: number;
  used: number;
  left: number;
}

export function extensionAllowance(c: Pick<ConsoleCase, 'steps' | 'myStep'>): ExtensionAllowance {
  const joint = isJointCase(c);
  const cap = joint ? EXTENSION_CAP_JOINT : EXTENSION_CAP_SINGLE;
  const used = c.myStep.extendedDays;
  return { joint, cap, used, left: Math.max(0, cap - used) };
}

const CLOSED_CASE = new Set<ConsoleCase['caseStatus']>(['approved', 'refused', 'completed']);

/** Why my step has nothing to do, when it has not. */
export type StepNote = 'case-closed' | 'step-done' | 'awaiting-supplement' | null;

export interface AvailableActions {
  actions: ActionKind[];
  note: StepNote;
}

/**
 * What the reviewer can do now. On a pending step: approve, refuse, ask for a supplement,
 * extend (while allowance is left), pause. On a paused step: resume. Once the case is
 * approved or refused and has no result yet, the lead department issues it (the center
 * refuses anyone else too).
 */
export function availableActions(c: Pick<ConsoleCase, 'caseStatus' | 'myStep' | 'steps' | 'result' | 'leadDepartmentCode'>): AvailableActions {
  const actions: ActionKind[] = [];
  let note: StepNote = null;
  if (CLOSED_CASE.has(c.caseStatus)) {
    note = c.myStep.status === 'approved' || c.myStep.status === 'refused' ? 'step-done' : 'case-closed';
    if ((c.caseStatus === 'approved' || c.caseStatus === 'refused') && c.result === null && c.myStep.departmentCode === c.leadDepartmentCode) actions.push('issue');
    return { actions, note };
  }
  switch (c.myStep.status) {
    case 'pending':
      actions.push('approve', 'refuse', 'supplement');
      if (extensionAllowance(c).left > 0) actions.push('extend');
      actions.push('pause');
      break;
    case 'paused':
      actions.push('resume');
      break;
    case 'awaiting-supplement':
      note = 'awaiting-supplement';
      break;
    case 'closed':
      note = 'case-closed';
      break;
    default:
      note = 'step-done';
  }
  return { actions, note };
}

/** Result kinds that fit the case: a refusal decision for a refused case, a licence or approval otherwise. */
export function resultKindsFor(c: Pick<ConsoleCase, 'caseStatus'>): ResultKind[] {
  return c.caseStatus === 'refused' ? ['refusal'] : ['licence', 'approval'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who did a progress step, in words: the center; me; the reviewer who decided that step; or
 * another actor's own label. A bare reviewer id of someone else tells the reader nothing: null.
 */
export function progressActor(
  p: Pick<CaseProgress, 'actor' | 'stepId' | 'type'>,
  steps: Pick<ConsoleCase['steps'][number], 'stepId' | 'reviewerName'>[],
  me: { id: string; name: string },
): { kind: 'center' } | { kind: 'name'; name: string } | null {
  if (p.actor === 'center') return { kind: 'center' };
  if (p.actor === me.id) return { kind: 'name', name: me.name };
  if (p.type === 'step-approved' || p.type === 'step-refused') {
    const name = steps.find((s) => s.stepId === p.stepId)?.reviewerName;
    if (name) return { kind: 'name', name };
  }
  return UUID.test(p.actor) ? null : { kind: 'name', name: p.actor };
}

export function verifyPath(code: string): string {
  return `/verify/${encodeURIComponent(code)}`;
}

export interface FormRow {
  key: string;
  /** The item's label; the key itself when the item no longer defines it. */
  label: string;
  /** False for a key the item no longer defines (changed since acceptance). */
  defined: boolean;
  value: string;
}

/** An answer as the reviewer reads it: yes/no for booleans, numbers and dates as given. */
export function formValueText(t: TFunction, value: ConsoleFormField['value']): string {
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  return String(value);
}

/**
 * The application form as label/value rows, in the item's order (the center's formFields);
 * a key without definition keeps its place after them, shown by its key. From a center that
 * sends only the raw form: its keys, in the order the window sent them.
 */
export function formRows(c: Pick<ConsoleCase, 'form' | 'formFields'>, t: TFunction): FormRow[] {
  const fields: ConsoleFormField[] = c.formFields ?? Object.entries(c.form).map(([key, value]) => ({ key, label: null, type: null, value }));
  return fields.map((f) => ({ key: f.key, label: f.label ?? f.key, defined: f.label !== null, value: formValueText(t, f.value) }));
}

const opt = (s: unknown): string | undefined => {
  if (typeof s !== 'string') return undefined;
  const v = s.trim();
  return v ? v : undefined;
};
const text = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');
const num = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

export interface ActionFormValues {
  opinion?: string;
  reasons?: (string | undefined)[];
  items?: ({ materialId?: string; text?: string } | undefined)[];
  days?: number | null;
  approver?: string;
  reason?: string;
  procedure?: string;
  note?: string;
  kind?: string;
  title?: string;
  body?: string;
  validUntil?: string;
  collectWindowId?: string;
}

/** The request body an action form's values make (trimmed; empty optional fields left out). */
export function requestBody(kind: ActionKind, v: ActionFormValues): Record<string, unknown> {
  switch (kind) {
    case 'approve':
      return opt(v.opinion) ? { opinion: opt(v.opinion) } : {};
    case 'refuse':
      return { reasons: (v.reasons ?? []).map(text) };
    case 'supplement':
      return { items: (v.items ?? []).map((i) => ({ ...(opt(i?.materialId) ? { materialId: opt(i?.materialId) } : {}), text: text(i?.text) })) };
    case 'extend':
      return { days: num(v.days), approver: text(v.approver), reason: text(v.reason) };
    case 'pause':
      return { procedure: v.procedure, reason: text(v.reason) };
    case 'resume':
      return opt(v.note) ? { note: opt(v.note) } : {};
    case 'issue':
      return {
        kind: v.kind,
        title: text(v.title),
        body: text(v.body),
        ...(opt(v.validUntil) ? { validUntil: opt(v.validUntil) } : {}),
        ...(opt(v.collectWindowId) ? { collectWindowId: opt(v.collectWindowId) } : {}),
      };
  }
}
