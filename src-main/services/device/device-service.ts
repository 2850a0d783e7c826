/**
 * The device identity of this counter PC, held by main (the renderer never sees the key):
 * an ECDSA P-256 key pair made at enrollment, its certificate from the province (via the
 * center), and what the certificate binds it to (device id, window, county).
 *
 * Files in <dataDir>/device/:
 *   key-<cert sha>.sealed   the PKCS#8 private key, sealed by a KeyProtector (see protector.ts), 0600
 *   cert-<cert sha>.pem     the device certificate
 *   device.json             { deviceId, windowId, regionCode, certSha256, notAfter, enrolledAt, protector }
 *   machine-secret          (scrypt protector only) 32 random bytes, 0600
 * Each file is written atomically (temp file + rename); the key and certificate of a new
 * identity get their own names and device.json, written last, switches to them — a crash
 * at any point leaves either the old identity or the new one, never a mix.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createCsr, type DeviceCredentials } from '../../../src-node/sync-auth';
import type { DeviceStatus, EnrollRequest } from '../../../src-shared/protocol/sync';
import type { KeyProtector } from './protector';

export const DeviceFile = z.object({
  deviceId: z.string(),
  windowId: z.string(),
  regionCode: z.string(),
  certSha256: z.string(),
  serial: z.string(),
  notAfter: z.string(),
  enrolledAt: z.string(),
  protector: z.enum(['safeStorage', 'scrypt']),
  keyFile: z.string().regex(/^key-[0-9a-f]{16}\.sealed$/),
  certFile: z.string().regex(/^cert-[0-9a-f]{16}\.pem$/),
});
export type DeviceFile = z.infer<typeof DeviceFile>;

export interface EnrollInput {
  code: string;
  deviceId: string;
  windowId: string;
}

/** Sends the enrollment to the center (the transport's unsigned POST /v1/sync/enroll). */
export type EnrollSender = (req: EnrollRequest) => Promise<DeviceStatus>;

async function writeAtomic(file: string, data: string | Buffer, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data, { mode });
  await fs.rename(tmp, file);
}

export class DeviceService {
  private readonly dir: string;
  private cached: { file: DeviceFile; creds: DeviceCredentials } | null = null;

  constructor(
    dataDir: string,
    private readonly protector: KeyProtector,
  ) {
    this.dir = path.join(dataDir, 'device');
  }

  get directory(): string {
    return this.dir;
  }

  /** The enrolled identity, or null. */
  async identity(): Promise<DeviceFile | null> {
    try {
      return DeviceFile.parse(JSON.parse(await fs.readFile(path.join(this.dir, 'device.json'), 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`设备登记信息 ${path.join(this.dir, 'device.json')} 已损坏，请重新登记 (device.json is damaged: ${(e as Error).message})`, { cause: e });
    }
  }

  /** What signing needs; null until enrolled. The key is opened once and kept in main's memory. */
  async credentials(): Promise<DeviceCredentials | null> {
    const file = await this.identity();
    if (!file) return (this.cached = null);
    if (this.cached && this.cached.file.certSha256 === file.certSha256) return this.cached.creds;
    if (file.protector !== this.protector.kind)
      throw new Error(`设备密钥由 ${file.protector} 保护，当前为 ${this.protector.kind}，无法读取；请重新登记设备 (key sealed by another protector)`);
    const der = await this.protector.open(await fs.readFile(path.join(this.dir, file.keyFile)));
    const privateKey: KeyObject = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const creds = { deviceId: file.deviceId, certSha256: file.certSha256, privateKey };
    this.cached = { file, creds };
    return creds;
  }

  async certificatePem(): Promise<string | null> {
    const file = await this.identity();
    return file ? fs.readFile(path.join(this.dir, file.certFile), 'utf8') : null;
  }

  /**
   * Makes a fresh key pair and CSR, has the center certify it with the operator's code,
   * checks the certificate carries the key and chains to the province root, then stores
   * everything. A failure leaves the previous identity (if any) untouched.
   */
  async enroll(input: EnrollInput, send: EnrollSender, rootPem: string): Promise<DeviceFile> {
    const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const csr = createCsr({ subject: { CN: `一窗受理设备 ${input.deviceId}`, serialNumber: input.deviceId }, ...keys });
    const status = await send({ code: input.code, deviceId: input.deviceId, windowId: input.windowId, csrPem: csr.pem });
    const cert = new crypto.X509Certificate(status.certificatePem);
    const mine = keys.publicKey.export({ type: 'spki', format: 'der' });
    if (!cert.publicKey.export({ type: 'spki', format: 'der' }).equals(mine))
      throw new Error('中心签发的证书不含本机公钥 (the certificate does not carry this device key)');
    if (!cert.verify(new crypto.X509Certificate(rootPem).publicKey))
      throw new Error('中心签发的证书不是由省级根证书签发的 (the certificate is not issued by the province root)');
    if (status.deviceId !== input.deviceId) throw new Error('中心返回的设备编号与申请不符 (device id differs)');
    const certSha256 = crypto.createHash('sha256').update(cert.raw).digest('hex');
    const file: DeviceFile = {
      deviceId: status.deviceId,
      windowId: status.windowId,
      regionCode: status.regionCode,
      certSha256,
      serial: status.serial,
      notAfter: status.notAfter,
      enrolledAt: new Date().toISOString(),
      protector: this.protector.kind,
      keyFile: `key-${certSha256.slice(0, 16)}.sealed`,
      certFile: `cert-${certSha256.slice(0, 16)}.pem`,
    };
    const previous = await this.identity().catch(() => null);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const sealed = await this.protector.seal(keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
    await writeAtomic(path.join(this.dir, file.keyFile), sealed, 0o600);
    await writeAtomic(path.join(this.dir, file.certFile), status.certificatePem, 0o644);
    await writeAtomic(path.join(this.dir, 'device.json'), JSON.stringify(file, null, 2) + '\n', 0o600);
    this.cached = null;
    if (previous && previous.keyFile !== file.keyFile) {
      await fs.rm(path.join(this.dir, previous.keyFile), { force: true });
      await fs.rm(path.join(this.dir, previous.certFile), { force: true });
    }
    return file;
  }
}
