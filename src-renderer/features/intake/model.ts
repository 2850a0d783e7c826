/**
 * The intake as the clerk fills it in: one plain, serialisable object, autosaved as a
 * draft (DraftRow.data) and turned into an IntakeCommit when the clerk decides. Pure:
 * no React, no Dexie, no DOM.
 */
import { CatalogItem } from '../../../src-shared/domain/catalog';
import { missingMaterials, type BlobRef, type DecisionKind, type MaterialState } from '../../../src-shared/domain/case';
import type { SupervisorOverride } from '../../../src-shared/domain/identifiers/credit-code';
import type { DocumentTypeCode } from '../../../src-shared/domain/identifiers/document-types';
import type { MessageKey } from '../../app/i18n/zh-CN';

/** A message for the clerk: a dictionary key, or a text that is already worded (src-shared's Chinese messages). */
export type Msg = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

export const STEPS = ['item', 'applicant', 'materials', 'decision'] as const;
export type StepKey = (typeof STEPS)[number];
export const LAST_STEP = STEPS.length - 1;

export type ApplicantKind = 'person' | 'organisation';

export interface PersonFields {
  documentType: DocumentTypeCode;
  documentNumber: string;
  name: string;
  phone: string;
  address: string;
}

export interface OrgFields {
  creditCode: string;
  name: string;
  legalName: string;
  legalDocType: DocumentTypeCode;
  legalDocNumber: string;
  phone: string;
  address: string;
  /** The supervisor's override of a credit code that fails its check character, for `overrideFor`. */
  override: SupervisorOverride | null;
  /** The (normalised) code the override was given for; a changed code needs a new one. */
  overrideFor: string | null;
}

export interface AgentFields {
  enabled: boolean;
  documentType: DocumentTypeCode;
  documentNumber: string;
  name: string;
  phone: string;
  /** The power of attorney (授权委托书), scanned into one PDF. */
  powerOfAttorney: BlobRef | null;
}

export interface MaterialFields {
  originalSeen: boolean;
  copiesReceived: number;
  /** All pages received for this material, combined into one PDF. */
  scan: BlobRef | null;
  /** An electronic licence used instead of paper (rule 10; features/verification/licences.ts). */
  licence?: MaterialState['licence'] | null;
}

export interface DeficiencyRow {
  /** Stable row id (React key, focus). */
  id: string;
  /** The missing material this row names; absent for a free line the clerk added. */
  materialId?: string;
  text: string;
}

export interface DecisionFields {
  /** What the clerk chose; null = not chosen yet (the screen suggests one). */
  kind: DecisionKind | null;
  reason: string;
  deficiencies: DeficiencyRow[];
  gapMaterialIds: string[];
  commitmentDeadline: string;
  commitmentSigned: boolean;
}

export interface IntakeData {
  v: 1;
  /** Draft id, and the case id once committed (uuid). */
  id: string;
  /** When the clerk started taking the application in (rule 2's clock). */
  receivedAt: string;
  /** The catalog entry as it was when chosen (later catalog versions never change it). */
  item: CatalogItem | null;
  catalogVersion: number | null;
  applicantKind: ApplicantKind;
  person: PersonFields;
  org: OrgFields;
  agent: AgentFields;
  /** The item's own form, as typed (numbers converted when committed). */
  form: Record<string, string>;
  materials: Record<string, MaterialFields>;
  decision: DecisionFields;
}

export function newIntake(id: string, receivedAt: string): IntakeData {
  return {
    v: 1,
    id,
    receivedAt,
    item: null,
    catalogVersion: null,
    applicantKind: 'person',
    person: { documentType: '111', documentNumber: '', name: '', phone: '', address: '' },
    org: { creditCode: '', name: '', legalName: '', legalDocType: '111', legalDocNumber: '', phone: '', address: '', override: null, overrideFor: null },
    agent: { enabled: false, documentType: '111', documentNumber: '', name: '', phone: '', powerOfAttorney: null },
    form: {},
    materials: {},
    decision: { kind: null, reason: '', deficiencies: [], gapMaterialIds: [], commitmentDeadline: '', commitmentSigned: false },
  };
}

/** Is this (from a draft row) an intake this version of the screen can resume? */
export function isIntakeData(x: unknown): x is IntakeData {
  const d = x as Partial<IntakeData> | null;
  return !!d && typeof d === 'object' && d.v === 1 && typeof d.id === 'string' && typeof d.receivedAt === 'string' && !!d.person && !!d.org && !!d.agent && !!d.decision;
}

/**
 * Choose (or change) the item. The item's form and materials start afresh unless it is
 * the same item; the applicant stays, moved to a kind the item allows.
 */
export function withItem(data: IntakeData, item: CatalogItem, catalogVersion: number | null): IntakeData {
  // Keep only the catalog fields (the cached row also carries search indexes).
  const clean = CatalogItem.parse(item);
  const same = data.item?.implementationCode === clean.implementationCode;
  const materials: Record<string, MaterialFields> = {};
  for (const m of clean.materials) materials[m.id] = (same ? data.materials[m.id] : undefined) ?? { originalSeen: false, copiesReceived: 0, scan: null };
  const form: Record<string, string> = {};
  for (const f of clean.formFields) form[f.key] = (same ? data.form[f.key] : undefined) ?? '';
  const kind = clean.applicantKinds.includes(data.applicantKind) ? data.applicantKind : clean.applicantKinds[0]!;
  return {
    ...data,
    item: clean,
    catalogVersion,
    applicantKind: kind,
    form,
    materials,
    decision: same ? data.decision : newIntake(data.id, data.receivedAt).decision,
  };
}

/** The materials as the case records them. */
export function materialStates(data: IntakeData): MaterialState[] {
  if (!data.item) return [];
  return data.item.materials.map((m) => {
    const f = data.materials[m.id] ?? { originalSeen: false, copiesReceived: 0, scan: null };
    return {
      materialId: m.id,
      name: m.name,
      required: m.required,
      tolerable: m.tolerable,
      originalsRequired: m.originals,
      copiesRequired: m.copies,
      originalSeen: m.originals > 0 ? f.originalSeen : false,
      copiesReceived: f.copiesReceived,
      scans: f.scan ? [f.scan] : [],
      ...(f.licence ? { licence: f.licence } : {}),
    };
  });
}

export function missingOf(data: IntakeData): MaterialState[] {
  return missingMaterials(materialStates(data));
}

/** Every blob the intake refers to (material scans, the power of attorney). */
export function referencedShas(data: IntakeData): Set<string> {
  const s = new Set<string>();
  for (const m of Object.values(data.materials)) if (m.scan) s.add(m.scan.sha256);
  if (data.agent.enabled && data.agent.powerOfAttorney) s.add(data.agent.powerOfAttorney.sha256);
  return s;
}

/** Every blob the draft holds on to, including an agent's scan while the agent is switched off. */
export function heldShas(data: IntakeData): Set<string> {
  const s = referencedShas(data);
  if (data.agent.powerOfAttorney) s.add(data.agent.powerOfAttorney.sha256);
  return s;
}

/** What the screen proposes before the clerk chooses: complete/accept when nothing is missing, else the one-time notice. */
export function suggestedDecision(data: IntakeData): DecisionKind {
  const immediate = data.item?.caseType === '1';
  if (missingOf(data).length === 0) return immediate ? 'complete' : 'accept';
  return 'supplement';
}

export function effectiveDecision(data: IntakeData): DecisionKind {
  return data.decision.kind ?? suggestedDecision(data);
}

/**
 * The notice to supplement names every missing material (rule 2): keep the clerk's
 * free lines and edited texts, drop lines of materials no longer missing, add a line for
 * each newly missing one.
 */
export function syncDeficiencies(rows: readonly DeficiencyRow[], missing: readonly MaterialState[], textFor: (m: MaterialState) => string): DeficiencyRow[] {
  const missingIds = new Set(missing.map((m) => m.materialId));
  const kept = rows.filter((r) => r.materialId === undefined || missingIds.has(r.materialId));
  const named = new Set(kept.map((r) => r.materialId).filter((x): x is string => !!x));
  const added = missing.filter((m) => !named.has(m.materialId)).map((m) => ({ id: `m:${m.materialId}`, materialId: m.materialId, text: textFor(m) }));
  // Material lines first, in checklist order; free lines after.
  const order = new Map(missing.map((m, i) => [m.materialId, i]));
  const materialRows = [...kept.filter((r) => r.materialId !== undefined), ...added].sort((a, b) => order.get(a.materialId!)! - order.get(b.materialId!)!);
  return [...materialRows, ...kept.filter((r) => r.materialId === undefined)];
}

/** Local calendar date YYYY-MM-DD of an instant. */
export function localIsoDate(at: Date | string = new Date()): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Name of the applicant as typed (for titles and suggestions). */
export function applicantName(data: IntakeData): string {
  return (data.applicantKind === 'person' ? data.person.name : data.org.name).trim();
}
