/**
 * Distinguished names with Chinese values.
 *
 * Every DirectoryString attribute (ST, L, O, OU, CN) is encoded as UTF8String (RFC 5280
 * §4.1.2.4 requires UTF8String or PrintableString for new certificates; PrintableString
 * cannot carry Chinese). C and serialNumber are PrintableString as X.520 demands.
 *
 * Where the region code goes (our choice, documented here and in the README of the PKI):
 *   - L (localityName) carries the 6-digit GB/T 2260 region code of the holder, e.g.
 *     `L=130102` for 石家庄市长安区 and `L=130000` for province-level entities. The code *is*
 *     the identifier of the locality; the human-readable place name is already part of O.
 *     openssl prints it as `L = 130102`, NSS/pdfsig as `L=130102` in the full DN.
 *   - ST is the province name (河北省).
 *   - serialNumber (2.5.4.5) carries the stable id of the holder in our system: the window
 *     id (`w-130102-01`) for window seals and the clerk id (`c-130102-01-1`) for clerks,
 *     so a certificate maps to settings.windowId / settings.clerkId without parsing CN.
 * RDN order (most general first): C, ST, L, O, OU, CN, serialNumber. One attribute per RDN.
 */
import forge from 'node-forge';
import { asn1ToDer, oid, seq, set, type Asn1 } from './der';

const { asn1 } = forge;

export interface DistinguishedName {
  /** ISO 3166 country code, default CN. */
  C?: string;
  /** Province name, e.g. 河北省. */
  ST?: string;
  /** GB/T 2260 region code (6 digits). */
  L?: string;
  O?: string;
  OU?: string;
  CN: string;
  /** Holder id in this system (windowId / clerkId). PrintableString. */
  serialNumber?: string;
}

export type NameAttribute = keyof DistinguishedName;

interface AttrSpec {
  oid: string;
  printable: boolean;
  /** Upper bound in characters (RFC 5280 Appendix A ub-* values). */
  max: number;
}

/** Attribute order in the encoded name, and each attribute's rules. */
export const NAME_ATTRIBUTES: ReadonlyArray<readonly [NameAttribute, AttrSpec]> = [
  ['C', { oid: '2.5.4.6', printable: true, max: 2 }],
  ['ST', { oid: '2.5.4.8', printable: false, max: 128 }],
  ['L', { oid: '2.5.4.7', printable: false, max: 128 }],
  ['O', { oid: '2.5.4.10', printable: false, max: 64 }],
  ['OU', { oid: '2.5.4.11', printable: false, max: 64 }],
  ['CN', { oid: '2.5.4.3', printable: false, max: 64 }],
  ['serialNumber', { oid: '2.5.4.5', printable: true, max: 64 }],
];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws a clear error (Chinese first) naming the attribute and the rule it breaks. */
export function validateName(dn: DistinguishedName): void {
  for (const [key, spec] of NAME_ATTRIBUTES) {
    const v = dn[key];
    if (v === undefined) {
      if (key === 'CN') throw new Error('证书主题缺少 CN (subject: CN is required)');
      continue;
    }
    const field = `subject.${key}`;
    if (typeof v !== 'string' || v.length === 0) throw new Error(`${field} 不能为空 (${field} must not be empty)`);
    if (v.trim() !== v) throw new Error(`${field} 不能以空格开头或结尾 (${field} must not start or end with a space)`);
    if (LONE_SURROGATE.test(v)) throw new Error(`${field} 含有不成对的代理字符 (${field} contains a lone surrogate)`);
    if (CONTROL.test(v)) throw new Error(`${field} 含有控制字符 (${field} contains a control character)`);
    if (v.normalize('NFC') !== v) throw new Error(`${field} 必须是 NFC 规范化形式 (${field} must be in Unicode NFC)`);
    const chars = [...v].length;
    if (chars > spec.max) throw new Error(`${field} 最多 ${spec.max} 个字符，现为 ${chars} 个 (${field} is limited to ${spec.max} characters)`);
    if (spec.printable && !PRINTABLE.test(v)) {
      throw new Error(`${field} 只能使用 PrintableString 字符 (${field} must use PrintableString characters only)`);
    }
  }
  if (dn.C !== undefined && !/^[A-Z]{2}$/.test(dn.C)) {
    throw new Error('subject.C 必须是两位大写国家代码 (subject.C must be a 2-letter country code)');
  }
  if (dn.L !== undefined && !/^\d{6}$/.test(dn.L)) {
    throw new Error('subject.L 必须是6位行政区划代码 (GB/T 2260) (subject.L must be a 6-digit region code)');
  }
}

/** Encodes a name as an ASN.1 Name (RDNSequence). */
export function nameToAsn1(dn: DistinguishedName): Asn1 {
  validateName(dn);
  const rdns: Asn1[] = [];
  for (const [key, spec] of NAME_ATTRIBUTES) {
    const v = dn[key];
    if (v === undefined) continue;
    const value = spec.printable
      ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.PRINTABLESTRING, false, v)
      : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, Buffer.from(v, 'utf8').toString('binary'));
    rdns.push(set(seq(oid(spec.oid), value)));
  }
  return seq(...rdns);
}

export function nameToDer(dn: DistinguishedName): Buffer {
  return asn1ToDer(nameToAsn1(dn));
}

/** One-line display form in encoding order, e.g. `C=CN, ST=河北省, L=130102, O=…, CN=…`. */
export function formatName(dn: DistinguishedName): string {
  const parts: string[] = [];
  for (const [key] of NAME_ATTRIBUTES) {
    const v = dn[key];
    if (v !== undefined) parts.push(`${key}=${v}`);
  }
  return parts.join(', ');
}
