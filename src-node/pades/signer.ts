/**
 * The Signer: what the PDF signing code needs from whoever holds the private key — the
 * certificate and its chain, the algorithms, and a sign operation. A software key from a
 * PKCS#12 (`keyObjectSigner`) is one implementation; a USB key (UKey, PKCS#11 / SKF) or an
 * SM2 signer is another, added without touching the callers:
 *
 *   - `sign` receives both the bytes to be signed (the DER signedAttrs) and their digest, so
 *     a token that signs a precomputed hash (PKCS#11 CKM_RSA_PKCS / CKM_ECDSA) and a scheme
 *     that hashes itself (SM2 needs SM3(Z ‖ M), with Z from the signer's id and public key)
 *     both fit.
 *   - `signatureAlgorithm` is the AlgorithmIdentifier written into the SignerInfo
 *     (sha256WithRSAEncryption, ecdsa-with-SHA256, SM2-with-SM3 1.2.156.10197.1.501 …).
 */
import crypto, { type KeyObject } from 'node:crypto';
import { readP12 } from '../pki/pkcs12';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sm3';

export const DIGEST_ALGORITHMS: Record<DigestAlgorithm, { oid: string; node: string; length: number }> = {
  sha256: { oid: '2.16.840.1.101.3.4.2.1', node: 'sha256', length: 32 },
  sha384: { oid: '2.16.840.1.101.3.4.2.2', node: 'sha384', length: 48 },
  sha512: { oid: '2.16.840.1.101.3.4.2.3', node: 'sha512', length: 64 },
  // GM/T 0006: SM3. OpenSSL 3 has it; Node exposes it as 'sm3' when OpenSSL does.
  sm3: { oid: '1.2.156.10197.1.401', node: 'sm3', length: 32 },
};

export function digestAlgorithmByOid(oid: string): DigestAlgorithm | undefined {
  return (Object.keys(DIGEST_ALGORITHMS) as DigestAlgorithm[]).find((k) => DIGEST_ALGORITHMS[k].oid === oid);
}

export interface SignatureAlgorithm {
  oid: string;
  /** Whether the AlgorithmIdentifier carries NULL parameters (RSA PKCS#1 v1.5 does). */
  nullParams: boolean;
}

export const SIGNATURE_ALGORITHMS = {
  'sha256WithRSAEncryption': { oid: '1.2.840.113549.1.1.11', nullParams: true },
  'ecdsa-with-SHA256': { oid: '1.2.840.10045.4.3.2', nullParams: false },
  'SM2-with-SM3': { oid: '1.2.156.10197.1.501', nullParams: false },
} as const satisfies Record<string, SignatureAlgorithm>;

export interface SignRequest {
  /** The exact bytes being signed (DER of the signed attributes, as a SET). */
  data: Buffer;
  /** `data` hashed with `digestAlgorithm`. */
  digest: Buffer;
  digestAlgorithm: DigestAlgorithm;
}

export interface Signer {
  /** The signer's certificate, DER. */
  readonly certificate: Buffer;
  /** Further certificates to embed (intermediates, optionally the root), DER. */
  readonly chain: readonly Buffer[];
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** The signature value (for ECDSA and SM2: the DER Ecdsa-Sig-Value). */
  sign(request: SignRequest): Promise<Buffer>;
}

/** A software key held by node:crypto (RSA or ECDSA P-256), e.g. from a PKCS#12. */
export function keyObjectSigner(privateKey: KeyObject, certificate: Buffer, chain: readonly Buffer[] = []): Signer {
  const cert = new crypto.X509Certificate(certificate);
  if (!cert.checkPrivateKey(privateKey)) throw new Error('私钥与证书不匹配 (the private key does not match the certificate)');
  const type = privateKey.asymmetricKeyType;
  let signatureAlgorithm: SignatureAlgorithm;
  if (type === 'rsa') signatureAlgorithm = SIGNATURE_ALGORITHMS.sha256WithRSAEncryption;
  else if (type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') signatureAlgorithm = SIGNATURE_ALGORITHMS['ecdsa-with-SHA256'];
  else throw new Error(`不支持的密钥类型 ${type ?? '?'}：需要 RSA 或 ECDSA P-256 (unsupported key type)`);
  return {
    certificate,
    chain: [...chain],
    digestAlgorithm: 'sha256',
    signatureAlgorithm,
    async sign({ data }) {
      return type === 'ec'
        ? crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'der' })
        : crypto.sign('sha256', data, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING });
    },
  };
}

/**
 * A signer from a PKCS#12 file and its PIN. The chain embedded is the file's other
 * certificates; trust is never taken from them (the verifier has its own roots).
 */
export function signerFromP12(p12: Uint8Array, pin: string): Signer {
  const c = readP12(p12, pin);
  return keyObjectSigner(c.privateKey, c.certificate, c.certificates.slice(1));
}
