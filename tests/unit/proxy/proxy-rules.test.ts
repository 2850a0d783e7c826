/**
 * The rules of proxy acceptance (帮办代办, rule 13) both sides apply: the acceptance date in
 * China time, which regions are the window's own, whether an authorisation list covers an
 * item on a date (and the nearest reason when not), and the center's refusal message.
 */
import { describe, expect, it } from 'vitest';
import { proxyDenialMessage, shanghaiMinute } from '../../../src-center/proxy/messages';
import {
  authorisedOn,
  CreateProxyAuthorisationRequest,
  inForce,
  isProxyRegion,
  judgeProxy,
  ownRegionsByCode,
  shanghaiDate,
  type ProxyAuthorisation,
} from '../../../src-shared/protocol/proxy';
import { auth as sharedAuth } from './authorisations';

/** The shared fixture, for the national item code these rules are tested with. */
const auth = (over: Partial<ProxyAuthorisation>): ProxyAuthorisation => sharedAuth({ itemCodes: ['0100100100'], ...over });

describe('shanghaiDate', () => {
  it('gives the calendar date in China time, whatever offset the instant is written with', () => {
    expect(shanghaiDate('2025-08-31T15:59:59Z')).toBe('2025-08-31');
    expect(shanghaiDate('2025-08-31T16:00:00Z')).toBe('2025-09-01');
    expect(shanghaiDate('2025-09-01T00:30:00+08:00')).toBe('2025-09-01');
    expect(shanghaiDate('2025-08-31T20:00:00-05:00')).toBe('2025-09-01');
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 16, 0))).toBe('2026-01-01');
    expect(shanghaiDate('not a time')).toBeNull();
  });
});

describe('own regions', () => {
  it('are the county, its city and the province (GB/T 2260 code structure)', () => {
    expect(ownRegionsByCode('130102')).toEqual(['130102', '130100', '130000']);
    expect(ownRegionsByCode('130100')).toEqual(['130100', '130000']);
    expect(ownRegionsByCode('130000')).toEqual(['130000']);
    expect(isProxyRegion('130102', '130100')).toBe(false);
    expect(isProxyRegion('130102', '130000')).toBe(false);
    expect(isProxyRegion('130102', '130104')).toBe(true);
    expect(isProxyRegion('130102', '130600')).toBe(true);
    // The center's list wins when the window has it.
    expect(isProxyRegion('130181', '130100', ['130181', '130000'])).toBe(true);
  });
});

describe('judgeProxy', () => {
  const q = { regionCode: '130104', itemCode: '0100100100', date: '2025-09-30' };

  it('covers the listed item of the target region within the dates, both ends included', () => {
    const list = [auth({})];
    expect(judgeProxy(list, q)).toMatchObject({ ok: true, authorisation: { id: list[0]!.id } });
    expect(judgeProxy(list, { ...q, date: '2025-09-01' }).ok).toBe(true);
    expect(judgeProxy(list, { ...q, date: '2025-12-31' }).ok).toBe(true);
  });

  it('names the nearest reason it does not', () => {
    const list = [auth({})];
    expect(judgeProxy(list, { ...q, regionCode: '130105' })).toEqual({ ok: false, reason: 'no-region' });
    expect(judgeProxy(list, { ...q, regionCode: '130100' })).toEqual({ ok: false, reason: 'no-region' });
    expect(judgeProxy(list, { ...q, itemCode: '0100100200' })).toEqual({ ok: false, reason: 'no-item' });
    expect(judgeProxy(list, { ...q, date: '2025-08-31' })).toMatchObject({ ok: false, reason: 'not-yet-valid', nearest: { validFrom: '2025-09-01' } });
    expect(judgeProxy(list, { ...q, date: '2026-01-01' })).toMatchObject({ ok: false, reason: 'expired', nearest: { validTo: '2025-12-31' } });
    expect(judgeProxy([], q)).toEqual({ ok: false, reason: 'no-region' });
  });

  it('counts a revocation from its instant: earlier acceptances stay covered', () => {
    const list = [auth({ revokedAt: '2025-09-30T02:00:00.000Z', revokedBy: '李明' })];
    expect(judgeProxy(list, { ...q, at: '2025-09-30T09:59:00+08:00' }).ok).toBe(true);
    expect(judgeProxy(list, { ...q, at: '2025-09-30T10:00:00+08:00' })).toMatchObject({ ok: false, reason: 'revoked' });
    // Without an instant, any revocation counts.
    expect(judgeProxy(list, q)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('lets any one of several authorisations cover', () => {
    const list = [
      auth({ id: '00000000-0000-4000-8000-00000000000a', validTo: '2025-09-15' }),
      auth({ id: '00000000-0000-4000-8000-00000000000b', validFrom: '2025-09-20', itemCodes: ['0100100200', '0100100100'] }),
    ];
    expect(judgeProxy(list, q)).toMatchObject({ ok: true, authorisation: { id: '00000000-0000-4000-8000-00000000000b' } });
    expect(judgeProxy(list, { ...q, date: '2025-09-17' })).toMatchObject({ ok: false, reason: 'not-yet-valid', nearest: { validFrom: '2025-09-20' } });
  });
});

describe('what is in force on a day', () => {
  it('leaves out revoked, ended and later authorisations, and joins items per region', () => {
    const list = [
      auth({ id: '00000000-0000-4000-8000-000000000001', itemCodes: ['A1'] }),
      auth({ id: '00000000-0000-4000-8000-000000000002', itemCodes: ['A2', 'A1'] }),
      auth({ id: '00000000-0000-4000-8000-000000000003', itemCodes: ['A3'], revokedAt: '2025-09-02T00:00:00.000Z', revokedBy: 'x' }),
      auth({ id: '00000000-0000-4000-8000-000000000004', regionCode: '130105', itemCodes: ['B1'], validFrom: '2025-10-01' }),
    ];
    expect(inForce(list, '2025-09-30').map((a) => a.id.slice(-1))).toEqual(['1', '2']);
    const on = authorisedOn(list, '2025-09-30');
    expect([...on.keys()]).toEqual(['130104']);
    expect([...on.get('130104')!].sort()).toEqual(['A1', 'A2']);
    expect([...authorisedOn(list, '2025-10-01').keys()].sort()).toEqual(['130104', '130105']);
  });
});

describe('CreateProxyAuthorisationRequest', () => {
  const ok = { windowId: 'w-130102-01', regionCode: '130104', itemCodes: ['0100100100'], validFrom: '2025-09-01', validTo: '2025-09-01', createdBy: '李明' };
  it('accepts one day, refuses an end before the start, duplicates, a wildcard and extra fields, naming the field', () => {
    expect(CreateProxyAuthorisationRequest.safeParse(ok).success).toBe(true);
    const path = (v: unknown) => {
      const r = CreateProxyAuthorisationRequest.safeParse(v);
      return r.success ? null : r.error.issues[0]!.path.join('.');
    };
    expect(path({ ...ok, validTo: '2025-08-31' })).toBe('validTo');
    expect(path({ ...ok, itemCodes: ['0100100100', '0100100100'] })).toBe('itemCodes');
    expect(path({ ...ok, itemCodes: ['*'] })).toBe('itemCodes.0');
    expect(path({ ...ok, regionCode: '1301' })).toBe('regionCode');
    expect(path({ ...ok, extra: 1 })).toBe('');
  });
});

describe('the center’s refusal message', () => {
  const base = { windowId: 'w-130102-01', itemCode: '0100100100', itemName: '食品经营许可', regionCode: '130104', regionName: '桥西区', date: '2025-09-30' };
  it('says which window, item, region and date, and why', () => {
    const m = proxyDenialMessage({ ...base, verdict: { ok: false, reason: 'no-item' } });
    for (const part of ['w-130102-01', '食品经营许可', '0100100100', '桥西区（130104）', '2025-09-30', '不包含该事项']) expect(m).toContain(part);
    expect(proxyDenialMessage({ ...base, verdict: { ok: false, reason: 'no-region' } })).toContain('没有桥西区（130104）的代办授权');
    expect(
      proxyDenialMessage({ ...base, verdict: { ok: false, reason: 'expired', nearest: { id: 'x', validFrom: '2025-01-01', validTo: '2025-06-30', revokedAt: null } } }),
    ).toContain('已于 2025-06-30 到期');
    expect(
      proxyDenialMessage({ ...base, verdict: { ok: false, reason: 'revoked', nearest: { id: 'x', validFrom: '2025-01-01', validTo: '2025-12-31', revokedAt: '2025-09-30T01:05:00.000Z' } } }),
    ).toContain('已于 2025-09-30 09:05（北京时间）撤销');
    expect(shanghaiMinute('2025-12-31T16:30:00Z')).toBe('2026-01-01 00:30');
  });
});
