// The console's dictionaries are complete in both languages, and its code has no Chinese of its own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CenterCaseStatus, ProgressType, ResultKind, SpecialProcedure, StepStatus } from '../../../src-shared/protocol/workflow';
import { dictionaries, formatDateTime, pickLocale, translate } from '../../../src-console/app/i18n/translate';
import { chineseInEnglish, chineseOutside, placeholderMismatches } from '../support/i18n';

const zh = dictionaries['zh-CN'];
const en = dictionaries.en;

describe('console i18n', () => {
  it('English has every Chinese key and no other, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(placeholderMismatches(zh, en)).toEqual([]);
  });

  it('English strings contain no Chinese (except the name of the Chinese language)', () => {
    expect(chineseInEnglish(en)).toEqual([]);
  });

  it('has a label for every status, progress type, procedure and result kind of the contract', () => {
    const keys = [
      ...StepStatus.options.map((s) => `stepStatus.${s}`),
      ...CenterCaseStatus.options.map((s) => `caseStatus.${s}`),
      ...ProgressType.options.map((s) => `progress.${s}`),
      ...SpecialProcedure.options.map((s) => `procedure.${s}`),
      ...ResultKind.options.map((s) => `resultKind.${s}`),
    ];
    expect(keys.filter((k) => !(k in zh))).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'worklist.total', { n: 3 })).toBe('共 3 件');
    expect(translate('en', 'worklist.total', { n: 3 })).toBe('3 cases');
    expect(translate('en', 'action.confirmExtend', { days: 5 })).toBe('Extend our review by 5 working days, approved by {approver}. The applicant is notified.');
  });

  it('starts in Chinese unless English was chosen', () => {
    expect(pickLocale(null)).toBe('zh-CN');
    expect(pickLocale('fr')).toBe('zh-CN');
    expect(pickLocale('en')).toBe('en');
  });

  it('shows times in China time', () => {
    expect(formatDateTime('2025-03-01T01:30:00Z', 'zh-CN')).toBe('2025/03/01 09:30');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});

describe('no hard-coded Chinese in the console', () => {
  it('keeps Chinese text (outside comments) in the dictionaries only', () => {
    const root = path.resolve(import.meta.dirname, '../../../src-console');
    expect(chineseOutside(root, ['app/i18n/zh-CN.ts', 'app/i18n/en.ts'])).toEqual([]);
  });
});
