/**
 * PKCS#12 (.p12) files protected by a PIN.
 *
 * Writing: the private key is exported by node:crypto (OpenSSL) as an encrypted PKCS#8
 * EncryptedPrivateKeyInfo — PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, the same as
 * `openssl pkcs12 -export` on OpenSSL 3 — and wrapped in a pkcs8ShroudedKeyBag; the
 * certificates go verbatim (their exact DER) into certBags; the MAC is HMAC-SHA256 with the
 * PKCS#12 key derivation. OpenSSL 3 reads the result without `-legacy`, NSS (pk12util)
 * reads it too. We do not use forge.pkcs12.toPkcs12Asn1 because it only takes forge RSA
 * keys, re-encodes the certificates from forge objects and uses an SHA-1 MAC.
 *
 * Reading: forge.pkcs12.pkcs12FromAsn1 (MAC check, encrypted safes, legacy variants);
 * the key comes back as a node:crypto KeyObject of any supported type.
 */
import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import {
  asn1ToDer,
  contextExplicit,
  derToAsn1,
  fromBinary,
  nullValue,
  octetString,
  oid,
  seq,
  set,
  smallInteger,
  toBinary,
  type Asn1,
} from './der';

const { asn1, pki } = forge;

const P12_OID = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const MAC_ITERATIONS = 2048;

/** PINs are printable ASCII so every PKCS#12 implementation derives the same keys from them. */
export function validatePin(pin: string, field = 'pin'): void {
  if (typeof pin !== 'string' || !/^[\x21-\x7e]{6,64}$/.test(pin)) {
    throw new Error(`${field} 必须是 6–64 位可打印 ASCII 字符（不含空格） (${field} must be 6–64 printable ASCII characters, no spaces)`);
  }
}

/** A random PIN of `digits` decimal digits. */
export function randomPin(digits = 6): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += String(crypto.randomInt(10));
  return s;
}

function dataContentInfo(content: Buffer): Asn1 {
  return seq(oid(P12_OID.data), contextExplicit(0, octetString(content)));
}

function bmpString(s: string): Asn1 {
  // forge writes a BMPSTRING's JS string as UTF-16BE code units itself.
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, s);
}

function macKey(pin: string, salt: Buffer): Buffer {
  const key = forge.pkcs12.generateKey(pin, forge.util.createBuffer(toBinary(salt)), 3, MAC_ITERATIONS, 32, forge.md.sha256.create());
  return fromBinary(key.getBytes());
}

export interface WriteP12Options {
  privateKey: KeyObject;
  /** The holder's certificate first, then its chain up to (and including) the root. */
  certificates: Buffer[];
  pin: string;
  /** Shown by key managers (Windows cert store, Firefox). BMP characters only. */
  friendlyName?: string;
}

export function writeP12(opts: WriteP12Options): Buffer {
  validatePin(opts.pin);
  const leaf = opts.certificates[0];
  if (!leaf) throw new Error('certificates 不能为空 (certificates must contain the holder certificate)');
  const leafCert = new crypto.X509Certificate(leaf);
  if (!leafCert.checkPrivateKey(opts.privateKey)) {
    throw new Error('privateKey 与 certificates[0] 不匹配 (privateKey does not match certificates[0])');
  }
  if (opts.friendlyName !== undefined && /[\uD800-\uDFFF]/.test(opts.friendlyName)) {
    throw new Error('friendlyName 只能含基本多文种平面字符 (friendlyName must use BMP characters only)');
  }

  const localKeyId = crypto.createHash('sha1').update(leaf).digest();
  const attrs: Asn1[] = [seq(oid(P12_OID.localKeyId), set(octetString(localKeyId)))];
  if (opts.friendlyName) attrs.push(seq(oid(P12_OID.friendlyName), set(bmpString(opts.friendlyName))));

  const certBags = opts.certificates.map((der, i) => {
    const bag: Asn1[] = [
      oid(P12_OID.certBag),
      contextExplicit(0, seq(oid(P12_OID.x509Certificate), contextExplicit(0, octetString(der)))),
    ];
    if (i === 0) bag.push(set(...attrs));
    return seq(...bag);
  });

  const encryptedKey = opts.privateKey.export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: opts.pin,
  });
  const keyBag = seq(oid(P12_OID.pkcs8ShroudedKeyBag), contextExplicit(0, derToAsn1(encryptedKey)), set(...attrs));

  const authSafe = asn1ToDer(
    seq(dataContentInfo(asn1ToDer(seq(...certBags))), dataContentInfo(asn1ToDer(seq(keyBag)))),
  );
  const salt = crypto.randomBytes(16);
  const mac = crypto.createHmac('sha256', macKey(opts.pin, salt)).update(authSafe).digest();
  const pfx = seq(
    smallInteger(3),
    dataContentInfo(authSafe),
    seq(seq(seq(oid(P12_OID.sha256), nullValue()), octetString(mac)), octetString(salt), smallInteger(MAC_ITERATIONS)),
  );
  return asn1ToDer(pfx);
}

export class WrongPinError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('PIN 不正确或文件已损坏 (wrong PIN or damaged PKCS#12 file)', options);
    this.name = 'WrongPinError';
  }
}

export interface P12Contents {
  privateKey: KeyObject;
  /** The certificate that matches the private key. */
  certificate: Buffer;
  /** Every certificate in the file (holder first when it could be identified). */
  certificates: Buffer[];
  friendlyName: string | null;
}

export function readP12(p12: Uint8Array, pin: string): P12Contents {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  let parsed: Asn1;
  try {
    parsed = asn1.fromDer(toBinary(p12));
  } catch {
    throw new Error('不是有效的 PKCS#12 文件 (not a PKCS#12 file)');
  }
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(parsed, true, pin);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/MAC could not be verified|wrong password|Invalid password|decrypt/i.test(msg)) throw new WrongPinError({ cause: err });
    throw new Error(`无法读取 PKCS#12 文件：${msg} (cannot read PKCS#12 file)`, { cause: err });
  }
  const keys: KeyObject[] = [];
  const certs: Buffer[] = [];
  let friendlyName: string | null = null;
  for (const safe of pfx.safeContents) {
    for (const bag of safe.safeBags) {
      const b = bag as forge.pkcs12.Bag & { asn1?: Asn1 };
      if (bag.type === pki.oids.pkcs8ShroudedKeyBag || bag.type === pki.oids.keyBag) {
        const info = b.key ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(b.key)) : b.asn1;
        if (!info) continue;
        keys.push(crypto.createPrivateKey({ key: asn1ToDer(info), format: 'der', type: 'pkcs8' }));
        const fn = bag.attributes?.friendlyName?.[0];
        if (typeof fn === 'string') friendlyName = fn;
      } else if (bag.type === pki.oids.certBag) {
        // forge keeps the parsed TBSCertificate, so this re-encoding is byte-exact.
        const node = b.cert ? pki.certificateToAsn1(b.cert) : b.asn1;
        if (node) certs.push(asn1ToDer(node));
      }
    }
  }
  const privateKey = keys[0];
  if (!privateKey || keys.length !== 1) {
    throw new Error(`PKCS#12 文件应恰好含一个私钥，实际 ${keys.length} 个 (the PKCS#12 file must hold exactly one private key)`);
  }
  const holderIndex = certs.findIndex((c) => new crypto.X509Certificate(c).checkPrivateKey(privateKey));
  const certificate = certs[holderIndex];
  if (!certificate) throw new Error('PKCS#12 文件中没有与私钥匹配的证书 (no certificate matches the private key)');
  const ordered = [certificate, ...certs.filter((_, i) => i !== holderIndex)];
  return { privateKey, certificate, certificates: ordered, friendlyName };
}
