/**
 * A case (办件) as the window records it: the item it is for (a snapshot of the catalog
 * entry at intake, so later catalog versions never rewrite what was accepted), the
 * applicant and agent, the item's own form, the state of each material, and the
 * decision. The window is authoritative for what it accepted; the center for what
 * happens after.
 */
import { z } from 'zod';
import { type CatalogItem, Department, ImplementationCode, ItemCode } from './catalog';
import { CaseType, RegionCode } from './codes';
import { DocumentTypeCode } from './identifiers/document-types';
import { SupervisorOverride } from './identifiers/credit-code';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式必须是 YYYY-MM-DD');
const IsoDateTime = z.iso.datetime({ offset: true, message: '时间必须是带时区的 ISO 8601 时间' });
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 必须是64位小写十六进制');
const Name = z.string().trim().min(1, '姓名/名称不能为空').max(100, '不超过100字');
const Phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\+?\d{6,20})$/, '联系电话格式不正确 (手机11位或固定电话)');

/** The catalog entry as it was when the case was taken in. */
export const ItemSnapshot = z.object({
  implementationCode: ImplementationCode,
  itemCode: ItemCode,
  name: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
  department: Department,
  reviewDepartments: z.array(Department).min(1),
  statutoryDays: z.number().int().min(0),
  promisedDays: z.number().int().min(0),
  caseType: CaseType,
  catalogVersion: z.number().int().min(1),
});
export type ItemSnapshot = z.infer<typeof ItemSnapshot>;

export function snapshotOf(item: CatalogItem, catalogVersion: number): ItemSnapshot {
  return {
    implementationCode: item.implementationCode,
    itemCode: item.itemCode,
    name: item.name,
    regionCode: item.regionCode,
    regionName: item.regionName,
    department: item.department,
    reviewDepartments: item.reviewDepartments,
    statutoryDays: item.statutoryDays,
    promisedDays: item.promisedDays,
    caseType: item.caseType,
    catalogVersion,
  };
}

export const PersonIdentity = z.object({
  name: Name,
  documentType: DocumentTypeCode,
  documentNumber: z.string().trim().min(1, '证件号码不能为空').max(40),
});

export const PersonApplicant = PersonIdentity.extend({
  kind: z.literal('person'),
  phone: Phone.optional(),
  address: z.string().max(200).optional(),
});
export type PersonApplicant = z.infer<typeof PersonApplicant>;

export const OrganisationApplicant = z.object({
  kind: z.literal('organisation'),
  name: Name,
  creditCode: z.string().trim().min(1, '统一社会信用代码不能为空').max(18),
  /** Present only when the code fails its check character and a supervisor let it through. */
  creditCodeOverride: SupervisorOverride.optional(),
  legalRepresentative: PersonIdentity,
  phone: Phone.optional(),
  address: z.string().max(200).optional(),
});
export type OrganisationApplicant = z.infer<typeof OrganisationApplicant>;

export const Applicant = z.discriminatedUnion('kind', [PersonApplicant, OrganisationApplicant]);
export type Applicant = z.infer<typeof Applicant>;

/** Someone applying on the applicant's behalf, with a power of attorney (授权委托书). */
export const Agent = PersonIdentity.extend({
  phone: Phone.optional(),
  /** Blob id of the scanned power of attorney. */
  powerOfAttorneyBlob: Sha256Hex.optional(),
});
export type Agent = z.infer<typeof Agent>;

/** A scan attached to a material: the bytes live in the blob store, keyed by SHA-256. */
export const BlobRef = z.object({
  sha256: Sha256Hex,
  name: z.string().min(1).max(255),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size: z.number().int().positive(),
  pages: z.number().int().positive().optional(),
});
export type BlobRef = z.infer<typeof BlobRef>;

export const MaterialState = z.object({
  materialId: z.string().min(1).max(32),
  name: z.string(),
  required: z.boolean(),
  tolerable: z.boolean(),
  originalsRequired: z.number().int().min(0),
  copiesRequired: z.number().int().min(0),
  originalSeen: z.boolean(),
  copiesReceived: z.number().int().min(0).max(99),
  scans: z.array(BlobRef).max(20),
  /** Satisfied by an electronic licence instead of paper (rule 10). */
  licence: z
    .object({
      licenceNumber: z.string().max(64),
      trustGrade: z.enum(['A', 'B', 'C', 'D']),
      /** Grade C: the clerk checked it against the original (rule 10). */
      originalChecked: z.boolean().optional(),
      licenceType: z.string().max(64).optional(),
      /** SHA-256 of the licence document in the province's licence library. */
      documentSha256: Sha256Hex.optional(),
    })
    .optional(),
  note: z.string().max(500).optional(),
});
export type MaterialState = z.infer<typeof MaterialState>;

export const Deficiency = z.object({
  materialId: z.string().max(32).optional(),
  text: z.string().trim().min(1, '补正内容不能为空').max(500),
});

export const Decision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), at: IsoDateTime, clerkId: z.string() }),
  z.object({
    kind: z.literal('accept-with-gap'),
    at: IsoDateTime,
    clerkId: z.string(),
    /** The tolerated missing materials, the applicant's signed commitment and its deadline. */
    gapMaterialIds: z.array(z.string()).min(1, '容缺受理必须列出所缺材料'),
    commitmentDeadline: IsoDate,
    commitmentSigned: z.literal(true, { message: '容缺受理需申请人签署承诺书' }),
  }),
  z.object({
    kind: z.literal('refuse'),
    at: IsoDateTime,
    clerkId: z.string(),
    reason: z.string().trim().min(4, '不予受理必须写明理由 (至少4个字)').max(1000),
  }),
  z.object({
    kind: z.literal('supplement'),
    at: IsoDateTime,
    clerkId: z.string(),
    deficiencies: z.array(Deficiency).min(1, '补正告知必须一次性列明全部需补正内容'),
  }),
  z.object({ kind: z.literal('complete'), at: IsoDateTime, clerkId: z.string() }),
]);
export type Decision = z.infer<typeof Decision>;
export type DecisionKind = Decision['kind'];

export const CaseStatus = z.enum([
  'draft',
  /** 已受理 (including tolerated-gap acceptance) */
  'accepted',
  /** 不予受理 */
  'refused',
  /** 补正告知: waiting for the applicant to supplement */
  'awaiting-supplement',
  /** 办结 (an immediate case decided on the spot, or finished by the center) */
  'completed',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  draft: '草稿',
  accepted: '已受理',
  refused: '不予受理',
  'awaiting-supplement': '待补正',
  completed: '已办结',
};

export const Case = z.object({
  /** Client-generated UUID: the record's identity everywhere. */
  id: z.uuid(),
  caseNumber: z.string().max(50),
  windowId: z.string().min(1).max(64),
  clerkId: z.string().min(1).max(64),
  deviceId: z.string().min(1).max(32),
  /** The accepting window's region; the item snapshot names the responsible region. */
  windowRegionCode: RegionCode,
  item: ItemSnapshot,
  applicant: Applicant,
  agent: Agent.optional(),
  form: z.record(z.string(), z.union([z.string(), z.number()])),
  materials: z.array(MaterialState),
  status: CaseStatus,
  /** When the application was received at the window (rule 2's clock starts here). */
  receivedAt: IsoDateTime,
  decision: Decision.optional(),
  /** Due date in working days (accepted cases). */
  dueDate: IsoDate.optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Case = z.infer<typeof Case>;

/** Materials still missing: required, and neither originals/copies received nor a licence. */
export function missingMaterials(materials: readonly MaterialState[]): MaterialState[] {
  return materials.filter((m) => m.required && !materialSatisfied(m));
}

/**
 * Rule 10: an electronic licence of grade A (issued with a seal) or B (checked against the
 * original) replaces paper; grade C (uploaded) only once the clerk has checked the original;
 * grade D never — the paper rules apply as if there were no licence.
 */
export function materialSatisfied(m: MaterialState): boolean {
  if (m.licence && (m.licence.trustGrade === 'A' || m.licence.trustGrade === 'B')) return true;
  if (m.licence?.trustGrade === 'C' && (m.licence.originalChecked === true || m.originalSeen)) return true;
  const originalsOk = m.originalsRequired === 0 || m.originalSeen;
  const copiesOk = m.copiesReceived >= m.copiesRequired;
  return originalsOk && copiesOk && (m.originalsRequired > 0 || m.copiesRequired > 0 || m.scans.length > 0);
}

export interface DecisionProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * The rules a decision must satisfy before it is recorded (shared/DOMAIN.md rules 1, 3, 5).
 * Returns every problem at once, each naming the field and the rule.
 */
export function checkDecision(c: Pick<Case, 'materials' | 'item'>, decision: Decision): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const missing = missingMaterials(c.materials);
  switch (decision.kind) {
    case 'accept':
      for (const m of missing)
        problems.push({
          field: `materials.${m.materialId}`,
          rule: 'rule-1',
          message: `必要材料「${m.name}」未齐全，不能受理；可补正告知，或对非关键材料容缺受理 (规则1)`,
        });
      break;
    case 'accept-with-gap': {
      const gap = new Set(decision.gapMaterialIds);
      for (const m of missing) {
        if (!gap.has(m.materialId))
          problems.push({ field: `materials.${m.materialId}`, rule: 'rule-1', message: `必要材料「${m.name}」未齐全，且未列入容缺 (规则1)` });
        else if (!m.tolerable)
          problems.push({ field: `materials.${m.materialId}`, rule: 'rule-1', message: `「${m.name}」是关键材料，不可容缺受理 (规则1)` });
      }
      for (const id of gap)
        if (!missing.some((m) => m.materialId === id))
          problems.push({ field: 'gapMaterialIds', rule: 'rule-1', message: `容缺清单中的材料 ${id} 并未缺少` });
      if (c.item.caseType === '1')
        problems.push({ field: 'decision', rule: 'rule-5', message: '即办件当场办结，不适用容缺受理 (规则5)' });
      break;
    }
    case 'complete':
      if (c.item.caseType !== '1')
        problems.push({ field: 'decision', rule: 'rule-5', message: '只有即办件可以当场办结 (规则5)' });
      for (const m of missing)
        problems.push({ field: `materials.${m.materialId}`, rule: 'rule-1', message: `必要材料「${m.name}」未齐全，不能办结 (规则1)` });
      break;
    case 'supplement': {
      // Rule 2: every deficiency at once — each missing material must be named.
      const named = new Set(decision.deficiencies.map((d) => d.materialId).filter(Boolean));
      for (const m of missing)
        if (!named.has(m.materialId))
          problems.push({ field: `deficiencies`, rule: 'rule-2', message: `补正告知须一次性列明全部缺件：未列入「${m.name}」 (规则2)` });
      break;
    }
    case 'refuse':
      break;
  }
  return problems;
}

/** The status a decision moves a case to. */
export function statusAfter(decision: Decision): CaseStatus {
  switch (decision.kind) {
    case 'accept':
    case 'accept-with-gap':
      return 'accepted';
    case 'refuse':
      return 'refused';
    case 'supplement':
      return 'awaiting-supplement';
    case 'complete':
      return 'completed';
  }
}
