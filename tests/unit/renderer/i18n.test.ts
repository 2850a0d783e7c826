import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES, HANDLING_FORMS, ITEM_TYPES } from '../../../src-shared/domain/codes';
import { dictionaries, relativeTime, translate, type MessageKey } from '../../../src-renderer/app/i18n';
import { chineseInEnglish, chineseOutside, placeholderMismatches } from '../support/i18n';

const zh = dictionaries['zh-CN'];
const en = dictionaries.en;

describe('i18n dictionaries', () => {
  it('English has every Chinese key and no other', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('both languages use the same placeholders for each key', () => {
    expect(placeholderMismatches(zh, en)).toEqual([]);
  });

  it('English strings contain no Chinese (except the name of the Chinese language)', () => {
    expect(chineseInEnglish(en)).toEqual([]);
  });

  it('Chinese code-table labels are the standard names of src-shared', () => {
    for (const [code, label] of Object.entries(ITEM_TYPES)) expect(translate('zh-CN', `itemType.${code}` as MessageKey)).toBe(label);
    for (const [code, label] of Object.entries(CASE_TYPES)) expect(translate('zh-CN', `caseType.${code}` as MessageKey)).toBe(label);
    for (const [code, label] of Object.entries(HANDLING_FORMS)) expect(translate('zh-CN', `handlingForm.${code}` as MessageKey)).toBe(label);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'catalog.count', { count: 3 })).toBe('共 3 项');
    expect(translate('en', 'catalog.count', { count: 3 })).toBe('3 items');
    expect(translate('en', 'catalog.days', { promised: 5 })).toBe('5 / {statutory} working days');
  });

  it('words relative times', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    const t = (k: MessageKey, p?: Record<string, string | number>) => translate('zh-CN', k, p);
    expect(relativeTime(t, '2025-03-01T11:59:40Z', now)).toBe('刚刚');
    expect(relativeTime(t, '2025-03-01T11:55:00Z', now)).toBe('5 分钟前');
    expect(relativeTime(t, '2025-03-01T09:00:00Z', now)).toBe('3 小时前');
    expect(relativeTime(t, '2025-02-27T12:00:00Z', now)).toBe('2 天前');
  });
});

describe('no hard-coded Chinese in the renderer', () => {
  it('keeps Chinese text (outside comments) in the dictionaries only', () => {
    const root = path.resolve(import.meta.dirname, '../../../src-renderer');
    // The UI dictionaries, and the bilingual error texts of the layers below the UI.
    const allowed = ['app/i18n/zh-CN.ts', 'app/i18n/en.ts', 'platform/messages.ts', 'sync/messages.ts', 'db/messages.ts'];
    expect(chineseOutside(root, allowed)).toEqual([]);
  });

  it('nor in the UI layer it shares with the console (src-ui): texts come in as props', () => {
    expect(chineseOutside(path.resolve(import.meta.dirname, '../../../src-ui'), [])).toEqual([]);
  });
});
