/**
 * ISO 7064 MOD 11-2 as specified by GB 11643-1999 for the citizen identity number (and reused
 * by the 2023 foreigner permanent-residence number and the HK/Macao/Taiwan residence permit).
 *
 * Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; S = Σ aᵢwᵢ mod 11; check = "10X98765432"[S].
 */

export const MOD11_2_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for 17 digits. Throws if `body` is not exactly 17 ASCII digits. */
export function mod11_2Check(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new RangeError(`MOD 11-2 本体码必须是17位数字: "${body}"`);
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * MOD11_2_WEIGHTS[i]!;
  return CHECK_CHARS[s % 11]!;
}

/** True if an 18-character number's last character is the MOD 11-2 check of its first 17. */
export function mod11_2Valid(number18: string): boolean {
  return /^\d{17}[\dX]$/.test(number18) && mod11_2Check(number18.slice(0, 17)) === number18[17];
}
