/**
 * Fixed, well-known records in the synthetic shared data, for the demo and the tests
 * (the applicants of tests/e2e/intake.spec.ts are among them). Listed in README.md beside
 * this file. Synthetic like the rest: no real person or company.
 */
import { makeCreditCode, makeResidentId } from '../../src-shared/domain/identifiers';
import type { TrustGrade } from '../../src-shared/protocol/shared-data';

export interface PersonRecord {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  status: 'alive' | 'deceased';
  regionCode: string;
  address: string;
}

export interface OrganisationRecord {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  status: '存续' | '注销' | '吊销';
  regionCode: string;
  establishedOn: string;
}

export interface LicenceRecord {
  licenceNumber: string;
  licenceType: string;
  holderId: string;
  holderKind: 'person' | 'organisation';
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  trustGrade: TrustGrade;
  documentSha256?: string;
  revoked: boolean;
}

const person = (idNumber: string, name: string, birthDate: string, status: PersonRecord['status'], regionCode: string, address: string): PersonRecord => ({
  idNumber,
  name,
  sex: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
  birthDate,
  status,
  regionCode,
  address,
});

/** 王𠈌 (a CJK Extension B character in the name): alive; licences of every grade. */
export const DEMO_PERSON = person(makeResidentId('130102', '1988-04-11', 11), '王𠈌', '1988-04-11', 'alive', '130102', '河北省石家庄市长安区建设北大街18号');
/** 李四: the legal representative of the demo companies. */
export const DEMO_LEGAL_REP = person(makeResidentId('130104', '1975-06-01', 31), '李四', '1975-06-01', 'alive', '130104', '河北省石家庄市桥西区中山西路66号');
/** 赵德明: recorded as deceased. */
export const DEMO_DECEASED = person(makeResidentId('130104', '1931-02-03', 15), '赵德明', '1931-02-03', 'deceased', '130104', '河北省石家庄市桥西区维明南大街9号');
/** 孙丽华: alive, holds a resident ID licence of grade C only (needs the original checked). */
export const DEMO_PERSON_C = person(makeResidentId('130105', '1992-10-20', 42), '孙丽华', '1992-10-20', 'alive', '130105', '河北省石家庄市新华区中华北大街101号');

/** The persons tests/e2e/intake.spec.ts fills in: person(n) for n = 2, 3, 4. */
export const DEMO_INTAKE_PERSONS: PersonRecord[] = [2, 3, 4].map((n) =>
  person(makeResidentId('130102', `1988-04-1${n}`, 10 + n), `张${'伟芳敏静'[n % 4]}`, `1988-04-1${n}`, 'alive', '130102', `河北省石家庄市长安区广安街${n}号`),
);

const org = (orgBody: string, name: string, status: OrganisationRecord['status'], establishedOn: string): OrganisationRecord => ({
  creditCode: makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody }),
  name,
  legalRepresentative: DEMO_LEGAL_REP.name,
  status,
  regionCode: '130102',
  establishedOn,
});

/** The organisation of tests/e2e/intake.spec.ts: in business, legal representative 李四. */
export const DEMO_ORG = org('MA0CXK7Q', '石家庄市𠈌记餐饮管理有限公司', '存续', '2016-03-08');
/** 石家庄市测试N有限公司 (N = 1…9), as tests/e2e/intake.spec.ts names them. */
export const DEMO_TEST_ORGS: OrganisationRecord[] = Array.from({ length: 9 }, (_, i) => org(`MA0CX${String(i + 1).padStart(3, '0')}`, `石家庄市测试${i + 1}有限公司`, '存续', '2019-05-20'));
/** Deregistered (注销). */
export const DEMO_ORG_DEREGISTERED = org('MA0CXD01', '石家庄市旧城商贸有限公司', '注销', '2008-11-11');
/** Business licence revoked (吊销). */
export const DEMO_ORG_REVOKED = org('MA0CXR01', '石家庄市失信建材有限公司', '吊销', '2012-07-01');

const lic = (licenceNumber: string, licenceType: string, holder: PersonRecord | OrganisationRecord, issuer: string, issuedOn: string, validUntil: string | null, trustGrade: TrustGrade, revoked = false): LicenceRecord => ({
  licenceNumber,
  licenceType,
  holderId: 'idNumber' in holder ? holder.idNumber : holder.creditCode,
  holderKind: 'idNumber' in holder ? 'person' : 'organisation',
  issuer,
  issuedOn,
  validUntil,
  trustGrade,
  revoked,
});

export const DEMO_LICENCES: LicenceRecord[] = [
  lic('DZZZ-SFZ-130102-2019-000011', '居民身份证', DEMO_PERSON, '石家庄市公安局长安分局', '2019-06-10', '2039-06-10', 'A'),
  lic('DZZZ-HKB-130102-2016-000011', '居民户口簿', DEMO_PERSON, '石家庄市公安局长安分局', '2016-02-15', null, 'B'),
  lic('DZZZ-JHZ-130102-2015-000011', '结婚证', DEMO_PERSON, '石家庄市长安区民政局', '2015-05-20', null, 'C'),
  lic('DZZZ-JSZ-130100-2018-000011', '机动车驾驶证', DEMO_PERSON, '石家庄市公安局交通警察支队', '2018-09-01', '2028-09-01', 'D'),
  lic('DZZZ-XLZ-130000-2010-000011', '学历证书', DEMO_PERSON, '河北师范大学', '2010-06-30', null, 'A'),
  lic('DZZZ-BDC-130102-2012-000011', '不动产权证书', DEMO_PERSON, '石家庄市自然资源和规划局', '2012-03-01', null, 'A', true),
  lic('DZZZ-SFZ-130104-2015-000031', '居民身份证', DEMO_LEGAL_REP, '石家庄市公安局桥西分局', '2015-01-20', null, 'A'),
  lic('DZZZ-SFZ-130105-2020-000042', '居民身份证', DEMO_PERSON_C, '石家庄市公安局新华分局', '2020-11-02', '2040-11-02', 'C'),
  lic('DZZZ-YYZZ-130102-2016-K7Q', '营业执照', DEMO_ORG, '石家庄市长安区市场监督管理局', '2016-03-08', null, 'A'),
  lic('DZZZ-SPJY-130102-2024-K7Q', '食品经营许可证', DEMO_ORG, '石家庄市长安区市场监督管理局', '2024-04-01', '2029-03-31', 'B'),
  lic('DZZZ-SPJY-130102-2015-K7Q', '食品经营许可证', DEMO_ORG, '石家庄市长安区市场监督管理局', '2015-04-01', '2020-03-31', 'A'),
  ...DEMO_TEST_ORGS.map((o, i) => lic(`DZZZ-YYZZ-130102-2019-T${String(i + 1).padStart(2, '0')}`, '营业执照', o, '石家庄市长安区市场监督管理局', '2019-05-20', null, 'A')),
  lic('DZZZ-YYZZ-130102-2008-D01', '营业执照', DEMO_ORG_DEREGISTERED, '石家庄市长安区市场监督管理局', '2008-11-11', null, 'A', true),
];

export const DEMO_PERSONS: PersonRecord[] = [DEMO_PERSON, DEMO_LEGAL_REP, DEMO_DECEASED, DEMO_PERSON_C, ...DEMO_INTAKE_PERSONS];
export const DEMO_ORGANISATIONS: OrganisationRecord[] = [DEMO_ORG, ...DEMO_TEST_ORGS, DEMO_ORG_DEREGISTERED, DEMO_ORG_REVOKED];
