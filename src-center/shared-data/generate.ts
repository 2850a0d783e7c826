/**
 * The synthetic shared data of the demo center: a population, legal persons and an
 * electronic-licence library for Hebei, made by a seeded PRNG — the same rows on every
 * machine, no real person. Identifiers are valid (GB 11643 ID numbers over Hebei county
 * codes, GB 32100 credit codes) so the window's check-digit validation passes and the
 * online check is what tells them apart. The fixed demo records (./demo-records) come first.
 */
import { createHash } from 'node:crypto';
import { addDays, fromDayNumber, toDayNumber, yearOf } from '../../src-shared/domain/dates';
import { CREDIT_CODE_CHARSET, makeCreditCode, makeResidentId } from '../../src-shared/domain/identifiers';
import type { TrustGrade } from '../../src-shared/protocol/shared-data';
import { HEBEI_CITIES } from '../store/seed/regions';
import { DEMO_LICENCES, DEMO_ORGANISATIONS, DEMO_PERSONS, type LicenceRecord, type OrganisationRecord, type PersonRecord } from './demo-records';
import { Prng } from './prng';

/** Bump when the generated rows change: a center holding an older edition reloads them. */
export const SHARED_DATA_EDITION = 1;
export const SHARED_DATA_SEED = 0x59_43_53_44; // "YCSD"
/** Generation "today": issue dates are before it, so the rows do not depend on the clock. */
export const GENERATED_AS_OF = '2025-01-01';

export interface SharedDataSizes {
  persons: number;
  organisations: number;
  licences: number;
}
export const DEFAULT_SIZES: SharedDataSizes = { persons: 20_000, organisations: 5_000, licences: 10_000 };

export interface SharedData {
  persons: PersonRecord[];
  organisations: OrganisationRecord[];
  licences: Array<LicenceRecord & { documentSha256: string }>;
}

const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 53], ['陈', 45], ['杨', 33], ['赵', 29], ['黄', 24], ['周', 23], ['吴', 21],
  ['徐', 17], ['孙', 16], ['胡', 14], ['朱', 13], ['高', 13], ['林', 12], ['何', 12], ['郭', 12], ['马', 11], ['罗', 10],
  ['梁', 9], ['宋', 8], ['郑', 8], ['谢', 7], ['韩', 7], ['唐', 7], ['冯', 7], ['于', 6], ['董', 6], ['萧', 6],
  ['程', 6], ['曹', 6], ['袁', 5], ['邓', 5], ['许', 5], ['傅', 5], ['沈', 5], ['曾', 5], ['彭', 5], ['吕', 5],
  ['苏', 5], ['卢', 5], ['蒋', 5], ['蔡', 5], ['贾', 4], ['丁', 4], ['魏', 4], ['薛', 4], ['叶', 4], ['阎', 4],
  ['欧阳', 1], ['司马', 1], ['上官', 1],
];
const GIVEN_MALE = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文博晨振海东亮峰新春成';
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀英华玲红梅莉琳燕婷雪慧颖洁佳倩晶琪璐欣怡悦蕾萍兰凤媛瑶宁月';
const STREETS = ['建设路', '中山路', '胜利街', '和平路', '人民路', '育才街', '友谊大街', '新华路', '光明街', '团结路', '东风路', '文化街', '解放路', '府前街', '车站街'];
const TRADE = '恒信泰和盛华昌隆鑫源博远宏达兴旺顺通万丰德润金泽瑞祥永安天成新兴嘉禾锦程';
const INDUSTRY = ['商贸', '科技', '建材', '餐饮管理', '物流', '农业开发', '医药', '机械制造', '电子', '食品', '服装', '文化传媒', '建筑工程', '物业管理', '信息技术', '汽车销售'];
const FORMS: ReadonlyArray<readonly [string, number]> = [['有限公司', 70], ['有限责任公司', 15], ['股份有限公司', 5], ['厂', 5], ['店', 5]];

interface County {
  code: string;
  name: string;
  city: string;
  cityShort: string;
}
const COUNTIES: County[] = HEBEI_CITIES.flatMap((c) => c.counties.map(([code, name]) => ({ code, name, city: c.name, cityShort: c.name.replace(/市$/, '') })));

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function personName(r: Prng, male: boolean): string {
  const given = male ? GIVEN_MALE : GIVEN_FEMALE;
  const one = [...given];
  return r.weighted(SURNAMES) + (r.chance(0.35) ? r.pick(one) : r.pick(one) + r.pick(one));
}

function orgBody(r: Prng): string {
  // New-style registrations start with "MA"; the rest of the body from the code's own alphabet.
  let s = 'MA';
  for (let i = 0; i < 6; i++) s += CREDIT_CODE_CHARSET[r.int(0, 30)];
  return s;
}

/** Licence types for persons and organisations (licenceType as the catalog's materials name them, plus 食品经营许可证). */
const PERSON_LICENCES: ReadonlyArray<readonly [string, number]> = [
  ['居民身份证', 40], ['居民户口簿', 18], ['机动车驾驶证', 12], ['结婚证', 10], ['学历证书', 8], ['不动产权证书', 6],
  ['出生医学证明', 2], ['普通话水平测试等级证书', 2], ['医师资格证书', 1], ['执业药师注册证', 1],
];
const ORG_LICENCES: ReadonlyArray<readonly [string, number]> = [
  ['营业执照', 62], ['食品经营许可证', 18], ['不动产权证书', 8], ['医疗机构执业许可证', 5], ['建设工程规划许可证', 4], ['林权证', 3],
];
const TYPE_CODES: Record<string, string> = {
  居民身份证: 'SFZ', 居民户口簿: 'HKB', 机动车驾驶证: 'JSZ', 结婚证: 'JHZ', 学历证书: 'XLZ', 不动产权证书: 'BDC', 出生医学证明: 'CSZM',
  普通话水平测试等级证书: 'PTH', 医师资格证书: 'YSZG', 执业药师注册证: 'ZYYS', 营业执照: 'YYZZ', 食品经营许可证: 'SPJY',
  医疗机构执业许可证: 'YLJG', 建设工程规划许可证: 'JSGH', 林权证: 'LQZ',
};
const GRADES: ReadonlyArray<readonly [TrustGrade, number]> = [['A', 60], ['B', 25], ['C', 10], ['D', 5]];

function issuerOf(type: string, c: County): string {
  switch (type) {
    case '居民身份证':
    case '居民户口簿':
      return `${c.city}公安局${c.name.replace(/[区县市]$/, '')}分局`;
    case '机动车驾驶证':
      return `${c.city}公安局交通警察支队`;
    case '结婚证':
      return `${c.city}${c.name}民政局`;
    case '学历证书':
      return '河北省教育厅';
    case '不动产权证书':
    case '林权证':
      return `${c.city}${c.name}自然资源和规划局`;
    case '建设工程规划许可证':
      return `${c.city}自然资源和规划局`;
    case '出生医学证明':
      return `${c.city}${c.name}妇幼保健院`;
    case '普通话水平测试等级证书':
      return '河北省语言文字工作委员会';
    case '医师资格证书':
      return '国家卫生健康委员会';
    case '执业药师注册证':
      return '河北省药品监督管理局';
    case '医疗机构执业许可证':
      return `${c.city}${c.name}卫生健康局`;
    default:
      return `${c.city}${c.name}市场监督管理局`;
  }
}

/** Years of validity of a type (null: no end). */
function validityYears(type: string, r: Prng, ageAtIssue: number): number | null {
  switch (type) {
    case '居民身份证':
      return ageAtIssue < 16 ? 5 : ageAtIssue < 26 ? 10 : ageAtIssue < 46 ? 20 : null;
    case '机动车驾驶证':
      return r.pick([6, 10]);
    case '食品经营许可证':
    case '医疗机构执业许可证':
      return 5;
    case '建设工程规划许可证':
      return 3;
    default:
      return null;
  }
}

/** Builds every row. Deterministic: the same sizes give the same rows. */
export function generateSharedData(sizes: SharedDataSizes = DEFAULT_SIZES): SharedData {
  const r = new Prng(SHARED_DATA_SEED);
  const asOf = toDayNumber(GENERATED_AS_OF);
  const countyOf = new Map(COUNTIES.map((c) => [c.code, c]));

  const persons: PersonRecord[] = [...DEMO_PERSONS];
  const personIds = new Set(persons.map((p) => p.idNumber));
  const earliest = toDayNumber('1935-01-01');
  const latest = toDayNumber('2012-12-31');
  while (persons.length < sizes.persons) {
    const c = r.pick(COUNTIES);
    const birthDate = fromDayNumber(r.int(earliest, latest));
    const seq = r.int(1, 999);
    const idNumber = makeResidentId(c.code, birthDate, seq);
    if (personIds.has(idNumber)) continue;
    personIds.add(idNumber);
    const male = seq % 2 === 1;
    const age = (asOf - toDayNumber(birthDate)) / 365.25;
    const deceased = r.chance(age > 80 ? 0.25 : age > 65 ? 0.06 : 0.005);
    persons.push({
      idNumber,
      name: personName(r, male),
      sex: male ? 'M' : 'F',
      birthDate,
      status: deceased ? 'deceased' : 'alive',
      regionCode: c.code,
      address: `河北省${c.city}${c.name}${r.pick(STREETS)}${r.int(1, 299)}号`,
    });
  }

  const organisations: OrganisationRecord[] = [...DEMO_ORGANISATIONS];
  const orgCodes = new Set(organisations.map((o) => o.creditCode));
  const orgNames = new Set(organisations.map((o) => o.name));
  const alive = persons.filter((p) => p.status === 'alive');
  while (organisations.length < sizes.organisations) {
    const c = r.pick(COUNTIES);
    const form = r.weighted(FORMS);
    const category = form === '店' ? '2' : r.chance(0.03) ? '3' : '1';
    const creditCode = makeCreditCode({ authority: '9', category, regionCode: c.code, orgBody: orgBody(r) });
    const trade = [...TRADE];
    const place = form === '店' ? `${c.city}${c.name}` : r.chance(0.5) ? `${c.city}` : `${c.cityShort}`;
    const name =
      category === '3' ? `${c.name}${r.pick(trade)}${r.pick(trade)}种植专业合作社` : `${place}${r.pick(trade)}${r.pick(trade)}${r.pick(INDUSTRY)}${form}`;
    if (orgCodes.has(creditCode) || orgNames.has(name)) continue;
    orgCodes.add(creditCode);
    orgNames.add(name);
    organisations.push({
      creditCode,
      name,
      legalRepresentative: r.pick(alive).name,
      status: r.weighted([['存续', 88], ['注销', 8], ['吊销', 4]] as const),
      regionCode: c.code,
      establishedOn: fromDayNumber(r.int(toDayNumber('1995-01-01'), asOf - 30)),
    });
  }

  const licences: SharedData['licences'] = [];
  const numbers = new Set<string>();
  const add = (l: LicenceRecord) => {
    if (numbers.has(l.licenceNumber)) throw new Error(`shared data: duplicate licence number ${l.licenceNumber}`);
    numbers.add(l.licenceNumber);
    licences.push({ ...l, documentSha256: l.documentSha256 ?? sha256(`yichuang-synthetic-licence|${l.licenceNumber}|${l.licenceType}|${l.holderId}|${l.issuedOn}`) });
  };
  for (const l of DEMO_LICENCES) add(l);

  const demoHolders = new Set(DEMO_LICENCES.map((l) => l.holderId));
  const genPersons = persons.filter((p) => !demoHolders.has(p.idNumber));
  const genOrgs = organisations.filter((o) => !demoHolders.has(o.creditCode) && o.status !== '注销');
  let serial = 0;
  const held = new Set<string>(); // holder|type: one licence of a type per holder
  while (licences.length < sizes.licences) {
    const forOrg = r.chance(0.45);
    const type = r.weighted(forOrg ? ORG_LICENCES : PERSON_LICENCES);
    const holder = forOrg ? r.pick(genOrgs) : r.pick(genPersons);
    const holderId = 'idNumber' in holder ? holder.idNumber : holder.creditCode;
    if (held.has(`${holderId}|${type}`)) continue;
    const c = countyOf.get(holder.regionCode) ?? COUNTIES[0]!;
    const from = 'idNumber' in holder ? Math.max(toDayNumber(holder.birthDate) + (type === '出生医学证明' ? 0 : 16 * 365), toDayNumber('2000-01-01')) : toDayNumber(holder.establishedOn);
    if (from >= asOf) continue;
    held.add(`${holderId}|${type}`);
    const issuedOn = fromDayNumber(r.int(from, asOf - 1));
    const age = 'idNumber' in holder ? (toDayNumber(issuedOn) - toDayNumber(holder.birthDate)) / 365.25 : 0;
    const years = validityYears(type, r, age);
    serial += 1;
    add({
      licenceNumber: `DZZZ-${TYPE_CODES[type] ?? 'QT'}-${c.code}-${yearOf(issuedOn)}-${String(serial).padStart(6, '0')}`,
      licenceType: type,
      holderId,
      holderKind: forOrg ? 'organisation' : 'person',
      issuer: issuerOf(type, c),
      issuedOn,
      validUntil: years === null ? null : addDays(issuedOn, Math.round(years * 365.25)),
      trustGrade: r.weighted(GRADES),
      revoked: r.chance(0.01) || ('status' in holder && holder.status === '吊销' && type === '营业执照'),
    });
  }

  return { persons, organisations, licences };
}
