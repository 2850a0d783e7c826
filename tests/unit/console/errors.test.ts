// How failures read, and which form field each belongs to.
import { describe, expect, it } from 'vitest';
import { ExtendRequest, RefuseRequest } from '../../../src-shared/protocol/console';
import { ApiError } from '../../../src-console/api/client';
import { describeError, fieldErrors, fieldPath } from '../../../src-console/app/errors';
import { translator } from '../../../src-console/app/i18n/translate';

const zh = translator('zh-CN');
const en = translator('en');

describe('field paths from the center', () => {
  it('maps dotted and bracketed paths onto the form, numbers as list indexes', () => {
    expect(fieldPath('reasons.0', ['reasons'])).toEqual(['reasons', 0]);
    expect(fieldPath('items[2].text', ['items'])).toEqual(['items', 2, 'text']);
    expect(fieldPath('days', ['days', 'approver', 'reason'])).toEqual(['days']);
  });

  it('keeps errors on fields the form does not have for the form as a whole', () => {
    expect(fieldPath('x-yichuang-csrf', ['reasons'])).toBeNull();
    expect(fieldPath(undefined, ['reasons'])).toBeNull();
    expect(fieldPath('body', ['kind', 'title'])).toBeNull();
  });
});

describe('messages', () => {
  it('shows the center\'s own message for an HTTP error', () => {
    const err = new ApiError('http', '不予许可理由至少2个字', 400, 'validation_failed', 'reasons.0');
    expect(describeError(zh, err)).toBe('不予许可理由至少2个字');
    expect(describeError(zh, new ApiError('http', '', 502, 'http_502'))).toBe('省级中心返回错误 502');
  });

  it('names network and contract failures', () => {
    expect(describeError(zh, new ApiError('network', 'Failed to fetch', 0, 'network', undefined, 'GET /v1/console/worklist'))).toBe('无法连接省级中心：Failed to fetch');
    expect(describeError(en, new ApiError('shape', 'caseStatus: Invalid option', 200, 'shape', undefined, 'GET /v1/console/cases/x'))).toBe(
      'The center answered outside the contract (GET /v1/console/cases/x): caseStatus: Invalid option',
    );
  });

  it('puts each contract violation under its field: the contract\'s Chinese in Chinese, the rule in English', () => {
    const r = RefuseRequest.safeParse({ reasons: [] });
    expect(r.success).toBe(false);
    expect(fieldErrors(zh, 'zh-CN', r.error!)).toEqual([{ name: ['reasons'], errors: ['不予许可必须写明理由'] }]);
    expect(fieldErrors(en, 'en', r.error!)).toEqual([{ name: ['reasons'], errors: ['At least 1 item(s)'] }]);

    const x = ExtendRequest.safeParse({ days: 20, approver: '王', reason: '' });
    expect(x.success).toBe(false);
    const byField = Object.fromEntries(fieldErrors(zh, 'zh-CN', x.error!).map((f) => [f.name.join('.'), f.errors]));
    expect(byField).toEqual({
      days: ['延长最多15个工作日（联合办理）；单部门最多10个'],
      approver: ['须写明批准人'],
      reason: ['理由至少2个字'],
    });
    const enFields = Object.fromEntries(fieldErrors(en, 'en', x.error!).map((f) => [f.name.join('.'), f.errors]));
    expect(enFields).toEqual({ days: ['Must be at most 15'], approver: ['At least 2 characters'], reason: ['At least 2 characters'] });
  });

  it('asks for a missing field as required', () => {
    const x = ExtendRequest.safeParse({ approver: '王局长', reason: '需现场核查' });
    expect(fieldErrors(en, 'en', x.error!)).toEqual([{ name: ['days'], errors: ['Required'] }]);
    expect(fieldErrors(zh, 'zh-CN', x.error!)).toEqual([{ name: ['days'], errors: ['此项为必填项'] }]);
  });
});
