/**
 * The rules of remote result printing (src-shared/domain/printing.ts), shared by the page
 * and main: a reprint needs a reason, copies are bounded, a hand-over needs a checked,
 * valid identity document, and a result's stage follows from its case's events.
 */
import { describe, expect, it } from 'vitest';
import {
  checkHandOver,
  checkPrintRequest,
  printBlocker,
  resultHistory,
  resultStage,
  RESULT_EVENTS,
  type HandOverInput,
} from '../../../src-shared/domain/printing';
import { makeResidentId } from '../../../src-shared/domain/identifiers';

const resultId = '7b0f6a5e-1c1d-4f5e-9a40-2b1e0c9d8f70';
const otherResult = '0d9a2c4e-5b6f-4a7b-8c9d-0e1f2a3b4c5d';
const sha = 'ab'.repeat(32);
const at = '2026-12-01T10:00:00+08:00';

describe('checkPrintRequest (rule 14: a reprint needs a reason)', () => {
  it('lets the first print go without a reason', () => {
    expect(checkPrintRequest({ previousPrints: 0, copies: 2 })).toEqual({ ok: true, reprint: false });
  });

  it('refuses a reprint without a reason, or with one character, naming the field', () => {
    for (const reason of [undefined, '', '   ', '丢']) {
      const r = checkPrintRequest({ previousPrints: 1, copies: 1, reason });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.field).toBe('reason');
        expect(r.message).toMatch(/补打须填写原因，至少 2 个字/);
      }
    }
  });

  it('accepts a reprint with a reason of two characters, counting a CJK extension character as one', () => {
    expect(checkPrintRequest({ previousPrints: 3, copies: 1, reason: ' 污损 ' })).toEqual({ ok: true, reprint: true, reason: '污损' });
    // 𠈌 is one character (two UTF-16 units): alone it is too short, with another it is enough.
    expect(checkPrintRequest({ previousPrints: 1, copies: 1, reason: '𠈌' }).ok).toBe(false);
    expect(checkPrintRequest({ previousPrints: 1, copies: 1, reason: '𠈌丢' }).ok).toBe(true);
  });

  it('bounds the copies', () => {
    expect(checkPrintRequest({ previousPrints: 0, copies: 0 })).toMatchObject({ ok: false, field: 'copies' });
    expect(checkPrintRequest({ previousPrints: 0, copies: 21 })).toMatchObject({ ok: false, field: 'copies' });
    expect(checkPrintRequest({ previousPrints: 0, copies: 1.5 })).toMatchObject({ ok: false, field: 'copies' });
    expect(checkPrintRequest({ previousPrints: 0, copies: 20 }).ok).toBe(true);
  });
});

describe('resultHistory and resultStage', () => {
  const received = { type: RESULT_EVENTS.received, at, data: { resultId, verificationCode: 'ABCD-EFGH-JKMN-PQRS', sha256: sha, title: '准予行政许可决定书' } };
  const printed = (reprint: boolean) => ({ type: RESULT_EVENTS.printed, at, data: { resultId, copies: 1, printer: '另存为PDF', clerkId: 'c-1', at, reprint, ...(reprint ? { reason: '污损' } : {}) } });
  const collected = {
    type: RESULT_EVENTS.collected,
    at,
    data: { resultId, collectorName: '王𠈌', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123), idChecked: true, collectorRole: 'applicant', at, clerkId: 'c-1' },
  };

  it('follows a result from download to hand-over, ignoring other results and other events', () => {
    const noise = [{ type: 'accepted', at, data: {} }, { ...printed(false), data: { ...printed(false).data, resultId: otherResult } }];
    expect(resultStage('valid', resultHistory(noise, resultId))).toBe('awaiting-download');
    expect(resultStage('valid', resultHistory([...noise, received], resultId))).toBe('awaiting-print');
    const h = resultHistory([...noise, received, printed(false), printed(true)], resultId);
    expect(h.prints.map((p) => p.reprint)).toEqual([false, true]);
    expect(resultStage('valid', h)).toBe('printed');
    expect(resultStage('valid', resultHistory([received, printed(false), collected], resultId))).toBe('collected');
  });

  it('shows a revoked result as revoked whatever happened before, and never lets it print', () => {
    const stage = resultStage('revoked', resultHistory([received, printed(false)], resultId));
    expect(stage).toBe('revoked');
    expect(printBlocker(stage)?.message).toMatch(/已被撤销，不能打印/);
    expect(printBlocker('awaiting-print')).toBeNull();
    expect(printBlocker('awaiting-download')?.message).toMatch(/尚未下载/);
  });
});

describe('checkHandOver', () => {
  const base: HandOverInput = {
    resultId,
    collectorName: ' 王𠈌 ',
    documentType: '111',
    documentNumber: makeResidentId('130102', '1990-03-07', 123).toLowerCase(),
    idChecked: true,
    collectorRole: 'applicant',
  };
  const ctx = { today: '2026-12-01', stage: 'printed' as const, at, clerkId: 'c-130102-01-1' };

  it('registers a collector whose ID was checked, normalising the number', () => {
    const r = checkHandOver(base, ctx);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.collectorName).toBe('王𠈌');
      expect(r.value.documentNumber).toBe(base.documentNumber.toUpperCase());
      expect(r.value.idChecked).toBe(true);
    }
  });

  it('names every problem: bad check digit, ID not checked, not printed yet', () => {
    const bad = base.documentNumber.slice(0, 17) + (base.documentNumber.endsWith('1') ? '2' : '1');
    const r = checkHandOver({ ...base, documentNumber: bad, idChecked: false }, { ...ctx, stage: 'awaiting-print' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.field).sort()).toEqual(['documentNumber', 'idChecked', 'status']);
      expect(r.problems.find((p) => p.field === 'documentNumber')?.message).toMatch(/MOD 11-2/);
    }
  });

  it('refuses a revoked result and a second hand-over', () => {
    expect(checkHandOver(base, { ...ctx, stage: 'revoked' })).toMatchObject({ ok: false, problems: [{ field: 'status' }] });
    expect(checkHandOver(base, { ...ctx, stage: 'collected' })).toMatchObject({ ok: false, problems: [{ field: 'status' }] });
  });

  it('checks a passport with its own validator, not the resident ID one', () => {
    expect(checkHandOver({ ...base, documentType: '414', documentNumber: 'E12345678' }, ctx).ok).toBe(true);
    expect(checkHandOver({ ...base, documentType: '999', documentNumber: 'E12345678' }, ctx)).toMatchObject({ ok: false, problems: [{ field: 'documentType' }] });
  });
});
