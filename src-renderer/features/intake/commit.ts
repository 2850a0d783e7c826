/**
 * From the intake on screen to what is recorded: every problem that stops the decision
 * (each with the field it belongs to), the IntakeCommit for CasesRepository.commit, and
 * the Case record the decision's document is rendered from. Pure.
 */
import {
  Case,
  checkDecision,
  Decision,
  snapshotOf,
  statusAfter,
  type DecisionKind,
  type MaterialState,
} from '../../../src-shared/domain/case';
import type { WorkingCalendar } from '../../../src-shared/domain/calendar';
import { compareIsoDate, isIsoDate } from '../../../src-shared/domain/dates';
import type { IntakeCommit } from '../../db/casesRepository';
import { previewDueDate, type DuePreview } from './deadline';
import { effectiveDecision, materialStates, missingOf, STEPS, syncDeficiencies, type IntakeData, type Msg, type StepKey } from './model';
import { checkApplicant, checkForm } from './validation';
import { zh } from './words';

export interface Problem {
  /** Where it shows: `materials.<id>`, `reason`, `deficiencies[.<i>.text]`, `commitmentDeadline`, `applicant.<field>`, `form.<key>`, … */
  field: string;
  rule?: string;
  message: Msg;
}

export interface WindowInfo {
  id: string;
  name: string;
  regionCode: string;
  centerName: string;
  address?: string;
}

export interface IntakeContext {
  /** The decision's time (ISO 8601). */
  now: string;
  /** Local date of `now`, YYYY-MM-DD. */
  today: string;
  windowId: string;
  clerkId: string;
  /** This window as cached from the center; null until it is. */
  window: WindowInfo | null;
  calendar: WorkingCalendar;
}

/** The written document each decision produces (rule 3). */
export const DOCUMENT_TYPE: Record<DecisionKind, DocumentType> = {
  accept: 'acceptance',
  'accept-with-gap': 'commitment',
  refuse: 'refusal',
  supplement: 'supplement',
  complete: 'completion',
};
export type DocumentType = 'acceptance' | 'refusal' | 'supplement' | 'commitment' | 'completion';

export function documentName(caseNumber: string, type: DocumentType): string {
  return `${caseNumber}-${zh(`intake.docName.${type}`)}.pdf`;
}

/** Which step a problem's field is on (to send the clerk there). */
export function stepOfField(field: string): StepKey {
  if (field === 'item') return 'item';
  if (field.startsWith('applicant.')) return 'applicant';
  if (field.startsWith('form.')) return 'materials';
  return 'decision';
}
export const stepIndex = (k: StepKey) => STEPS.indexOf(k);

/** The deficiency line prefilled for a missing material (the applicant reads it: Chinese). */
export function deficiencyText(m: Pick<MaterialState, 'name' | 'originalsRequired' | 'copiesRequired'>): string {
  const parts: string[] = [];
  if (m.originalsRequired > 0) parts.push(zh('intake.deficiency.originals', { n: m.originalsRequired }));
  if (m.copiesRequired > 0) parts.push(zh('intake.deficiency.copies', { n: m.copiesRequired }));
  return parts.length ? zh('intake.deficiency.line', { name: m.name, need: parts.join(zh('common.listSep')) }) : m.name;
}

/** Keep derived parts consistent after every change: the notice lists every missing material. */
export function normalise(d: IntakeData): IntakeData {
  if (!d.item) return d;
  const rows = syncDeficiencies(d.decision.deficiencies, missingOf(d), deficiencyText);
  const same = rows.length === d.decision.deficiencies.length && rows.every((r, i) => r === d.decision.deficiencies[i]);
  return same ? d : { ...d, decision: { ...d.decision, deficiencies: rows } };
}

/** The decision as the domain records it (validated by the shared schema afterwards). */
export function decisionInput(data: IntakeData, kind: DecisionKind, clerkId: string, at: string): unknown {
  const d = data.decision;
  switch (kind) {
    case 'accept':
    case 'complete':
      return { kind, at, clerkId };
    case 'accept-with-gap':
      return { kind, at, clerkId, gapMaterialIds: d.gapMaterialIds, commitmentDeadline: d.commitmentDeadline, commitmentSigned: d.commitmentSigned };
    case 'refuse':
      return { kind, at, clerkId, reason: d.reason };
    case 'supplement':
      return { kind, at, clerkId, deficiencies: d.deficiencies.map((r) => ({ ...(r.materialId ? { materialId: r.materialId } : {}), text: r.text })) };
  }
}

/** The commit without what only exists at saving time (case number, blobs, document). */
export type IntakeCommitBase = Omit<IntakeCommit, 'caseNumber' | 'blobs' | 'document' | 'draftId'>;

export interface IntakeCheck {
  kind: DecisionKind;
  problems: Problem[];
  due: DuePreview;
  materials: MaterialState[];
  commit?: IntakeCommitBase;
}

/**
 * Everything that stops this decision, at once: the applicant, the form (for decisions
 * that take the case in), the decision's own fields, the material rules of checkDecision
 * (rules 1, 2, 5) and the window this case is numbered under.
 */
export function checkIntake(data: IntakeData, ctx: IntakeContext): IntakeCheck {
  const kind = effectiveDecision(data);
  const problems: Problem[] = [];
  const materials = materialStates(data);
  const item = data.item;
  if (!item) return { kind, problems: [{ field: 'item', message: { key: 'intake.err.noItem' } }], due: { kind: 'none' }, materials };

  const applicant = checkApplicant(data, ctx.today);
  for (const [field, message] of Object.entries(applicant.errors)) problems.push({ field: `applicant.${field}`, message });

  const takesIn = kind === 'accept' || kind === 'accept-with-gap' || kind === 'complete';
  const form = checkForm(item.formFields, data.form);
  if (takesIn) for (const [field, message] of Object.entries(form.errors)) problems.push({ field, message });

  if (kind === 'complete' && item.caseType !== '1') problems.push({ field: 'decision', rule: 'rule-5', message: { key: 'intake.err.completeNotImmediate' } });

  // The decision's own fields.
  const d = data.decision;
  let deadlineChecked = false;
  if (kind === 'accept-with-gap') {
    if (!d.commitmentDeadline) {
      problems.push({ field: 'commitmentDeadline', rule: 'rule-1', message: { key: 'intake.err.deadlineMissing' } });
      deadlineChecked = true;
    } else if (isIsoDate(d.commitmentDeadline) && compareIsoDate(d.commitmentDeadline, ctx.today) <= 0) {
      problems.push({ field: 'commitmentDeadline', rule: 'rule-1', message: { key: 'intake.err.deadlinePast', params: { today: ctx.today } } });
      deadlineChecked = true;
    }
  }
  const parsed = Decision.safeParse(decisionInput(data, kind, ctx.clerkId, ctx.now));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length ? issue.path.join('.') : 'decision';
      if (deadlineChecked && field === 'commitmentDeadline') continue;
      problems.push({ field, message: { text: issue.message } });
    }
  } else {
    for (const p of checkDecision({ materials, item: snapshotOf(item, data.catalogVersion ?? 1) }, parsed.data))
      problems.push({ field: p.field, rule: p.rule, message: { text: p.message } });
  }

  if (!ctx.window) problems.push({ field: 'window', message: { key: 'intake.err.noWindow', params: { id: ctx.windowId } } });
  if (data.catalogVersion === null) problems.push({ field: 'item', message: { key: 'intake.err.noCatalogVersion' } });

  const due = previewDueDate(kind, item, ctx.today, ctx.calendar);
  if (problems.length || !parsed.success || !applicant.applicant || !ctx.window) return { kind, problems, due, materials };

  const commit: IntakeCommitBase = {
    id: data.id,
    windowId: ctx.windowId,
    clerkId: ctx.clerkId,
    windowRegionCode: ctx.window.regionCode,
    item: snapshotOf(item, data.catalogVersion!),
    applicant: applicant.applicant,
    ...(applicant.agent ? { agent: applicant.agent as IntakeCommitBase['agent'] } : {}),
    form: form.values,
    materials,
    receivedAt: data.receivedAt,
    decision: parsed.data,
    ...(due.kind === 'date' ? { dueDate: due.date } : {}),
    ...(due.kind === 'pending' ? { dueDatePending: zh('intake.due.pending', { year: due.year }) } : {}),
  };
  return { kind, problems, due, materials, commit };
}

/** The full case record, as it will be committed, for rendering its document first. */
export function caseForDocument(base: IntakeCommitBase, caseNumber: string, deviceId: string, now: string): Case {
  return Case.parse({
    id: base.id,
    caseNumber,
    windowId: base.windowId,
    clerkId: base.clerkId,
    deviceId,
    windowRegionCode: base.windowRegionCode,
    item: base.item,
    applicant: base.applicant,
    ...(base.agent ? { agent: base.agent } : {}),
    form: base.form,
    materials: base.materials,
    status: statusAfter(base.decision),
    receivedAt: base.receivedAt,
    decision: base.decision,
    ...(base.dueDate ? { dueDate: base.dueDate } : {}),
    createdAt: now,
    updatedAt: now,
  });
}
