/** Verification codes as printed and as typed back, and the case number the public sees. */
import { describe, expect, it } from 'vitest';
import { encodeCode, maskCaseNumber, newResultCode, normalizeCode } from '../../../src-center/results/code';
import { VerificationCode } from '../../../src-shared/protocol/workflow';

describe('verification codes', () => {
  it('write 80 bits as 16 Crockford characters, five bits each, most significant first', () => {
    expect(encodeCode(new Uint8Array(10))).toBe('0000-0000-0000-0000');
    expect(encodeCode(new Uint8Array(10).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const one = new Uint8Array(10);
    one[9] = 1;
    expect(encodeCode(one)).toBe('0000-0000-0000-0001');
    const top = new Uint8Array(10);
    top[0] = 0x80;
    expect(encodeCode(top)).toBe('G000-0000-0000-0000');
    expect(() => encodeCode(new Uint8Array(9))).toThrow(RangeError);
  });

  it('are fresh each time and match the contract', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newResultCode()));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(VerificationCode.safeParse(c).success, c).toBe(true);
  });

  it('read back as typed: any case, with or without hyphens and spaces, O as 0, I and L as 1', () => {
    expect(normalizeCode('7k3m 9qxr 2htb 5wzd')).toBe('7K3M-9QXR-2HTB-5WZD');
    expect(normalizeCode('7K3M9QXR2HTB5WZD')).toBe('7K3M-9QXR-2HTB-5WZD');
    expect(normalizeCode('O1IL-0000-0000-0000')).toBe('0111-0000-0000-0000');
    expect(normalizeCode('７Ｋ３Ｍ-9QXR-2HTB-5WZD')).toBe('7K3M-9QXR-2HTB-5WZD'); // full-width, as some IMEs type
    for (const bad of ['', '7K3M-9QXR-2HTB', '7K3M-9QXR-2HTB-5WZU', '7K3M-9QXR-2HTB-5WZD-0', '<script>', 'x'.repeat(100)]) expect(normalizeCode(bad), bad).toBeNull();
  });
});

describe('the masked case number', () => {
  it('keeps the region and the last four characters only', () => {
    expect(maskCaseNumber('130102202509300A0001000042X')).toBe('130102*****************042X');
    expect(maskCaseNumber('ABCDEFGH')).toBe('AB****GH');
  });
});
