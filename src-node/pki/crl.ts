/**
 * Certificate revocation lists (RFC 5280 §5). node-forge has no CRL support, so the
 * TBSCertList is built with forge's ASN.1 codec and signed with node:crypto, like
 * certificates. The issuer Name is the CA certificate's exact subject bytes.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { keyIdentifier, OID, type Issuer } from './certs';
import {
  asn1ToDer,
  bitString,
  certificateFields,
  contextExplicit,
  derToAsn1,
  fromBinary,
  octetString,
  oid,
  pemEncode,
  seq,
  smallInteger,
  time,
  unsignedInteger,
  type Asn1,
} from './der';
import { signatureAlgorithmFor, signWithKey } from './keys';

const { asn1 } = forge;

export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface RevokedEntry {
  /** Serial as hex (any case, optional colons), as in IssuedCertificate.serialHex. */
  serialHex: string;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface CrlRequest {
  issuer: Issuer;
  entries: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonically increasing CRL number. */
  crlNumber: number;
}

export interface IssuedCrl {
  der: Buffer;
  pem: string;
}

function serialBytes(hex: string, field: string): Buffer {
  const clean = hex.replace(/:/g, '');
  if (!/^[0-9a-fA-F]+$/.test(clean) || clean.length % 2 !== 0 || clean.length > 40) {
    throw new Error(`${field} 必须是偶数位十六进制且不超过20字节 (${field} must be hex, at most 20 octets)`);
  }
  return Buffer.from(clean, 'hex');
}

export function issueCrl(req: CrlRequest): IssuedCrl {
  if (req.nextUpdate.getTime() <= req.thisUpdate.getTime()) {
    throw new Error('nextUpdate 必须晚于 thisUpdate (nextUpdate must be after thisUpdate)');
  }
  if (!Number.isSafeInteger(req.crlNumber) || req.crlNumber < 0) {
    throw new Error('crlNumber 必须是非负整数 (crlNumber must be a non-negative integer)');
  }
  const ca = certificateFields(req.issuer.certDer);
  const entries = req.entries.map((e, i) => {
    const parts: Asn1[] = [unsignedInteger(serialBytes(e.serialHex, `entries[${i}].serialHex`)), time(e.revokedAt)];
    if (e.reason && e.reason !== 'unspecified') {
      const code = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.ENUMERATED, false, String.fromCharCode(REVOCATION_REASONS[e.reason]));
      parts.push(seq(seq(oid(OID.reasonCode), octetString(asn1ToDer(code)))));
    }
    return seq(...parts);
  });
  const aki = seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyIdentifier(ca.spkiDer).toString('binary')));
  const crlExtensions = seq(
    seq(oid(OID.authorityKeyIdentifier), octetString(asn1ToDer(aki))),
    seq(oid(OID.cRLNumber), octetString(asn1ToDer(unsignedInteger(bigEndian(req.crlNumber))))),
  );
  const tbsParts: Asn1[] = [
    smallInteger(1), // v2
    signatureAlgorithmFor(req.issuer.privateKey),
    derToAsn1(ca.subjectDer),
    time(req.thisUpdate),
    time(req.nextUpdate),
  ];
  if (entries.length > 0) tbsParts.push(seq(...entries)); // absent, not empty, when nothing is revoked
  tbsParts.push(contextExplicit(0, crlExtensions));
  const tbsDer = asn1ToDer(seq(...tbsParts));
  const { algorithm, signature } = signWithKey(tbsDer, req.issuer.privateKey);
  const der = asn1ToDer(seq(derToAsn1(tbsDer), algorithm, bitString(signature)));
  return { der, pem: pemEncode('X509 CRL', der) };
}

function bigEndian(n: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex');
}

export interface ParsedCrl {
  tbsDer: Buffer;
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  crlNumber: number | null;
  revoked: { serialHex: string; revokedAt: Date; reasonCode: number | null }[];
  signatureAlgorithmOid: string;
  signature: Buffer;
}

function readTime(node: Asn1): Date {
  const v = node.value as string;
  return node.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(v) : asn1.generalizedTimeToDate(v);
}

function isTime(node: Asn1 | undefined): node is Asn1 {
  return !!node && node.tagClass === asn1.Class.UNIVERSAL && (node.type === asn1.Type.UTCTIME || node.type === asn1.Type.GENERALIZEDTIME);
}

/** Parses a DER CRL (no signature check; see verifyCrlSignature). */
export function parseCrl(der: Uint8Array): ParsedCrl {
  const bad = (what: string) => new Error(`CRL 结构不正确：${what} (malformed CRL: ${what})`);
  const top = derToAsn1(der);
  const [tbs, sigAlg, sig] = top.value as Asn1[];
  if (!tbs || !sigAlg || !sig) throw bad('CertificateList');
  const f = tbs.value as Asn1[];
  let i = 0;
  if (f[i]?.type === asn1.Type.INTEGER && f[i]?.tagClass === asn1.Class.UNIVERSAL) i++; // version
  i++; // signature algorithm
  const issuer = f[i++];
  const thisUpdate = f[i++];
  if (!issuer || !isTime(thisUpdate)) throw bad('issuer/thisUpdate');
  let nextUpdate: Date | null = null;
  if (isTime(f[i])) nextUpdate = readTime(f[i++] as Asn1);
  const revoked: ParsedCrl['revoked'] = [];
  const maybeList = f[i];
  if (maybeList && maybeList.tagClass === asn1.Class.UNIVERSAL && maybeList.type === asn1.Type.SEQUENCE) {
    i++;
    for (const entry of maybeList.value as Asn1[]) {
      const [serial, when, exts] = entry.value as Asn1[];
      if (!serial || !isTime(when)) throw bad('revokedCertificates');
      let reasonCode: number | null = null;
      for (const ext of (exts?.value as Asn1[] | undefined) ?? []) {
        const parts = ext.value as Asn1[];
        if (asn1.derToOid(parts[0]?.value as string) === OID.reasonCode) {
          const inner = asn1.fromDer(parts[parts.length - 1]?.value as string);
          reasonCode = (inner.value as string).charCodeAt(0);
        }
      }
      revoked.push({ serialHex: fromBinary(serial.value as string).toString('hex'), revokedAt: readTime(when), reasonCode });
    }
  }
  let crlNumber: number | null = null;
  const extsWrapper = f[i];
  if (extsWrapper && extsWrapper.tagClass === asn1.Class.CONTEXT_SPECIFIC) {
    for (const ext of ((extsWrapper.value as Asn1[])[0]?.value as Asn1[] | undefined) ?? []) {
      const parts = ext.value as Asn1[];
      if (asn1.derToOid(parts[0]?.value as string) === OID.cRLNumber) {
        const inner = asn1.fromDer(parts[parts.length - 1]?.value as string);
        crlNumber = parseInt(fromBinary(inner.value as string).toString('hex') || '0', 16);
      }
    }
  }
  return {
    tbsDer: asn1ToDer(tbs),
    issuerDer: asn1ToDer(issuer),
    thisUpdate: readTime(thisUpdate),
    nextUpdate,
    crlNumber,
    revoked,
    signatureAlgorithmOid: asn1.derToOid((sigAlg.value as Asn1[])[0]?.value as string),
    signature: fromBinary((sig.value as string).slice(1)),
  };
}

/** True when `crlDer` was signed by the key of `issuerCertDer` and names it as issuer (byte-exact). */
export function verifyCrlSignature(crlDer: Uint8Array, issuerCertDer: Buffer): boolean {
  const crl = parseCrl(crlDer);
  const ca = certificateFields(issuerCertDer);
  if (!crl.issuerDer.equals(ca.subjectDer)) return false;
  const key = crypto.createPublicKey({ key: ca.spkiDer, format: 'der', type: 'spki' });
  const opts = key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' as const } : key;
  return crypto.verify('sha256', crl.tbsDer, opts, crl.signature);
}
