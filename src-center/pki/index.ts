/**
 * The center's PKI services: the province root (PEM), the current CRL (DER) and an RFC 3161
 * timestamp authority signing with the TSA certificate. The material lives in a PKI
 * directory (CENTER_PKI_DIR, default data/pki) described by pki.json; without one, the demo
 * PKI is created there on first use (ensureDemoPki), which also re-issues a CRL close to
 * its nextUpdate. Production replaces the directory with the province CA's material.
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensureDemoPki, findRole, type PkiManifest } from '../../src-node/pki/demo';
import { readP12 } from '../../src-node/pki/pkcs12';
import { keyObjectSigner, type Signer } from '../../src-node/pades/signer';
import { createTimestampResponse, issueTimestampToken, parseTimestampRequest, TimestampError, type FailureName } from '../../src-node/pades/tsp';

/**
 * The TSA policy under which tokens are issued: a UUID-based OID (ITU-T X.667, arc 2.25),
 * unique without registration. A production TSA uses the policy its CA registered.
 */
export const TSA_POLICY_OID = '2.25.197393557778836286121370661237312978404';

/** Refresh the CRL this long before its nextUpdate. */
const CRL_REFRESH_MARGIN_MS = 86_400_000;

export interface TimestampReply {
  /** HTTP status: 200 with a granted token, 400 for a request the TSA rejects. */
  status: 200 | 400 | 500;
  body: Buffer;
}

export class CenterPki {
  private constructor(
    readonly dir: string,
    private manifest: PkiManifest,
    private readonly tsa: Signer,
    private crl: Buffer,
    private readonly root: string,
  ) {}

  static async open(dir: string): Promise<CenterPki> {
    const manifest = await ensureDemoPki(dir, { crlRefreshMarginMs: CRL_REFRESH_MARGIN_MS });
    const tsaEntry = findRole(manifest, 'tsa');
    const p12 = readP12(await fs.readFile(path.join(dir, tsaEntry.p12)), tsaEntry.pin);
    const tsa = keyObjectSigner(p12.privateKey, p12.certificate, p12.certificates.slice(1));
    const crl = await fs.readFile(path.join(dir, manifest.crl.der));
    const root = await fs.readFile(path.join(dir, manifest.rootCert), 'utf8');
    return new CenterPki(dir, manifest, tsa, crl, root);
  }

  rootPem(): string {
    return this.root;
  }

  /** The current CRL (re-issued when its nextUpdate comes close). */
  async crlDer(now = new Date()): Promise<Buffer> {
    if (new Date(this.manifest.crl.nextUpdate).getTime() - now.getTime() <= CRL_REFRESH_MARGIN_MS) {
      this.manifest = await ensureDemoPki(this.dir, { crlRefreshMarginMs: CRL_REFRESH_MARGIN_MS, now });
      this.crl = await fs.readFile(path.join(this.dir, this.manifest.crl.der));
    }
    return this.crl;
  }

  get crlNextUpdate(): Date {
    return new Date(this.manifest.crl.nextUpdate);
  }

  /** Answers a TimeStampReq with a TimeStampResp (a rejection names what was wrong). */
  async timestamp(request: Buffer, now = new Date()): Promise<TimestampReply> {
    let parsed;
    try {
      parsed = parseTimestampRequest(request);
    } catch (err) {
      const failure = (err instanceof TimestampError && typeof err.cause === 'string' ? err.cause : 'badDataFormat') as FailureName;
      return { status: 400, body: createTimestampResponse({ status: 2, statusText: (err as Error).message, failure }) };
    }
    if (parsed.policy && parsed.policy !== TSA_POLICY_OID) {
      return { status: 400, body: createTimestampResponse({ status: 2, statusText: `不支持的时间戳策略 ${parsed.policy} (unaccepted policy)`, failure: 'unacceptedPolicy' }) };
    }
    const serial = crypto.randomBytes(16);
    serial[0] = (serial[0]! & 0x7f) | 0x01;
    const token = await issueTimestampToken({ request: parsed, tsa: this.tsa, policy: TSA_POLICY_OID, serial, genTime: now });
    return { status: 200, body: createTimestampResponse({ status: 0, token }) };
  }
}

/** Opens the PKI directory on first use (tests and deployments without PKI never touch it). */
export function lazyCenterPki(dir: string): () => Promise<CenterPki> {
  let opening: Promise<CenterPki> | undefined;
  return () => {
    opening ??= CenterPki.open(dir).catch((err: unknown) => {
      opening = undefined;
      throw err;
    });
    return opening;
  };
}
