/**
 * PKCS#10 certification requests (RFC 2986) for device enrollment, built and checked with
 * the PKI helpers (forge ASN.1 + node:crypto signatures, any KeyAlgorithm). The center
 * uses a CSR only as proof that the device holds the private key: the certificate's
 * subject comes from the center's registry, never from the request.
 */
import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { asn1ToDer, bitString, derToAsn1, fromBinary, pemDecodeAll, pemEncode, seq, smallInteger, type Asn1 } from '../pki/der';
import { KEY_ALGORITHMS, keyAlgorithmOf } from '../pki/keys';
import { nameToDer, type DistinguishedName } from '../pki/names';

const { asn1 } = forge;

export interface CsrInput {
  subject: DistinguishedName;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function createCsr(input: CsrInput): { der: Buffer; pem: string } {
  const spkiDer = input.publicKey.export({ type: 'spki', format: 'der' });
  // attributes [0] IMPLICIT SET OF Attribute: empty.
  const attributes = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, []);
  const info = seq(smallInteger(0), derToAsn1(nameToDer(input.subject)), derToAsn1(spkiDer), attributes);
  const infoDer = asn1ToDer(info);
  const spec = KEY_ALGORITHMS[keyAlgorithmOf(input.privateKey)];
  const signature = spec.sign(infoDer, input.privateKey);
  const der = asn1ToDer(seq(derToAsn1(infoDer), spec.signatureAlgorithm(), bitString(signature)));
  return { der, pem: pemEncode('CERTIFICATE REQUEST', der) };
}

export class CsrError extends Error {
  readonly field = 'csrPem';
}

export interface VerifiedCsr {
  publicKey: KeyObject;
  spkiDer: Buffer;
  subjectDer: Buffer;
}

const SIG_OIDS = new Set(['1.2.840.113549.1.1.11', '1.2.840.10045.4.3.2']);

/** Parses a PEM CSR and checks its self-signature; throws CsrError (Chinese first) otherwise. */
export function verifyCsr(pem: string): VerifiedCsr {
  const ders = pemDecodeAll('CERTIFICATE REQUEST', pem);
  if (ders.length !== 1) throw new CsrError('证书请求 csrPem 必须恰好包含一个 CERTIFICATE REQUEST (csrPem must hold exactly one CSR)');
  let top: Asn1;
  try {
    top = derToAsn1(ders[0]!);
  } catch {
    throw new CsrError('证书请求 csrPem 不是有效的 DER 编码 (csrPem is not valid DER)');
  }
  const [info, alg, sig] = (Array.isArray(top.value) ? top.value : []) as Asn1[];
  const parts = (Array.isArray(info?.value) ? info.value : []) as Asn1[];
  const [version, subject, spki] = parts;
  if (!info || !alg || !sig || !version || !subject || !spki) throw new CsrError('证书请求 csrPem 结构不完整 (malformed CSR)');
  const algOid = asn1.derToOid(((alg.value as Asn1[])[0]?.value as string) ?? '');
  if (!SIG_OIDS.has(algOid)) throw new CsrError(`证书请求签名算法 ${algOid} 不受支持（须为 SHA-256 的 RSA 或 ECDSA）(unsupported CSR signature algorithm)`);
  const spkiDer = asn1ToDer(spki);
  let publicKey: KeyObject;
  try {
    publicKey = crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
    keyAlgorithmOf(publicKey);
  } catch (e) {
    throw new CsrError(`证书请求中的公钥不受支持：${(e as Error).message} (unsupported public key)`);
  }
  const signature = fromBinary((sig.value as string).slice(1));
  let ok: boolean;
  try {
    ok = crypto.verify('sha256', asn1ToDer(info), publicKey, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new CsrError('证书请求自签名验证失败：设备未持有对应私钥 (CSR signature does not verify)');
  return { publicKey, spkiDer, subjectDer: asn1ToDer(subject) };
}
