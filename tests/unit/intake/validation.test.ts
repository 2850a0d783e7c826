import { describe, expect, it } from 'vitest';
import { newIntake, withItem, type IntakeData } from '../../../src-renderer/features/intake/model';
import { checkApplicant, checkForm } from '../../../src-renderer/features/intake/validation';
import { makeCreditCode, makeResidentId, CREDIT_CODE_CHARSET } from '../../../src-shared/domain/identifiers';
import { FOOD, IMMEDIATE } from './fixtures';

const TODAY = '2026-11-26';
const message = (m: unknown) => (m && typeof m === 'object' && 'text' in m ? (m as { text: string }).text : (m as { key: string } | undefined)?.key);

function intake(item = FOOD): IntakeData {
  return withItem(newIntake('11111111-1111-4111-8111-111111111111', '2026-11-26T09:00:00+08:00'), item, 3);
}

/** The same code with its check character changed: well formed, failing GB 32100. */
function withWrongCheck(code: string): string {
  const i = CREDIT_CODE_CHARSET.indexOf(code[17]!);
  return code.slice(0, 17) + CREDIT_CODE_CHARSET[(i + 1) % 31];
}

describe('the item form, from its catalog schema', () => {
  const fields = FOOD.formFields;
  const full = { entityName: '好味小吃', area: '85.5', opened: '2026-12-01', form: '餐饮服务经营者', note: '' };

  it('accepts a complete form and records numbers as numbers, leaving out empty optional fields', () => {
    const r = checkForm(fields, full);
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({ entityName: '好味小吃', area: 85.5, opened: '2026-12-01', form: '餐饮服务经营者' });
  });

  it('names each broken field and the rule: required, length, number, date, option', () => {
    const r = checkForm(fields, { entityName: '一二三四五六七八九十一', area: '85平方米', opened: '2026-02-30', form: '小卖部', note: '' });
    expect(Object.keys(r.errors).sort()).toEqual(['form.area', 'form.entityName', 'form.form', 'form.opened']);
    expect(r.errors['form.entityName']).toEqual({ key: 'intake.err.formMaxLength', params: { label: '经营者名称', max: 10, n: 11 } });
    expect(r.errors['form.area']).toMatchObject({ key: 'intake.err.formNumber', params: { label: '经营场所面积' } });
    expect(r.errors['form.opened']).toMatchObject({ key: 'intake.err.formDate' });
    expect(r.errors['form.form']).toMatchObject({ key: 'intake.err.formOption' });
    const empty = checkForm(fields, {});
    expect(Object.keys(empty.errors).sort()).toEqual(['form.area', 'form.entityName', 'form.form']);
    expect(empty.errors['form.area']).toEqual({ key: 'intake.err.formRequired', params: { label: '经营场所面积' } });
  });

  it('counts characters, not UTF-16 units (a rare CJK Extension B character is one)', () => {
    const r = checkForm([{ key: 'n', label: '名称', type: 'text', required: true, maxLength: 2 }], { n: '王𠈌' });
    expect(r.errors).toEqual({});
  });

  it('takes full-width digits from a Chinese IME as numbers', () => {
    expect(checkForm([{ key: 'a', label: '面积', type: 'number', required: true }], { a: '１２０' }).values).toEqual({ a: 120 });
  });
});

describe('the applicant, with the shared validators', () => {
  const id = makeResidentId('130102', '1985-03-15', 123);

  it('a person with a valid resident ID becomes the applicant, number normalised', () => {
    const d = intake();
    d.person = { documentType: '111', documentNumber: ` ${id.toLowerCase()} `, name: ' 张三 ', phone: '13800138000', address: '' };
    const r = checkApplicant(d, TODAY);
    expect(r.errors).toEqual({});
    expect(r.applicant).toEqual({ kind: 'person', name: '张三', documentType: '111', documentNumber: id, phone: '13800138000' });
  });

  it('a wrong check digit is reported beside the number, naming GB 11643-1999', () => {
    const d = intake();
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    d.person = { documentType: '111', documentNumber: wrong, name: '张三', phone: '123', address: '' };
    const r = checkApplicant(d, TODAY);
    expect(message(r.errors['person.documentNumber'])).toMatch(/GB 11643-1999/);
    expect(message(r.errors['person.phone'])).toMatch(/联系电话/);
    expect(r.applicant).toBeUndefined();
  });

  it('the number is checked by the validator of the chosen document type', () => {
    const d = intake();
    d.person = { documentType: '414', documentNumber: 'E12345678', name: 'Anna', phone: '', address: '' };
    expect(checkApplicant(d, TODAY).errors).toEqual({});
    d.person.documentType = '516';
    expect(message(checkApplicant(d, TODAY).errors['person.documentNumber'])).toMatch(/港澳居民来往内地通行证/);
  });

  it('a kind the item does not take is an error', () => {
    const d = intake(IMMEDIATE);
    d.applicantKind = 'organisation';
    expect(checkApplicant(d, TODAY).errors['applicantKind']).toEqual({ key: 'intake.err.kindNotAllowed' });
  });

  describe('an organisation', () => {
    const good = makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0ABCDE' });
    function org(code: string): IntakeData {
      const d = intake();
      d.applicantKind = 'organisation';
      d.org = { creditCode: code, name: '好味餐饮有限公司', legalName: '李四', legalDocType: '111', legalDocNumber: id, phone: '', address: '', override: null, overrideFor: null };
      return d;
    }
    const override = { supervisorId: 'S001', supervisorName: '赵主任', reason: '已核对营业执照原件', at: '2026-11-26T10:00:00+08:00' };

    it('with a valid code is the applicant with its legal representative', () => {
      const r = checkApplicant(org(good.toLowerCase()), TODAY);
      expect(r.errors).toEqual({});
      expect(r.applicant).toMatchObject({ kind: 'organisation', creditCode: good, legalRepresentative: { name: '李四', documentType: '111', documentNumber: id } });
      expect(r.applicant).not.toHaveProperty('creditCodeOverride');
    });

    it('with a failing check character needs a supervisor override for that very code', () => {
      const bad = withWrongCheck(good);
      const d = org(bad);
      const without = checkApplicant(d, TODAY);
      expect(without.creditCode?.kind).toBe('override-allowed');
      expect(message(without.errors['org.creditCode'])).toMatch(/GB 32100-2015 校验码/);

      d.org.override = override;
      d.org.overrideFor = withWrongCheck(withWrongCheck(bad)); // given for another code
      expect(checkApplicant(d, TODAY).errors['org.creditCode']).toBeDefined();

      d.org.overrideFor = bad;
      const r = checkApplicant(d, TODAY);
      expect(r.errors).toEqual({});
      expect(r.applicant).toMatchObject({ creditCode: bad, creditCodeOverride: override });
    });

    it('an incomplete override (reason too short) does not let the code through', () => {
      const bad = withWrongCheck(good);
      const d = org(bad);
      d.org.override = { ...override, reason: '好' };
      d.org.overrideFor = bad;
      expect(message(checkApplicant(d, TODAY).errors['org.creditCode'])).toMatch(/至少4个字/);
    });

    it('a malformed code can never be overridden', () => {
      const d = org('91130102MA0ABCDEI'); // 17 characters
      d.org.override = override;
      d.org.overrideFor = '91130102MA0ABCDEI';
      expect(message(checkApplicant(d, TODAY).errors['org.creditCode'])).toMatch(/18位/);
    });
  });

  it('an agent needs a valid document and a scanned power of attorney', () => {
    const d = intake();
    d.person = { documentType: '111', documentNumber: id, name: '张三', phone: '', address: '' };
    d.agent = { enabled: true, documentType: '111', documentNumber: makeResidentId('130104', '1990-01-02', 45), name: '王五', phone: '', powerOfAttorney: null };
    expect(checkApplicant(d, TODAY).errors).toEqual({ 'agent.powerOfAttorney': { key: 'intake.err.powerOfAttorney' } });
    const sha = 'a'.repeat(64);
    d.agent.powerOfAttorney = { sha256: sha, name: '授权委托书.pdf', mediaType: 'application/pdf', size: 1000, pages: 1 };
    const r = checkApplicant(d, TODAY);
    expect(r.errors).toEqual({});
    expect(r.agent).toMatchObject({ name: '王五', powerOfAttorneyBlob: sha });
    d.agent.enabled = false;
    expect(checkApplicant(d, TODAY).agent).toBeUndefined();
  });
});
