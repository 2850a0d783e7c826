/**
 * Sample cases and document inputs for tests, examples and the CLI's demo — never used by
 * production paths. The applicant's name carries a CJK Extension B character (王𠈌) so fonts
 * and text extraction meet a rare character every time.
 */
import { Case, type Case as CaseT, type MaterialState } from '../../src-shared/domain/case';
import { creditCodeCheck } from '../../src-shared/domain/identifiers/credit-code';
import { mod11_2Check } from '../../src-shared/domain/identifiers/mod11-2';
import type { DocumentInput, DocumentType, WindowInfo } from './input';

/** A valid 18-digit resident ID number (GB 11643) for region 130102, born 1990-03-07. */
export const SAMPLE_ID_NUMBER = (() => {
  const body = '13010219900307123';
  return body + mod11_2Check(body);
})();

export const SAMPLE_WINDOW: WindowInfo = {
  name: '综合受理1号窗口',
  centerName: '石家庄市长安区政务服务中心',
  regionName: '石家庄市长安区',
  regionCode: '130102',
};

export function sampleMaterials(count = 3): MaterialState[] {
  const names = ['食品经营许可申请书', '营业执照', '法定代表人身份证明', '经营场所使用证明', '食品安全管理制度文本', '主要设备设施布局图', '从业人员健康证明'];
  return Array.from({ length: count }, (_, i) => ({
    materialId: `M${i + 1}`,
    name: i < names.length ? names[i]! : `补充说明材料第${i + 1}项（含相关附件、照片及其他证明文件）`,
    required: i < 3,
    tolerable: i === 2,
    originalsRequired: i % 2 === 0 ? 1 : 0,
    copiesRequired: 1,
    originalSeen: i % 2 === 0,
    copiesReceived: 1,
    scans: [],
  }));
}

export interface SampleCaseOptions {
  applicantName?: string;
  kind?: 'person' | 'organisation';
  materials?: MaterialState[];
  caseType?: '1' | '2';
  decision?: CaseT['decision'];
  dueDate?: string;
  agent?: boolean;
}

/** A valid Case (parsed by the shared schema) for an immediate or promised item. */
export function sampleCase(o: SampleCaseOptions = {}): CaseT {
  const immediate = o.caseType === '1';
  const dept = { code: 'SPJ130102', name: '石家庄市长安区行政审批局', regionCode: '130102' };
  const applicant =
    o.kind === 'organisation'
      ? {
          kind: 'organisation' as const,
          name: o.applicantName ?? '石家庄市𠈌记餐饮管理有限公司',
          creditCode: `91130102MA0CXXXX1${creditCodeCheck('91130102MA0CXXXX1')}`,
          legalRepresentative: { name: '王𠈌', documentType: '111' as const, documentNumber: SAMPLE_ID_NUMBER },
          phone: '13812345678',
        }
      : {
          kind: 'person' as const,
          name: o.applicantName ?? '王𠈌',
          documentType: '111' as const,
          documentNumber: SAMPLE_ID_NUMBER,
          phone: '13812345678',
        };
  return Case.parse({
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    caseNumber: '130102-20261126-D01-000123',
    windowId: 'w-130102-01',
    clerkId: 'c-130102-01-1',
    deviceId: 'D01',
    windowRegionCode: '130102',
    item: {
      implementationCode: immediate ? '11130102SPJ0002' : '11130102SPJ0001',
      itemCode: immediate ? 'SPJ0002' : 'SPJ0001',
      name: immediate ? '食品经营许可证遗失补办' : '食品经营许可（新办）',
      regionCode: '130102',
      regionName: '石家庄市长安区',
      department: dept,
      reviewDepartments: [dept],
      statutoryDays: immediate ? 0 : 20,
      promisedDays: immediate ? 0 : 10,
      caseType: immediate ? '1' : '2',
      catalogVersion: 3,
    },
    applicant,
    ...(o.agent ? { agent: { name: '李𡎚', documentType: '111', documentNumber: SAMPLE_ID_NUMBER } } : {}),
    form: {},
    materials: o.materials ?? sampleMaterials(),
    status: 'draft',
    receivedAt: '2026-11-26T09:15:00+08:00',
    ...(o.decision ? { decision: o.decision } : {}),
    ...(o.dueDate !== undefined ? { dueDate: o.dueDate } : immediate ? {} : { dueDate: '2026-12-10' }),
    createdAt: '2026-11-26T09:15:00+08:00',
    updatedAt: '2026-11-26T09:40:00+08:00',
  });
}

function defaultCaseFor(type: DocumentType): CaseT {
  if (type === 'completion') return sampleCase({ caseType: '1' });
  if (type === 'commitment' || type === 'supplement') {
    // The third material (tolerable) is missing.
    const materials = sampleMaterials().map((m, i) => (i === 2 ? { ...m, originalSeen: false, copiesReceived: 0 } : m));
    return sampleCase({ materials });
  }
  return sampleCase();
}

/** A complete, valid input for each document type. */
export function sampleDocumentInput(type: DocumentType, c: CaseT = defaultCaseFor(type)): DocumentInput {
  const common = {
    case: c,
    window: SAMPLE_WINDOW,
    clerk: { name: '张丽华' },
    documentNumber: `长安政服${{ acceptance: '受', refusal: '不受', supplement: '补', commitment: '容', completion: '结' }[type]}字〔2026〕第000123号`,
    issuedOn: '2026-11-26',
    verification: { code: 'K7PM-Q9TX-3HWD-8RZA', url: 'https://zwfw.example.gov.cn/verify?c=K7PM-Q9TX-3HWD-8RZA' },
  };
  switch (type) {
    case 'acceptance':
      return { type, ...common };
    case 'refusal':
      return {
        type,
        ...common,
        reason: '申请事项依法不属于本机关职权范围，应当向石家庄市市场监督管理局申请。',
        materialsReturned: true,
      };
    case 'supplement':
      return {
        type,
        ...common,
        deficiencies: [
          { materialId: 'M3', text: '未提供法定代表人身份证明原件，请携带原件核验。' },
          { text: '经营场所使用证明中的地址与申请书填写的经营地址不一致，请核实后重新提供。' },
        ],
        deadline: '2026-12-03',
      };
    case 'commitment':
      return { type, ...common, missingMaterials: [{ materialId: 'M3', name: '法定代表人身份证明' }], deadline: '2026-12-03' };
    case 'completion':
      return { type, ...common, result: '准予补办，当场核发《食品经营许可证》（补发）。' };
  }
}
