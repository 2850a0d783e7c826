/** Small constructors that keep the seed catalog readable. */
import type { FormField, Material } from '../../../src-shared/domain/catalog';
import type { CaseType, HandlingForm, ItemType } from '../../../src-shared/domain/codes';
import type { DepartmentKind, Level } from './departments';

export interface Fee {
  charged: boolean;
  description: string;
  basis?: string;
}

/** One national item (事项) as the province lists it, before it is implemented per region. */
export interface ItemSeed {
  /** Sequence within (item type, department kind); with them it makes the stable item code. */
  seq: number;
  name: string;
  type: ItemType;
  /** Levels whose governments implement it: each region of such a level gets an implementation. */
  levels: readonly Level[];
  /** The accepting and deciding department. */
  dept: DepartmentKind;
  /** Reviewing departments, in order; more than one is joint approval. Default: [dept]. */
  reviewers?: readonly DepartmentKind[];
  caseType: CaseType;
  statutory: number;
  promised: number;
  fee?: Fee;
  conditions: string;
  legalBasis: string;
  applicants: ReadonlyArray<'person' | 'organisation'>;
  /** Default: window and PC. */
  handling?: readonly HandlingForm[];
  /** 跨地域通办: default false. */
  crossRegion?: boolean;
  materials: readonly Material[];
  form: readonly FormField[];
}

export const FREE: Fee = { charged: false, description: '不收费' };

/** A material: originals/copies counts, required unless said otherwise. */
export function m(
  id: string,
  name: string,
  originals: number,
  copies: number,
  opts: { required?: boolean; tolerable?: boolean; description?: string; licenceType?: string } = {},
): Material {
  const out: Material = {
    id,
    name,
    originals,
    copies,
    required: opts.required ?? true,
    tolerable: opts.tolerable ?? false,
  };
  if (opts.description) out.description = opts.description;
  if (opts.licenceType) out.licenceType = opts.licenceType;
  return out;
}

// Materials that recur across items.
export const M = {
  form: (title: string) => m('form', `${title}申请表`, 1, 0),
  idCard: (who = '申请人') => m('idcard', `${who}居民身份证`, 1, 1, { licenceType: '居民身份证' }),
  bizLicence: () => m('bizlic', '营业执照', 0, 1, { licenceType: '营业执照', description: '可通过电子证照库调取，调取成功的免于提交' }),
  proxy: () =>
    m('proxy', '授权委托书及受托人身份证件', 1, 1, { required: false, description: '委托他人代为办理时提交' }),
  legalRep: () => m('legalrep', '法定代表人（负责人）身份证明', 0, 1, { licenceType: '居民身份证' }),
  hukou: () => m('hukou', '居民户口簿', 1, 1, { licenceType: '居民户口簿' }),
  premises: (tolerable = true) =>
    m('premises', '经营（办公）场所使用证明（产权证明或租赁合同）', 0, 1, {
      tolerable,
      description: '容缺受理时须签署告知承诺书，5个工作日内补齐',
    }),
  floorPlan: () => m('floorplan', '场所平面布局图及周边环境示意图', 1, 0),
  photo: () => m('photo', '近期一寸白底免冠彩色照片', 2, 0, { description: '可由窗口现场采集' }),
  bankCard: () => m('bankcard', '本人社会保障卡或银行账户信息', 0, 1, { tolerable: true }),
  commitment: () => m('commit', '告知承诺书', 1, 0, { required: false, description: '适用告知承诺制办理时签署' }),
};

export const F = {
  text: (key: string, label: string, required = true, maxLength = 100): FormField => ({ key, label, type: 'text', required, maxLength }),
  area: (key: string, label: string, required = true, maxLength = 1000): FormField => ({ key, label, type: 'textarea', required, maxLength }),
  num: (key: string, label: string, required = true): FormField => ({ key, label, type: 'number', required }),
  date: (key: string, label: string, required = true): FormField => ({ key, label, type: 'date', required }),
  select: (key: string, label: string, options: string[], required = true): FormField => ({ key, label, type: 'select', required, options }),
};

// Form fields that recur.
export const FF = {
  entityName: () => F.text('entityName', '主体名称（与营业执照一致）'),
  creditCode: () => F.text('creditCode', '统一社会信用代码', true, 18),
  address: (label = '经营场所') => F.text('address', label, true, 200),
  contact: () => F.text('contactPhone', '联系电话', true, 20),
  projectName: () => F.text('projectName', '项目名称', true, 200),
  projectSite: () => F.text('projectSite', '建设地点', true, 200),
};
