/**
 * Reading the X.509 v3 extensions a validator needs (RFC 5280 §4.2): basic constraints, key
 * usage, extended key usage, key identifiers and CRL distribution points, plus which
 * extensions are critical. Parsed with forge's ASN.1 codec from the certificate's DER.
 */
import forge from 'node-forge';
import { OID } from './certs';
import { derToAsn1, fromBinary, type Asn1 } from './der';

const { asn1 } = forge;

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  dataEncipherment: boolean;
  keyAgreement: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
}

export interface CertificateExtensions {
  basicConstraints: { ca: boolean; pathLen: number | null } | null;
  keyUsage: KeyUsage | null;
  extKeyUsage: string[] | null;
  subjectKeyId: Buffer | null;
  authorityKeyId: Buffer | null;
  crlUrls: string[];
  /** OIDs of every extension marked critical. */
  critical: string[];
  /** OIDs of every extension present. */
  present: string[];
}

/** The extensions this code understands; a critical one outside this list makes a certificate unusable. */
export const KNOWN_EXTENSIONS: readonly string[] = [
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.cRLDistributionPoints,
];

const KEY_USAGE_NAMES: (keyof KeyUsage)[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

function kids(n: Asn1 | undefined): Asn1[] {
  return Array.isArray(n?.value) ? (n.value as Asn1[]) : [];
}

export function certificateExtensions(certDer: Uint8Array): CertificateExtensions {
  const out: CertificateExtensions = {
    basicConstraints: null,
    keyUsage: null,
    extKeyUsage: null,
    subjectKeyId: null,
    authorityKeyId: null,
    crlUrls: [],
    critical: [],
    present: [],
  };
  const cert = derToAsn1(certDer);
  const tbs = kids(cert)[0];
  const wrapper = kids(tbs).find((c) => c.tagClass === asn1.Class.CONTEXT_SPECIFIC && c.type === 3);
  for (const ext of kids(kids(wrapper)[0])) {
    const parts = kids(ext);
    const id = asn1.derToOid(parts[0]?.value as string);
    const critical = parts.length === 3 && parts[1]?.type === asn1.Type.BOOLEAN && (parts[1].value as string).charCodeAt(0) !== 0;
    const octets = parts[parts.length - 1]?.value as string;
    out.present.push(id);
    if (critical) out.critical.push(id);
    let v: Asn1;
    try {
      v = derToAsn1(fromBinary(octets));
    } catch {
      continue;
    }
    switch (id) {
      case OID.basicConstraints: {
        const c = kids(v);
        const ca = c[0]?.type === asn1.Type.BOOLEAN ? (c[0].value as string).charCodeAt(0) !== 0 : false;
        const pl = c.find((x) => x.type === asn1.Type.INTEGER);
        out.basicConstraints = { ca, pathLen: pl ? parseInt(fromBinary(pl.value as string).toString('hex') || '0', 16) : null };
        break;
      }
      case OID.keyUsage: {
        const bits = fromBinary(v.value as string);
        const ku = {} as KeyUsage;
        KEY_USAGE_NAMES.forEach((k, i) => {
          const byte = bits[1 + (i >> 3)] ?? 0;
          ku[k] = (byte & (0x80 >> (i & 7))) !== 0;
        });
        out.keyUsage = ku;
        break;
      }
      case OID.extKeyUsage:
        out.extKeyUsage = kids(v).map((o) => asn1.derToOid(o.value as string));
        break;
      case OID.subjectKeyIdentifier:
        out.subjectKeyId = fromBinary(v.value as string);
        break;
      case OID.authorityKeyIdentifier: {
        const k = kids(v).find((x) => x.tagClass === asn1.Class.CONTEXT_SPECIFIC && x.type === 0);
        if (k) out.authorityKeyId = fromBinary(k.value as string);
        break;
      }
      case OID.cRLDistributionPoints:
        for (const dp of kids(v)) {
          const dpName = kids(dp).find((x) => x.tagClass === asn1.Class.CONTEXT_SPECIFIC && x.type === 0);
          const fullName = kids(dpName).find((x) => x.tagClass === asn1.Class.CONTEXT_SPECIFIC && x.type === 0);
          for (const gn of kids(fullName)) if (gn.tagClass === asn1.Class.CONTEXT_SPECIFIC && gn.type === 6) out.crlUrls.push(gn.value as string);
        }
        break;
    }
  }
  return out;
}

/** Key usage bits that are set, by name (for display). */
export function keyUsageNames(ku: KeyUsage | null): string[] {
  return ku ? KEY_USAGE_NAMES.filter((k) => ku[k]) : [];
}
