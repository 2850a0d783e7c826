/**
 * The JSON shapes we understand from reader services, as an adapter table. Each adapter
 * says how to recognise its shape and maps it onto RawIdCardFields; normalise.ts then
 * checks the values (so dates may be YYYYMMDD or YYYY-MM-DD, sex 男/女 or 1/2, nation a
 * name or a GB 3304 code, in every shape).
 *
 * Honest note: only 'generic' is a format we define. The other two are MODELED ON common
 * reader SDK / local web-service outputs (field names seen in widely used 二代证 reader
 * SDKs and in public-security data exchange); they have not been tested against a real
 * device. A service with other field names needs one more row here, or a small
 * translating script writing the 'generic' shape.
 *
 *   generic      our own field names:
 *                { name, sex, nation, birthDate, address, idNumber, issuer,
 *                  validFrom, validTo, photo? (base64 JPEG/PNG/BMP) }
 *   sdk-pascal   PascalCase fields modeled on common reader SDK outputs:
 *                { Name, Sex, Nation, Born (YYYYMMDD), Address, IDCardNo, GrantDept,
 *                  UserLifeBegin, UserLifeEnd (YYYYMMDD | 长期), PhotoBase64? }
 *   pinyin       pinyin-initial fields modeled on public-security data exchange:
 *                { xm, xb, mz, csrq, zz, gmsfhm, qfjg, yxqx ("YYYYMMDD-YYYYMMDD" | "…-长期"), zp? }
 *
 * Envelopes: a shape may arrive bare, or wrapped as { code|ret|resultFlag|errorCode,
 * msg|message|errMsg, data|Data|result|info: {…} }. A wrapper with a non-zero status and
 * no recognisable card is "no card" (the service's message is kept for the clerk).
 */
import type { RawIdCardFields } from './normalise';

export interface VendorAdapter {
  name: string;
  matches(o: Record<string, unknown>): boolean;
  map(o: Record<string, unknown>): RawIdCardFields;
}

export const VENDOR_ADAPTERS: readonly VendorAdapter[] = [
  {
    name: 'generic',
    matches: (o) => 'idNumber' in o,
    map: (o) => ({
      name: o.name,
      sex: o.sex,
      nation: o.nation,
      birthDate: o.birthDate,
      address: o.address,
      idNumber: o.idNumber,
      issuer: o.issuer,
      validFrom: o.validFrom,
      validTo: o.validTo,
      photo: o.photo,
    }),
  },
  {
    name: 'sdk-pascal',
    matches: (o) => 'IDCardNo' in o,
    map: (o) => ({
      name: o.Name,
      sex: o.Sex,
      nation: o.Nation,
      birthDate: o.Born,
      address: o.Address,
      idNumber: o.IDCardNo,
      issuer: o.GrantDept,
      validFrom: o.UserLifeBegin,
      validTo: o.UserLifeEnd,
      photo: o.PhotoBase64,
    }),
  },
  {
    name: 'pinyin',
    matches: (o) => 'gmsfhm' in o,
    map: (o) => ({
      name: o.xm,
      sex: o.xb,
      nation: o.mz,
      birthDate: o.csrq,
      address: o.zz,
      idNumber: o.gmsfhm,
      issuer: o.qfjg,
      validPeriod: o.yxqx,
      photo: o.zp,
    }),
  },
];

const STATUS_KEYS = ['code', 'ret', 'resultFlag', 'errorCode'] as const;
const MESSAGE_KEYS = ['msg', 'message', 'errMsg'] as const;
const PAYLOAD_KEYS = ['data', 'Data', 'result', 'info'] as const;

export type VendorParse =
  | { kind: 'card'; adapter: string; fields: RawIdCardFields }
  /** The service answered, but there was no card (or it says so). */
  | { kind: 'no_card'; message?: string }
  | { kind: 'unknown' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Recognise one JSON value from a reader service. */
export function parseVendorJson(value: unknown): VendorParse {
  if (!isObject(value)) return { kind: 'unknown' };
  const direct = VENDOR_ADAPTERS.find((a) => a.matches(value));
  if (direct) return { kind: 'card', adapter: direct.name, fields: direct.map(value) };
  for (const k of PAYLOAD_KEYS) {
    const inner = value[k];
    if (isObject(inner)) {
      const a = VENDOR_ADAPTERS.find((x) => x.matches(inner));
      if (a) return { kind: 'card', adapter: a.name, fields: a.map(inner) };
    }
  }
  const statusKey = STATUS_KEYS.find((k) => k in value);
  const payloadEmpty = PAYLOAD_KEYS.every((k) => value[k] === undefined || value[k] === null || value[k] === '' || (isObject(value[k]) && Object.keys(value[k] as object).length === 0));
  if (Object.keys(value).length === 0) return { kind: 'no_card' };
  if (statusKey && payloadEmpty) {
    const msgKey = MESSAGE_KEYS.find((k) => typeof value[k] === 'string' && value[k] !== '');
    const message = msgKey ? String(value[msgKey]).slice(0, 100) : undefined;
    return message === undefined ? { kind: 'no_card' } : { kind: 'no_card', message };
  }
  return { kind: 'unknown' };
}

export const SUPPORTED_SHAPES = VENDOR_ADAPTERS.map((a) => a.name).join(', ');
