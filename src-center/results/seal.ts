/**
 * The province seal: the signer of result documents (the `province-seal` entry of the PKI
 * directory's pki.json), checked against the province root and CRL before each use, and
 * the province TSA called in process for the B-T timestamp (no HTTP round trip).
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTimestampRequest, parseTimestampResponse, checkTimestampToken, TimestampError } from '../../src-node/pades/tsp';
import { signerFromP12, type Signer } from '../../src-node/pades/signer';
import { subjectAttributes } from '../../src-node/pades/window-documents';
import { findRole, loadPkiManifest } from '../../src-node/pki/demo';
import { validateChain } from '../../src-node/pki/validate';
import type { CenterPki } from '../pki/index';

export interface ProvinceSeal {
  signer: Signer;
  /** Certificate O (the seal's organisation, along the arc) and CN. */
  organisation: string;
  commonName: string;
  notAfter: Date;
}

const seals = new WeakMap<CenterPki, Promise<ProvinceSeal>>();
/** The last good check per PKI: repeated within a minute only when the CRL changed. */
const checked = new WeakMap<CenterPki, { at: number; crl: Buffer }>();
const RECHECK_MS = 60_000;

async function openSeal(pki: CenterPki): Promise<ProvinceSeal> {
  const manifest = await loadPkiManifest(pki.dir);
  const entry = findRole(manifest, 'province-seal');
  const signer = signerFromP12(await fs.readFile(path.join(pki.dir, entry.p12)), entry.pin);
  const subject = subjectAttributes(signer.certificate);
  const notAfter = new Date(new crypto.X509Certificate(signer.certificate).validTo);
  return { signer, organisation: subject.O ?? subject.CN ?? '', commonName: subject.CN ?? subject.O ?? '', notAfter };
}

/**
 * The province seal of this PKI, loaded once; its certificate is checked (chain to the root,
 * validity, key usage, the current CRL) at most once a minute and whenever the CRL is
 * re-issued: an expired or revoked seal does not sign.
 */
export async function provinceSeal(pki: CenterPki, now = new Date()): Promise<ProvinceSeal> {
  let p = seals.get(pki);
  if (!p) {
    p = openSeal(pki);
    seals.set(pki, p);
    p.catch(() => seals.delete(pki));
  }
  const seal = await p;
  const crl = await pki.crlDer(now);
  const last = checked.get(pki);
  if (last && last.crl === crl && Math.abs(now.getTime() - last.at) < RECHECK_MS && now < seal.notAfter) return seal;
  const check = validateChain(seal.signer.certificate, {
    trustRoots: [new crypto.X509Certificate(pki.rootPem()).raw],
    intermediates: seal.signer.chain,
    at: now,
    timeIsTrusted: true,
    purpose: 'document-signing',
    crls: [crl],
    revocation: 'require',
    now,
  });
  if (!check.ok)
    throw new Error(`省级电子印章证书不可用：${check.problems.map((x) => x.message).join('；')} (the province seal certificate cannot sign)`);
  checked.set(pki, { at: now.getTime(), crl });
  return seal;
}

/** A TimestampSource for signPdf: the province TSA answering in process. */
export function inProcessTimestamp(pki: CenterPki): (signatureValue: Buffer) => Promise<Buffer> {
  return async (signatureValue) => {
    const hashed = crypto.createHash('sha256').update(signatureValue).digest();
    const nonce = crypto.randomBytes(8);
    nonce[0] = (nonce[0]! & 0x7f) | 0x01;
    const reply = await pki.timestamp(createTimestampRequest(hashed, { hashAlgorithm: 'sha256', nonce, certReq: true }));
    const parsed = parseTimestampResponse(reply.body);
    if ((parsed.status !== 0 && parsed.status !== 1) || !parsed.token)
      throw new TimestampError(`省级时间戳服务拒绝了请求（状态 ${parsed.status}${parsed.statusText ? `：${parsed.statusText}` : ''}）(timestamp refused)`);
    const check = checkTimestampToken(parsed.token, { hashedMessage: hashed, nonce });
    if (!check.ok) throw new TimestampError(`时间戳无效：${check.problems.join('；')} (invalid timestamp token)`);
    return parsed.token;
  };
}
