/**
 * From what a reader service says to a checked IdCardRead. Every implementation (HTTP,
 * file, simulator) ends here, so every read is checked the same way:
 *   - the number by GB 11643-1999 (validateResidentId: length, region, birth date, MOD 11-2);
 *   - the birth date and sex on the chip must agree with the number (they are written
 *     from the same record: a disagreement means a garbled read);
 *   - dates are real dates; the validity period runs forwards; 长期 only as its end.
 * A read breaking any of these is refused with an IdCardReadError naming the field and
 * the rule, never passed on "mostly right".
 */
import { compareIsoDate, formatIsoDate, fromCompact, isIsoDate, type IsoDate } from '../../../src-shared/domain/dates';
import { RULES, validateResidentId } from '../../../src-shared/domain/identifiers';
import { IdCardRead } from '../../../src-shared/protocol/clerk-api';
import { decodeBase64Photo, toJpegOrPng } from './photo';
import { IdCardReadError, type IdReaderLog } from './types';

/** The fields as a reader service gives them, before any checking. */
export interface RawIdCardFields {
  name?: unknown;
  sex?: unknown;
  nation?: unknown;
  birthDate?: unknown;
  address?: unknown;
  idNumber?: unknown;
  issuer?: unknown;
  validFrom?: unknown;
  validTo?: unknown;
  /** One "start-end" field, when the source has no separate start and end. */
  validPeriod?: unknown;
  /** Bytes, or base64 (a data: URL is fine). */
  photo?: unknown;
}

export interface NormaliseOptions {
  today: IsoDate;
  log: IdReaderLog;
}

/** Rule references used in messages beyond the identifier RULES. */
export const READ_RULES = {
  required: RULES.required,
  sexCode: 'GB/T 2261.1 性别代码',
  sexAgrees: 'GB 11643-1999 顺序码 (奇数为男，偶数为女)',
  birthAgrees: RULES.residentIdBirthDate,
  nationCode: 'GB 3304 民族代码',
  dateFormat: '日期格式 YYYYMMDD',
  validity: '有效期限 (起始日不晚于截止日，不早于出生日期)',
  textLength: '字段长度',
} as const;

const LABELS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  nation: '民族',
  birthDate: '出生日期',
  address: '住址',
  idNumber: '公民身份号码',
  issuer: '签发机关',
  validFrom: '有效期限起始日',
  validTo: '有效期限截止日',
};

function bad(field: string, rule: string, detail: string): IdCardReadError {
  return new IdCardReadError(
    'bad_data',
    `身份证阅读器读出的${LABELS[field] ?? field}有误：${detail} (${rule})，请重新放置身份证再读`,
    field,
    rule,
  );
}

/** GB 3304-91 民族代码 → the name as printed on the card (without 族). */
export const NATIONS: Readonly<Record<string, string>> = {
  '01': '汉', '02': '蒙古', '03': '回', '04': '藏', '05': '维吾尔', '06': '苗', '07': '彝', '08': '壮',
  '09': '布依', '10': '朝鲜', '11': '满', '12': '侗', '13': '瑶', '14': '白', '15': '土家', '16': '哈尼',
  '17': '哈萨克', '18': '傣', '19': '黎', '20': '傈僳', '21': '佤', '22': '畲', '23': '高山', '24': '拉祜',
  '25': '水', '26': '东乡', '27': '纳西', '28': '景颇', '29': '柯尔克孜', '30': '土', '31': '达斡尔',
  '32': '仫佬', '33': '羌', '34': '布朗', '35': '撒拉', '36': '毛南', '37': '仡佬', '38': '锡伯',
  '39': '阿昌', '40': '普米', '41': '塔吉克', '42': '怒', '43': '乌孜别克', '44': '俄罗斯', '45': '鄂温克',
  '46': '德昂', '47': '保安', '48': '裕固', '49': '京', '50': '塔塔尔', '51': '独龙', '52': '鄂伦春',
  '53': '赫哲', '54': '门巴', '55': '珞巴', '56': '基诺', '97': '其他', '98': '外国血统中国籍人士',
};

/** Fixed-width chip fields come padded with spaces (or NULs); strip them. */
function text(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return v.replace(/[\u0000\s\u3000]+$/u, '').replace(/^[\s\u3000]+/u, '');
}

function requiredText(raw: RawIdCardFields, field: keyof RawIdCardFields, max: number): string {
  const s = text(raw[field]);
  if (!s) throw bad(field, READ_RULES.required, '没有读到');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) throw bad(field, READ_RULES.textLength, '含有控制字符');
  if ([...s].length > max) throw bad(field, READ_RULES.textLength, `超过 ${max} 个字`);
  return s;
}

/** YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD or YYYY年MM月DD日 → YYYY-MM-DD. */
export function parseCardDate(s: string): IsoDate | null {
  const t = s.normalize('NFKC').trim();
  if (/^\d{8}$/.test(t)) return fromCompact(t);
  const m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function date(raw: RawIdCardFields, field: 'birthDate' | 'validFrom' | 'validTo', allowLongTerm: boolean): IsoDate {
  return dateFrom(text(raw[field]), field, allowLongTerm);
}

function dateFrom(s: string, field: string, allowLongTerm: boolean): IsoDate {
  if (!s) throw bad(field, READ_RULES.required, '没有读到');
  if (s === '长期') {
    if (allowLongTerm) return s;
    throw bad(field, READ_RULES.dateFormat, '只有有效期限截止日可以是"长期"');
  }
  const d = parseCardDate(s);
  if (!d) throw bad(field, READ_RULES.dateFormat, `"${s.slice(0, 20)}" 不是真实存在的日期`);
  return d;
}

function sex(raw: RawIdCardFields): 'male' | 'female' {
  const s = text(raw.sex).toLowerCase();
  if (['男', '1', 'male', 'm'].includes(s)) return 'male';
  if (['女', '2', 'female', 'f'].includes(s)) return 'female';
  if (!s) throw bad('sex', READ_RULES.required, '没有读到');
  throw bad('sex', READ_RULES.sexCode, `"${s.slice(0, 10)}" 不是性别代码 (1 男 / 2 女)`);
}

function nation(raw: RawIdCardFields): string {
  const s = requiredText(raw, 'nation', 20);
  if (/^\d{1,2}$/.test(s)) {
    const name = NATIONS[s.padStart(2, '0')];
    if (!name) throw bad('nation', READ_RULES.nationCode, `代码 ${s} 不在民族代码表中`);
    return name;
  }
  // "汉族" and "汉" both occur; the card prints "汉".
  return s.length > 1 && s.endsWith('族') ? s.slice(0, -1) : s;
}

function photo(raw: RawIdCardFields, log: IdReaderLog): Uint8Array<ArrayBuffer> | undefined {
  const p = raw.photo;
  if (p === undefined || p === null || p === '') return undefined;
  const bytes = p instanceof Uint8Array ? p : typeof p === 'string' ? decodeBase64Photo(p) : null;
  const out = bytes ? toJpegOrPng(bytes) : null;
  if (!out) {
    // The text fields are what the clerk needs; an undecodable photo (e.g. raw WLT) is dropped.
    log.warn('身份证阅读器: 照片不是 JPEG/PNG/BMP，已忽略 (photo not understood, dropped)');
    return undefined;
  }
  if (out.length > 1024 * 1024) {
    log.warn('身份证阅读器: 照片超过 1 MB，已忽略 (photo too large, dropped)');
    return undefined;
  }
  return new Uint8Array(out); // a copy on its own ArrayBuffer, as the schema types it
}

/** Checks and converts one read; throws IdCardReadError('bad_data') naming the field and rule. */
export function toIdCardRead(raw: RawIdCardFields, opts: NormaliseOptions): IdCardRead {
  const idCheck = validateResidentId(text(raw.idNumber), { today: opts.today, field: 'idNumber' });
  if (!idCheck.ok)
    throw new IdCardReadError(
      'bad_data',
      `身份证阅读器读出的公民身份号码有误：${idCheck.message}，请重新放置身份证再读`,
      'idNumber',
      idCheck.rule,
    );
  const name = requiredText(raw, 'name', 30);
  const theSex = sex(raw);
  if (theSex !== idCheck.facts.sex) throw bad('sex', READ_RULES.sexAgrees, '与公民身份号码的顺序码不一致');
  const birthDate = date(raw, 'birthDate', false);
  if (birthDate !== idCheck.facts.birthDate) throw bad('birthDate', READ_RULES.birthAgrees, '与公民身份号码的出生日期码不一致');

  let validFrom: IsoDate;
  let validTo: IsoDate;
  const period = text(raw.validPeriod);
  if (period && !text(raw.validFrom) && !text(raw.validTo)) {
    const m = /^(.+?)\s*[-–—至~]\s*(.+)$/.exec(period.normalize('NFKC').replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1$2$3'));
    if (!m) throw bad('validFrom', READ_RULES.dateFormat, `有效期限 "${period.slice(0, 30)}" 无法拆分为起止日期`);
    validFrom = dateFrom(m[1]!.trim(), 'validFrom', false);
    validTo = dateFrom(m[2]!.trim(), 'validTo', true);
  } else {
    validFrom = date(raw, 'validFrom', false);
    validTo = date(raw, 'validTo', true);
  }
  if (compareIsoDate(validFrom, birthDate) < 0) throw bad('validFrom', READ_RULES.validity, '早于出生日期');
  if (validTo !== '长期' && compareIsoDate(validTo, validFrom) <= 0) throw bad('validTo', READ_RULES.validity, '不晚于起始日');

  const read: IdCardRead = {
    documentType: '111',
    name,
    sex: theSex,
    nation: nation(raw),
    birthDate,
    address: requiredText(raw, 'address', 100),
    idNumber: idCheck.value,
    issuer: requiredText(raw, 'issuer', 50),
    validFrom,
    validTo,
  };
  const pic = photo(raw, opts.log);
  if (pic) read.photo = pic;
  // The same schema the clerk-api checks the result with; a failure here is a bug, not bad data.
  return IdCardRead.parse(read);
}

/** Today's date on this machine's calendar (local time: the counter's day). */
export function localToday(now: Date = new Date()): IsoDate {
  return formatIsoDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}
