/** Catalog fixtures for renderer tests: valid by the shared schema (parsed on creation). */
import { CatalogItem, ServiceWindow } from '../../../src-shared/domain/catalog';

type ItemInput = Partial<Omit<CatalogItem, 'department'>> & {
  implementationCode: string;
  name: string;
  department?: Partial<CatalogItem['department']>;
};

export function makeItem(input: ItemInput): CatalogItem {
  const department = {
    code: 'SCJG130102',
    name: '石家庄市长安区市场监督管理局',
    regionCode: '130102',
    ...input.department,
  };
  return CatalogItem.parse({
    itemCode: input.implementationCode.slice(0, 10),
    itemType: '01',
    regionCode: '130102',
    regionName: '长安区',
    reviewDepartments: [department],
    statutoryDays: 20,
    promisedDays: 10,
    caseType: '2',
    handlingForms: ['1', '2'],
    applicantKinds: ['organisation'],
    fee: { charged: false, description: '不收费' },
    conditions: '申请人应当具备相应条件。',
    legalBasis: '《中华人民共和国行政许可法》',
    materials: [
      { id: 'M1', name: '申请书', originals: 1, copies: 0, required: true, tolerable: false },
      { id: 'M2', name: '营业执照', originals: 0, copies: 1, required: true, tolerable: true },
    ],
    formFields: [],
    crossRegion: false,
    updatedAt: '2025-01-01T00:00:00Z',
    ...input,
    department,
  });
}

export const ITEMS: CatalogItem[] = [
  makeItem({ implementationCode: '11130102SCJG0001', itemCode: 'SCJG0001', name: '食品经营许可' }),
  makeItem({
    implementationCode: '11130102GAJ00017',
    itemCode: 'GAJ0001',
    name: '居民身份证重新申领',
    itemType: '20',
    department: { code: 'GAJ130102', name: '石家庄市公安局长安分局' },
  }),
  makeItem({
    implementationCode: '11130102NYNC0003',
    itemCode: 'NYNC0003',
    name: '重大动物疫情报告',
    itemType: '20',
    department: { code: 'NYNC130102', name: '长安区农业农村局' },
  }),
  makeItem({
    implementationCode: '11130102RMYH0004',
    itemCode: 'RMYH0004',
    name: '银行账户开户许可',
    department: { code: 'RMYH130100', name: '中国人民银行石家庄市分行' },
  }),
  makeItem({
    implementationCode: '11130102SFJ00005',
    itemCode: 'SFJ0005',
    name: '行政复议申请',
    itemType: '09',
    department: { code: 'SFJ130102', name: '长安区司法局' },
  }),
  makeItem({
    implementationCode: '11130102ZJJ00006',
    itemCode: 'ZJJ0006',
    name: '石家庄市长安区城市道路挖掘许可',
    department: { code: 'ZJJ130102', name: '长安区住房和城乡建设局' },
  }),
  makeItem({
    implementationCode: '11130102MZJ00007',
    itemCode: 'MZJ0007',
    name: '行业协会商会登记',
    itemType: '07',
    department: { code: 'MZJ130102', name: '长安区民政局' },
  }),
  makeItem({
    implementationCode: '11130102CZJ00008',
    itemCode: 'CZJ0008',
    name: '会计师事务所执业许可',
    department: { code: 'CZJ130100', name: '石家庄市财政局' },
  }),
];

export const WINDOWS: ServiceWindow[] = [
  ServiceWindow.parse({
    id: 'W-130102-01',
    name: '长安区政务服务中心 综合受理 1 号窗口',
    regionCode: '130102',
    centerName: '长安区政务服务中心',
    clerks: [
      { id: 'C-001', name: '张三' },
      { id: 'C-002', name: '李四' },
    ],
  }),
  ServiceWindow.parse({
    id: 'W-130000-01',
    name: '河北省政务服务中心 1 号窗口',
    regionCode: '130000',
    centerName: '河北省政务服务中心',
    clerks: [{ id: 'C-100', name: '王五' }],
  }),
];
