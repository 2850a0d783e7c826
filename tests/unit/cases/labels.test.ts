import { describe, expect, it } from 'vitest';
import { CASE_STATUS_LABELS, CaseStatus } from '../../../src-shared/domain/case';
import { DOCUMENT_TYPES } from '../../../src-shared/domain/identifiers';
import { translate, type MessageKey } from '../../../src-renderer/app/i18n';

describe('case wording in Chinese is the domain’s', () => {
  it('status tags use CASE_STATUS_LABELS', () => {
    for (const s of CaseStatus.options) expect(translate('zh-CN', `cases.status.${s}` as MessageKey)).toBe(CASE_STATUS_LABELS[s]);
  });

  it('document types use the GA/T 2000.156 names, and every type has an English label', () => {
    for (const [code, name] of Object.entries(DOCUMENT_TYPES)) {
      expect(translate('zh-CN', `cases.docType.${code}` as MessageKey)).toBe(name);
      expect(translate('en', `cases.docType.${code}` as MessageKey)).not.toBe(name);
    }
  });
});
