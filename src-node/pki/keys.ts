/**
 * Key algorithms. Keys are generated and used by node:crypto (OpenSSL), never by forge's
 * JavaScript RSA; forge only builds ASN.1 structures around them. Adding an algorithm
 * means one more entry in KEY_ALGORITHMS: how to generate a key, the AlgorithmIdentifier of
 * its SHA-256 signature, and how to sign.
 *
 * SM2/SM3 (GB/T 32918, GM/T 0015 certificates) is the intended next entry; Node 20's
 * crypto cannot yet sign SM2 with the distinguishing identifier SM2 requires, so it needs a
 * dedicated signer (a UKey or a native module) behind the same three functions.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { nullValue, oid, seq, type Asn1 } from './der';

export type KeyAlgorithm = 'rsa-2048' | 'rsa-3072' | 'ecdsa-p256';

export const KEY_ALGORITHM_NAMES: readonly KeyAlgorithm[] = ['rsa-2048', 'rsa-3072', 'ecdsa-p256'];

export interface KeyAlgorithmSpec {
  generate(): Promise<crypto.KeyPairKeyObjectResult>;
  /** AlgorithmIdentifier for "SHA-256 with this key type" (certificates, CRLs, CMS). */
  signatureAlgorithm(): Asn1;
  signatureAlgorithmOid: string;
  /** Signs `data` with SHA-256; returns the value that goes into the BIT STRING. */
  sign(data: Uint8Array, key: KeyObject): Buffer;
}

function rsa(bits: number): KeyAlgorithmSpec {
  return {
    generate: () =>
      new Promise((resolve, reject) =>
        crypto.generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, publicKey, privateKey) =>
          err ? reject(err) : resolve({ publicKey, privateKey }),
        ),
      ),
    signatureAlgorithmOid: '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
    signatureAlgorithm: () => seq(oid('1.2.840.113549.1.1.11'), nullValue()),
    sign: (data, key) => crypto.sign('sha256', data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }),
  };
}

export const KEY_ALGORITHMS: Record<KeyAlgorithm, KeyAlgorithmSpec> = {
  'rsa-2048': rsa(2048),
  'rsa-3072': rsa(3072),
  'ecdsa-p256': {
    generate: () =>
      new Promise((resolve, reject) =>
        crypto.generateKeyPair('ec', { namedCurve: 'prime256v1' }, (err, publicKey, privateKey) =>
          err ? reject(err) : resolve({ publicKey, privateKey }),
        ),
      ),
    signatureAlgorithmOid: '1.2.840.10045.4.3.2', // ecdsa-with-SHA256, parameters absent (RFC 5758)
    signatureAlgorithm: () => seq(oid('1.2.840.10045.4.3.2')),
    sign: (data, key) => crypto.sign('sha256', data, { key, dsaEncoding: 'der' }),
  },
};

export function parseKeyAlgorithm(value: string, field = 'keyAlgorithm'): KeyAlgorithm {
  if ((KEY_ALGORITHM_NAMES as readonly string[]).includes(value)) return value as KeyAlgorithm;
  throw new Error(
    `${field} 不支持 "${value}"，可选：${KEY_ALGORITHM_NAMES.join(', ')} (${field} must be one of ${KEY_ALGORITHM_NAMES.join(', ')})`,
  );
}

/** The KeyAlgorithm a private or public key object belongs to. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && d?.modulusLength === 2048) return 'rsa-2048';
  if (key.asymmetricKeyType === 'rsa' && d?.modulusLength === 3072) return 'rsa-3072';
  if (key.asymmetricKeyType === 'ec' && d?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  throw new Error(
    `不支持的密钥类型 ${key.asymmetricKeyType ?? '?'} (unsupported key type ${key.asymmetricKeyType ?? '?'} ${d?.modulusLength ?? d?.namedCurve ?? ''})`,
  );
}

/** The AlgorithmIdentifier of a SHA-256 signature by this key. */
export function signatureAlgorithmFor(key: KeyObject): Asn1 {
  return KEY_ALGORITHMS[keyAlgorithmOf(key)].signatureAlgorithm();
}

/** Signs with the algorithm matching the key. */
export function signWithKey(data: Uint8Array, key: KeyObject): { algorithm: Asn1; signature: Buffer } {
  const spec = KEY_ALGORITHMS[keyAlgorithmOf(key)];
  return { algorithm: spec.signatureAlgorithm(), signature: spec.sign(data, key) };
}

/** 16 random bytes, top bit clear and first byte non-zero: a positive, minimal 16-octet INTEGER. */
export function randomSerial(): Buffer {
  const b = crypto.randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f || 0x01;
  return b;
}
