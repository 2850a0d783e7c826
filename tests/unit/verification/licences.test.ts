/**
 * Electronic licences and rule 10: A and B replace paper; C only once the original is
 * checked; D never. And what the materials step offers and records.
 */
import { describe, expect, it } from 'vitest';
import { checkDecision, materialSatisfied, MaterialState, snapshotOf } from '../../../src-shared/domain/case';
import { makeCreditCode, makeResidentId } from '../../../src-shared/domain/identifiers';
import { licenceGradeRule, licenceUsable, type ElectronicLicence, type TrustGrade } from '../../../src-shared/protocol/shared-data';
import { materialStates, newIntake, withItem } from '../../../src-renderer/features/intake/model';
import { licenceHoldersFor, licenceOptions, toMaterialLicence } from '../../../src-renderer/features/verification/licences';
import { makeItem } from '../renderer/fixtures';

const paperless = (over: Partial<MaterialState> = {}): MaterialState => ({
  materialId: 'bizlic',
  name: '营业执照',
  required: true,
  tolerable: false,
  originalsRequired: 0,
  copiesRequired: 1,
  originalSeen: false,
  copiesReceived: 0,
  scans: [],
  ...over,
});
const withLicence = (trustGrade: TrustGrade, extra: Partial<NonNullable<MaterialState['licence']>> = {}, over: Partial<MaterialState> = {}) =>
  paperless({ licence: { licenceNumber: 'DZZZ-YYZZ-1', trustGrade, ...extra }, ...over });

const licence = (over: Partial<ElectronicLicence>): ElectronicLicence => ({
  licenceNumber: 'L1',
  licenceType: '营业执照',
  holderId: '91130102MA0CXK7Q1X',
  issuer: '石家庄市长安区市场监督管理局',
  issuedAt: '2020-01-01',
  validUntil: null,
  trustGrade: 'A',
  documentSha256: 'a'.repeat(64),
  status: 'valid',
  ...over,
});

describe('rule 10: what a licence does for a material', () => {
  it('grades A and B replace paper with nothing else received', () => {
    expect(materialSatisfied(paperless())).toBe(false);
    expect(materialSatisfied(withLicence('A'))).toBe(true);
    expect(materialSatisfied(withLicence('B'))).toBe(true);
    expect(licenceGradeRule('A')).toBe('replaces-paper');
    expect(licenceGradeRule('B')).toBe('replaces-paper');
  });

  it('grade C replaces paper only once the clerk has checked the original', () => {
    expect(materialSatisfied(withLicence('C'))).toBe(false);
    expect(materialSatisfied(withLicence('C', { originalChecked: false }))).toBe(false);
    expect(materialSatisfied(withLicence('C', { originalChecked: true }))).toBe(true);
    // For a material whose original is shown anyway, seeing it is the check.
    expect(materialSatisfied(withLicence('C', {}, { originalsRequired: 1, originalSeen: true }))).toBe(true);
    expect(licenceGradeRule('C')).toBe('needs-original-check');
  });

  it('grade D never replaces paper: only the paper itself satisfies the material', () => {
    expect(materialSatisfied(withLicence('D'))).toBe(false);
    expect(materialSatisfied(withLicence('D', { originalChecked: true }))).toBe(false);
    expect(materialSatisfied(withLicence('D', {}, { copiesReceived: 1 }))).toBe(true);
    expect(licenceGradeRule('D')).toBe('never');
  });

  it('acceptance is refused (rule 1) while a required material rests on an unchecked C or a D licence', () => {
    const item = snapshotOf(makeItem({ implementationCode: '11130102SCJG0101', name: '食品经营许可' }), 1);
    const at = '2025-10-09T10:00:00+08:00';
    const accept = { kind: 'accept' as const, at, clerkId: 'c-1' };
    expect(checkDecision({ item, materials: [withLicence('C')] }, accept).map((p) => p.rule)).toEqual(['rule-1']);
    expect(checkDecision({ item, materials: [withLicence('D')] }, accept).map((p) => p.rule)).toEqual(['rule-1']);
    expect(checkDecision({ item, materials: [withLicence('C', { originalChecked: true })] }, accept)).toEqual([]);
    expect(checkDecision({ item, materials: [withLicence('A')] }, accept)).toEqual([]);
  });

  it('the case record keeps the licence used, with its grade, type, document hash and the original check', () => {
    const parsed = MaterialState.parse(withLicence('C', { originalChecked: true, licenceType: '营业执照', documentSha256: 'b'.repeat(64) }));
    expect(parsed.licence).toEqual({ licenceNumber: 'DZZZ-YYZZ-1', trustGrade: 'C', originalChecked: true, licenceType: '营业执照', documentSha256: 'b'.repeat(64) });
  });
});

describe('licences offered in the materials step', () => {
  it('may use a valid licence of the right type and grade A–C; not D, expired, revoked or another type', () => {
    expect(licenceUsable(licence({}), '营业执照')).toEqual({ ok: true });
    expect(licenceUsable(licence({ trustGrade: 'C' }), '营业执照')).toEqual({ ok: true });
    expect(licenceUsable(licence({ trustGrade: 'D' }), '营业执照')).toEqual({ ok: false, reason: 'grade-d' });
    expect(licenceUsable(licence({ status: 'expired' }), '营业执照')).toEqual({ ok: false, reason: 'expired' });
    expect(licenceUsable(licence({ status: 'revoked' }), '营业执照')).toEqual({ ok: false, reason: 'revoked' });
    expect(licenceUsable(licence({}), '食品经营许可证')).toEqual({ ok: false, reason: 'type' });
  });

  it('lists the material type only, usable first, best grade then latest', () => {
    const list = [
      licence({ licenceNumber: 'D1', trustGrade: 'D' }),
      licence({ licenceNumber: 'C1', trustGrade: 'C' }),
      licence({ licenceNumber: 'A-old', issuedAt: '2010-01-01' }),
      licence({ licenceNumber: 'A-new', issuedAt: '2022-01-01' }),
      licence({ licenceNumber: 'X', status: 'expired' }),
      licence({ licenceNumber: 'F', licenceType: '食品经营许可证' }),
    ];
    expect(licenceOptions(list, '营业执照').map((o) => [o.licence.licenceNumber, o.usable.ok])).toEqual([
      ['A-new', true],
      ['A-old', true],
      ['C1', true],
      ['X', false],
      ['D1', false],
    ]);
  });

  it('records grade C unchecked, and the intake carries the licence into the case materials', () => {
    expect(toMaterialLicence(licence({ trustGrade: 'C' }))).toMatchObject({ trustGrade: 'C', originalChecked: false, licenceType: '营业执照' });
    expect(toMaterialLicence(licence({}))).not.toHaveProperty('originalChecked');
    const item = makeItem({ implementationCode: '11130102SCJG0101', name: '食品经营许可', materials: [{ id: 'bizlic', name: '营业执照', originals: 0, copies: 1, required: true, tolerable: false, licenceType: '营业执照' }] });
    const data = withItem(newIntake('5b0c5c1e-4c53-4b8e-9d7e-7f1d2f3a4b5c', '2025-10-09T10:00:00+08:00'), item, 3);
    data.materials['bizlic']!.licence = toMaterialLicence(licence({ trustGrade: 'B' }));
    expect(materialStates(data)[0]).toMatchObject({ licence: { licenceNumber: 'L1', trustGrade: 'B' } });
    expect(materialSatisfied(materialStates(data)[0]!)).toBe(true);
  });

  it("looks up the person applying, or the organisation and its legal representative's ID", () => {
    const item = makeItem({ implementationCode: '11130102SCJG0101', name: '食品经营许可', applicantKinds: ['person', 'organisation'] });
    const data = withItem(newIntake('5b0c5c1e-4c53-4b8e-9d7e-7f1d2f3a4b5c', '2025-10-09T10:00:00+08:00'), item, 3);
    expect(data.applicantKind).toBe('person');
    const id = makeResidentId('130102', '1988-04-11', 11);
    data.person.documentNumber = ` ${id.toLowerCase()} `;
    expect(licenceHoldersFor(data, { licenceType: '居民身份证' })).toEqual([id]);
    expect(licenceHoldersFor(data, {})).toEqual([]);
    data.person.documentNumber = '1301021988';
    expect(licenceHoldersFor(data, { licenceType: '居民身份证' })).toEqual([]);
    data.applicantKind = 'organisation';
    const code = makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0CXK7Q' });
    data.org.creditCode = code;
    data.org.legalDocNumber = id;
    expect(licenceHoldersFor(data, { licenceType: '营业执照' })).toEqual([code, id]);
    data.org.legalDocType = '414';
    expect(licenceHoldersFor(data, { licenceType: '营业执照' })).toEqual([code]);
  });
});
