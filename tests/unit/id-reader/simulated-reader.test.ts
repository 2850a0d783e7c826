import { describe, expect, it } from 'vitest';
import { IdCardReadError, READ_RULES, SimulatedIdCardReader } from '../../../src-main/services/id-reader';
import { validateResidentId } from '../../../src-shared/domain/identifiers';
import { compareIsoDate } from '../../../src-shared/domain/dates';
import { IdCardRead } from '../../../src-shared/protocol/clerk-api';
import { PERSON, TODAY, readRgbPng } from './fixtures';

async function failure(p: Promise<unknown>): Promise<IdCardReadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdCardReadError);
  return err as IdCardReadError;
}

describe('SimulatedIdCardReader', () => {
  it('generates identities that pass every check a real card would', async () => {
    const sim = new SimulatedIdCardReader({ today: () => TODAY, seed: 7 });
    for (let i = 0; i < 60; i++) {
      const r = await sim.read({ timeoutMs: 1000 });
      expect(IdCardRead.safeParse(r).success).toBe(true);
      const v = validateResidentId(r.idNumber, { today: TODAY });
      expect(v.ok).toBe(true);
      if (!v.ok) continue;
      expect(r.birthDate).toBe(v.facts.birthDate);
      expect(r.sex).toBe(v.facts.sex);
      expect(r.address.startsWith(v.facts.provinceName)).toBe(true);
      expect(compareIsoDate(r.validFrom, TODAY)).toBeLessThanOrEqual(0);
      expect(r.validTo === '长期' || compareIsoDate(r.validTo, TODAY) > 0).toBe(true);
      // 18 years or older: cards issued at 16+ run 10 years, 20 years or 长期 (居民身份证法 §5)
      if (r.validTo !== '长期') expect([10, 20]).toContain(Number(r.validTo.slice(0, 4)) - Number(r.validFrom.slice(0, 4)));
      expect(readRgbPng(r.photo!).width).toBe(102);
    }
  });

  it('the same seed gives the same people; another seed other people', async () => {
    const a = new SimulatedIdCardReader({ today: () => TODAY, seed: 1 });
    const b = new SimulatedIdCardReader({ today: () => TODAY, seed: 1 });
    const c = new SimulatedIdCardReader({ today: () => TODAY, seed: 2 });
    const ids = async (s: SimulatedIdCardReader) => {
      const out: string[] = [];
      for (let i = 0; i < 5; i++) out.push((await s.read({ timeoutMs: 1000 })).idNumber);
      return out;
    };
    const [ia, ib, ic] = [await ids(a), await ids(b), await ids(c)];
    expect(ia).toEqual(ib);
    expect(ic).not.toEqual(ia);
    expect(new Set(ia).size).toBe(5);
  });

  it('plays a script: a given card, no card, a silent reader, then generated cards', async () => {
    const sim = new SimulatedIdCardReader({
      today: () => TODAY,
      photo: false,
      script: [{ kind: 'card', card: PERSON }, { kind: 'no-card' }, { kind: 'timeout' }],
    });
    expect(await sim.read({ timeoutMs: 1000 })).toEqual({ ...PERSON, documentType: '111' });
    expect((await failure(sim.read({ timeoutMs: 50 }))).reason).toBe('no_card');
    expect((await failure(sim.read({ timeoutMs: 50 }))).reason).toBe('timeout');
    expect((await sim.read({ timeoutMs: 1000 })).documentType).toBe('111');
  });

  it('fills a partly given card so that the number agrees with the given sex and birth date', async () => {
    const sim = new SimulatedIdCardReader({ today: () => TODAY, script: [{ kind: 'card', card: { sex: 'female', birthDate: '1970-12-31', name: '王芳' } }] });
    const r = await sim.read({ timeoutMs: 1000 });
    expect(r).toMatchObject({ sex: 'female', birthDate: '1970-12-31', name: '王芳' });
    expect(validateResidentId(r.idNumber, { today: TODAY })).toMatchObject({ ok: true, facts: { sex: 'female', birthDate: '1970-12-31' } });
  });

  it.each([
    ['check-digit', 'idNumber', 'GB 11643-1999 MOD 11-2'],
    ['birth-date', 'birthDate', READ_RULES.birthAgrees],
    ['impossible-date', 'validFrom', READ_RULES.dateFormat],
  ] as const)('refuses corrupt data (%s) naming the rule', async (defect, field, rule) => {
    const sim = new SimulatedIdCardReader({ today: () => TODAY, script: [{ kind: 'corrupt', defect }] });
    const err = await failure(sim.read({ timeoutMs: 1000 }));
    expect([err.reason, err.field, err.rule]).toEqual(['bad_data', field, rule]);
    expect(err.message).toContain(rule);
  });

  it('says plainly that it is a simulator', async () => {
    const st = await new SimulatedIdCardReader().status();
    expect(st).toMatchObject({ available: true, kind: 'simulator' });
    expect(st.detail).toContain('模拟');
  });
});
