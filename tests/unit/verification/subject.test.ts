/** The applicant step asks the shared data only once the local checks pass; how answers read. */
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeResidentId } from '../../../src-shared/domain/identifiers';
import { newIntake, withItem } from '../../../src-renderer/features/intake/model';
import { verificationLabel, verificationSubjectOf } from '../../../src-renderer/features/verification/subject';
import { zhCN } from '../../../src-renderer/app/i18n/zh-CN';
import { makeItem } from '../renderer/fixtures';

const TODAY = '2025-10-09';
const intake = () =>
  withItem(newIntake('5b0c5c1e-4c53-4b8e-9d7e-7f1d2f3a4b5c', `${TODAY}T10:00:00+08:00`), makeItem({ implementationCode: '11130102SCJG0101', name: '食品经营许可', applicantKinds: ['person', 'organisation'] }), 3);

describe('what the applicant step asks', () => {
  it('asks about a person only with a valid ID number and a name', () => {
    const d = intake();
    const id = makeResidentId('130102', '1988-04-11', 11);
    expect(verificationSubjectOf(d, TODAY)).toBeNull();
    d.person.documentNumber = id.slice(0, 17) + (id[17] === '0' ? '1' : '0'); // wrong check digit
    d.person.name = '王𠈌';
    expect(verificationSubjectOf(d, TODAY)).toBeNull();
    d.person.documentNumber = id.toLowerCase();
    d.person.name = '';
    expect(verificationSubjectOf(d, TODAY)).toBeNull();
    d.person.name = ' 王𠈌 ';
    expect(verificationSubjectOf(d, TODAY)).toEqual({ kind: 'person', request: { documentType: '111', documentNumber: id, name: '王𠈌' } });
  });

  it('asks about an organisation with a valid credit code, its name and the legal representative', () => {
    const d = intake();
    d.applicantKind = 'organisation';
    const code = makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0CXK7Q' });
    d.org.creditCode = code;
    d.org.name = '石家庄市𠈌记餐饮管理有限公司';
    expect(verificationSubjectOf(d, TODAY)).toBeNull(); // no legal representative yet
    d.org.legalName = '李四';
    expect(verificationSubjectOf(d, TODAY)).toEqual({ kind: 'organisation', request: { creditCode: code, name: '石家庄市𠈌记餐饮管理有限公司', legalRepresentative: '李四' } });
    const failing = code.slice(0, 17) + (code[17] === 'Y' ? 'X' : 'Y'); // fails the check: needs a supervisor's override first
    d.org.creditCode = failing;
    expect(verificationSubjectOf(d, TODAY)).toBeNull();
    d.org.override = { supervisorId: 's-1', supervisorName: '周主管', reason: '营业执照原件核对无误', at: `${TODAY}T10:05:00+08:00` };
    d.org.overrideFor = failing;
    expect(verificationSubjectOf(d, TODAY)).toMatchObject({ kind: 'organisation', request: { creditCode: failing } });
    d.org.creditCode = '12345';
    expect(verificationSubjectOf(d, TODAY)).toBeNull();
  });

  it('reads answers as the clerk should see them', () => {
    expect(zhCN[verificationLabel({ state: 'done', result: 'match' }).key]).toBe('已核验');
    expect(zhCN[verificationLabel({ state: 'done', result: 'name_mismatch' }).key]).toBe('姓名不符');
    expect(verificationLabel({ state: 'done', result: 'deceased' }).tone).toBe('error');
    expect(verificationLabel({ state: 'done', result: 'revoked' }).tone).toBe('error');
    expect(zhCN[verificationLabel({ state: 'pending' }).key]).toBe('待核验');
    expect(verificationLabel({ state: 'failed' }).tone).toBe('warning');
  });
});
