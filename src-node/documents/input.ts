/**
 * What a document is made from, validated before anything is drawn. Bad input is refused
 * with a DocumentInputError naming the field and the rule (Chinese first, English after).
 */
import { z } from 'zod';
import { Case, checkDecision, type Case as CaseT, type Decision } from '../../src-shared/domain/case';
import { RegionCode } from '../../src-shared/domain/codes';
import { DomainRuleError } from '../../src-shared/domain/errors';
import { chinaDateOf } from './text';

export const DOCUMENT_TYPES = ['acceptance', 'refusal', 'supplement', 'commitment', 'completion'] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES, {
  error: `文书类型必须是 ${DOCUMENT_TYPES.join(' / ')} 之一 (unknown document type)`,
});
export type DocumentType = z.infer<typeof DocumentType>;

/** The title printed on each document. */
export const DOCUMENT_TITLES: Record<DocumentType, string> = {
  acceptance: '受理通知书',
  refusal: '不予受理决定书',
  supplement: '补正材料告知书',
  commitment: '容缺受理承诺书',
  completion: '办结通知书',
};

export class DocumentInputError extends DomainRuleError {
  constructor(field: string, rule: string, message: string) {
    super(field, rule, message);
    this.name = 'DocumentInputError';
  }
}

const required = (zh: string, en: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? `${zh}不能为空 (${en} is required)` : `${zh}格式无效 (${en}: invalid)`),
});

const IsoDate = z
  .string(required('日期', 'date'))
  .refine((s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === s;
  }, '日期必须是真实存在的 YYYY-MM-DD (date must be a real YYYY-MM-DD)');

const Text = (zh: string, en: string, max: number) =>
  z
    .string(required(zh, en))
    .trim()
    .min(1, `${zh}不能为空 (${en} is required)`)
    .max(max, `${zh}不得超过${max}字 (${en}: at most ${max} characters)`);

export const WindowInfo = z.object(
  {
    /** 综合受理1号窗口 */
    name: Text('窗口名称', 'window.name', 100),
    /** 石家庄市长安区政务服务中心: the issuing organisation whose seal goes on the document. */
    centerName: Text('政务服务中心名称', 'window.centerName', 100),
    /** 石家庄市长安区 */
    regionName: Text('所在地区', 'window.regionName', 100),
    regionCode: RegionCode.optional(),
    address: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional(),
  },
  required('窗口信息', 'window'),
);
export type WindowInfo = z.infer<typeof WindowInfo>;

export const Verification = z.object(
  {
    code: z
      .string(required('核验码', 'verification.code'))
      .regex(/^[0-9A-Z][0-9A-Z-]{5,39}$/, '核验码必须是6到40位大写字母、数字或连字符 (verification code: 6-40 of A-Z 0-9 -)'),
    /** What the QR code carries; the code alone when absent. */
    url: z
      .string()
      .max(500)
      .regex(/^https?:\/\/\S+$/, '核验地址必须是 http(s):// 开头的网址 (verification url must be http(s))')
      .optional(),
  },
  required('核验信息', 'verification'),
);

const common = {
  case: Case,
  window: WindowInfo,
  clerk: z.object({ name: Text('受理人姓名', 'clerk.name', 50), id: z.string().max(64).optional() }, required('受理人', 'clerk')),
  /** 长安政服受字〔2026〕第000123号 (see formatDocumentNumber) */
  documentNumber: Text('文书编号', 'documentNumber', 60),
  /** The date the document is issued (成文日期), China calendar date. */
  issuedOn: IsoDate,
  verification: Verification,
  /** Replaces the default sentence citing the legal basis (e.g. for public-service items). */
  legalBasis: z.string().trim().min(1).max(500).optional(),
};

export const MissingMaterial = z.object({
  materialId: z.string().max(32).optional(),
  name: Text('所缺材料名称', 'missingMaterials[].name', 200),
});

export const DocumentInput = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('acceptance'), ...common }),
    z.object({
      type: z.literal('refusal'),
      ...common,
      reason: z
        .string({
          error: (iss) =>
            iss.input === undefined
              ? '不予受理决定书必须写明不予受理的理由 (reason is required for a refusal)'
              : '不予受理理由必须是文字 (reason must be text)',
        })
        .trim()
        .min(4, '不予受理理由至少4个字 (reason: at least 4 characters)')
        .max(1000, '不予受理理由不得超过1000字 (reason: at most 1000 characters)'),
      /** Where reconsideration is applied for; default 「{window.regionName}人民政府」 (the government of the deciding window's region). */
      reconsiderationBody: z.string().trim().min(2).max(100).optional(),
      /** Whether the materials were handed back on the spot (printed when true). */
      materialsReturned: z.boolean().optional(),
    }),
    z.object({
      type: z.literal('supplement'),
      ...common,
      deficiencies: z
        .array(
          z.object({
            materialId: z.string().max(32).optional(),
            text: z.string().trim().min(1, '补正内容不能为空 (deficiency text is required)').max(500, '每项补正内容不得超过500字'),
          }),
          {
            error: (iss) =>
              iss.input === undefined
                ? '补正告知书必须一次性列明全部需补正内容 (deficiencies are required)'
                : '补正内容必须是列表 (deficiencies must be a list)',
          },
        )
        .min(1, '补正告知书必须一次性列明全部需补正内容，至少一项 (deficiencies: at least one)')
        .max(100, '补正内容不得超过100项'),
      /** Supplement by this date (optional: many notices give none). */
      deadline: IsoDate.optional(),
    }),
    z.object({
      type: z.literal('commitment'),
      ...common,
      missingMaterials: z
        .array(MissingMaterial, {
          error: (iss) =>
            iss.input === undefined
              ? '容缺受理承诺书必须列明所缺材料 (missingMaterials are required)'
              : '所缺材料必须是列表 (missingMaterials must be a list)',
        })
        .min(1, '容缺受理承诺书必须列明所缺材料，至少一项 (missingMaterials: at least one)')
        .max(60),
      deadline: z
        .string({
          error: (iss) =>
            iss.input === undefined
              ? '容缺受理承诺书必须写明补齐期限 (deadline is required)'
              : '补齐期限必须是 YYYY-MM-DD (deadline must be YYYY-MM-DD)',
        })
        .pipe(IsoDate),
    }),
    z.object({
      type: z.literal('completion'),
      ...common,
      /** What was done / issued, e.g. 「准予许可，核发《食品经营许可证》」. */
      result: z.string().trim().min(1).max(500).optional(),
      /** Default: the date of a `complete` decision, else issuedOn. */
      completedOn: IsoDate.optional(),
    }),
  ],
  { error: `文书类型必须是 ${DOCUMENT_TYPES.join(' / ')} 之一 (type: unknown document type)` },
);
export type DocumentInput = z.infer<typeof DocumentInput>;
export type DocumentInputOf<T extends DocumentType> = Extract<DocumentInput, { type: T }>;

const DECISION_FOR: Record<DocumentType, readonly Decision['kind'][]> = {
  acceptance: ['accept', 'accept-with-gap'],
  refusal: ['refuse'],
  supplement: ['supplement'],
  commitment: ['accept-with-gap'],
  completion: ['complete'],
};

/** A zod issue path as the field name an error message gives (shared by the document inputs). */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Parses and checks the input; throws DocumentInputError naming the first bad field. */
export function parseDocumentInput(input: unknown): DocumentInput {
  const r = DocumentInput.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = fieldOf(issue.path) || 'type';
    throw new DocumentInputError(field, 'schema', `${field}: ${issue.message}`);
  }
  const d = r.data;
  const fail = (field: string, rule: string, msg: string): never => {
    throw new DocumentInputError(field, rule, `${field}: ${msg}`);
  };
  const received = chinaDateOf(d.case.receivedAt);
  if (d.issuedOn < received)
    fail('issuedOn', 'date-order', `文书日期 ${d.issuedOn} 早于收件日期 ${received} (issuedOn is before the case was received)`);
  const decision = d.case.decision;
  if (decision && !DECISION_FOR[d.type].includes(decision.kind))
    fail(
      'case.decision',
      'rule-3',
      `办件的决定是「${decision.kind}」，与文书类型「${DOCUMENT_TITLES[d.type]}」不符 (the case decision does not match the document type)`,
    );
  switch (d.type) {
    case 'acceptance':
      // No due date when the deadline runs into a year whose holidays are not yet
      // published (rule 4: never guessed): the notice then promises the working days.
      if (d.case.dueDate && d.case.dueDate < d.issuedOn)
        fail('case.dueDate', 'rule-4', `承诺办结日期 ${d.case.dueDate} 早于文书日期 (due date before issuedOn)`);
      break;
    case 'completion':
      if (d.case.item.caseType !== '1')
        fail('case.item.caseType', 'rule-5', '只有即办件可以当场办结并出具办结通知书 (only immediate items complete on the spot)');
      break;
    case 'commitment':
      if (d.deadline <= d.issuedOn)
        fail('deadline', 'rule-1', `补齐期限 ${d.deadline} 必须晚于文书日期 ${d.issuedOn} (deadline must be after issuedOn)`);
      break;
    case 'supplement':
      if (d.deadline && d.deadline < d.issuedOn)
        fail('deadline', 'date-order', `补正期限 ${d.deadline} 早于文书日期 (deadline before issuedOn)`);
      break;
    case 'refusal':
      break;
  }
  // The domain rules of the decision (shared/DOMAIN.md rules 1, 2, 5): a notice to supplement
  // must name every missing material at once; a recorded decision must itself be valid.
  const toCheck: Decision | undefined =
    d.type === 'supplement'
      ? { kind: 'supplement', at: decision?.at ?? d.case.updatedAt, clerkId: decision?.clerkId ?? d.case.clerkId, deficiencies: d.deficiencies }
      : decision;
  const problem = toCheck ? checkDecision(d.case, toCheck)[0] : undefined;
  if (problem) {
    const f = problem.field;
    const field =
      f === 'deficiencies' ? f : f.startsWith('materials.') ? `case.${f}` : f === 'decision' ? 'case.decision' : `case.decision.${f}`;
    fail(field, problem.rule, problem.message);
  }
  return d;
}

/** The fields every document takes besides the case (see documentInputFromCase). */
export interface DocumentFields {
  window: WindowInfo;
  clerk: { name: string; id?: string };
  documentNumber: string;
  issuedOn: string;
  verification: { code: string; url?: string };
  legalBasis?: string;
}

/**
 * Builds a document's input from a case and its recorded decision: the refusal reason,
 * the deficiencies, the tolerated-gap materials and deadline come from `case.decision`.
 */
export function documentInputFromCase(
  type: DocumentType,
  c: CaseT,
  fields: DocumentFields,
): DocumentInput {
  const d = c.decision;
  const need = (kind: Decision['kind']) => {
    if (d?.kind !== kind)
      throw new DocumentInputError(
        'case.decision',
        'rule-3',
        `case.decision: ${DOCUMENT_TITLES[type]}需要办件已记录「${kind}」决定 (the case has no ${kind} decision)`,
      );
    return d;
  };
  const base = { ...fields, case: c };
  let input: unknown;
  switch (type) {
    case 'acceptance':
      input = { type, ...base };
      break;
    case 'refusal': {
      const r = need('refuse') as Extract<Decision, { kind: 'refuse' }>;
      input = { type, ...base, reason: r.reason };
      break;
    }
    case 'supplement': {
      const s = need('supplement') as Extract<Decision, { kind: 'supplement' }>;
      input = { type, ...base, deficiencies: s.deficiencies };
      break;
    }
    case 'commitment': {
      const g = need('accept-with-gap') as Extract<Decision, { kind: 'accept-with-gap' }>;
      const missing = g.gapMaterialIds.map((id) => {
        const m = c.materials.find((x) => x.materialId === id);
        if (!m) throw new DocumentInputError('case.decision.gapMaterialIds', 'rule-1', `容缺材料 ${id} 不在办件材料清单中`);
        return { materialId: id, name: m.name };
      });
      input = { type, ...base, missingMaterials: missing, deadline: g.commitmentDeadline };
      break;
    }
    case 'completion': {
      const done = need('complete');
      input = { type, ...base, completedOn: chinaDateOf(done.at) };
      break;
    }
  }
  return parseDocumentInput(input);
}
