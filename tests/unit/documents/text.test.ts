// Wording helpers: dates as written on Chinese documents, privacy masking, document numbers.
import { describe, expect, it } from 'vitest';
import { chinaDateOf, chineseDate, chineseNumeralDate, formatDocumentNumber, maskDocumentNumber, maskPhone } from '../../../src-node/documents';

describe('dates', () => {
  it.each([
    ['2026-11-26', '二〇二六年十一月二十六日'],
    ['2020-10-10', '二〇二〇年十月十日'],
    ['2031-01-31', '二〇三一年一月三十一日'],
    ['2008-02-29', '二〇〇八年二月二十九日'],
    ['2019-12-20', '二〇一九年十二月二十日'],
  ])('%s is written %s under the seal', (iso, zh) => {
    expect(chineseNumeralDate(iso)).toBe(zh);
  });

  it('writes body dates with Arabic numerals and no leading zeros', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
  });

  it('refuses impossible dates', () => {
    expect(() => chineseNumeralDate('2026-02-29')).toThrow(/不存在/);
  });

  it('takes the calendar date in China time', () => {
    expect(chinaDateOf('2026-11-25T16:30:00Z')).toBe('2026-11-26');
    expect(chinaDateOf('2026-11-26T23:59:00+08:00')).toBe('2026-11-26');
  });
});

describe('masking', () => {
  it('keeps the first and last four characters of an 18-character ID number', () => {
    expect(maskDocumentNumber('13010219900307123X')).toBe('1301**********123X');
  });
  it('keeps less of shorter numbers', () => {
    expect(maskDocumentNumber('E12345678')).toBe('E1*****78');
    expect(maskDocumentNumber('AB1')).toBe('A*1');
  });
  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0311-87654321')).toBe('0311-****4321');
  });
});

describe('document numbers', () => {
  it('put the year in 〔〕 and pad the serial to six digits', () => {
    expect(formatDocumentNumber('长安政服受字', 2026, 123)).toBe('长安政服受字〔2026〕第000123号');
  });
  it('refuse a serial out of range', () => {
    expect(() => formatDocumentNumber('长安政服受字', 2026, 0)).toThrow();
  });
});
