/**
 * The keystore of the counter PC: the clerk's personal certificate and the window's seal,
 * each imported once from a PKCS#12 with its PIN.
 *
 *  - At rest the PKCS#12 (itself PIN-protected) is encrypted once more: with Electron's
 *    safeStorage (the OS keychain / DPAPI) when the host offers it, otherwise with
 *    AES-256-GCM under a key derived from the PIN with scrypt. Files are 0600.
 *  - Per session the PIN unlocks a slot; the key then lives only in this process and
 *    locks itself after `autoLockMinutes` without use. Wrong PINs are counted on disk:
 *    after `maxAttempts` the slot refuses PINs for `lockoutMs`.
 *  - The renderer sees certificate details only (status()); keys leave through `signers()`
 *    to the document service, never through the clerk-api.
 *  - A certificate signs only while it chains to the province root, is within its
 *    validity, is fit for signing and is not revoked by a current CRL (validateChain).
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CertificateDetails, KeystoreRole, KeystoreSlot, KeystoreStatus } from '../../../src-shared/protocol/clerk-api';
import { OID } from '../../../src-node/pki/certs';
import { certificateExtensions, keyUsageNames } from '../../../src-node/pki/extensions';
import { readP12, WrongPinError, type P12Contents } from '../../../src-node/pki/pkcs12';
import { summarizeCertificate, validateChain } from '../../../src-node/pki/validate';
import { keyObjectSigner, type Signer } from '../../../src-node/pades/signer';
import { KeystoreError } from './errors';

export const KEYSTORE_ROLES: readonly KeystoreRole[] = ['clerk', 'window-seal'];

const ROLE_ZH: Record<KeystoreRole, string> = { clerk: '受理人证书', 'window-seal': '窗口电子印章' };

/** The part of Electron's safeStorage the keystore uses (passed in; services never import electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Where the trust material comes from (PkiCache in the app, fixed lists in tests). */
export interface TrustSource {
  trustRoots(): Promise<Buffer[]>;
  crls(): Promise<Buffer[]>;
}

export interface KeystoreOptions {
  dir: string;
  trust: TrustSource;
  autoLockMinutes: () => Promise<number>;
  safeStorage?: SafeStorageLike;
  now?: () => Date;
  maxAttempts?: number;
  lockoutMs?: number;
  /** A CRL older than this is stale even before its nextUpdate (default 7 days). */
  crlMaxAgeMs?: number;
  /** scrypt cost (tests lower it); default N=2^15, r=8, p=1. */
  scrypt?: { N: number; r: number; p: number };
}

const B64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const KeyFile = z.object({
  format: z.literal('yichuang-keystore'),
  version: z.literal(1),
  role: z.enum(['clerk', 'window-seal']),
  protection: z.enum(['safe-storage', 'pin-scrypt']),
  certificate: B64,
  importedAt: z.string(),
  kdf: z.object({ salt: B64, N: z.number().int(), r: z.number().int(), p: z.number().int() }).optional(),
  iv: B64.optional(),
  tag: B64.optional(),
  data: B64,
});
type KeyFile = z.infer<typeof KeyFile>;

const Attempts = z.record(z.string(), z.object({ failures: z.number().int().nonnegative(), lockedUntil: z.string().nullable() }));
type Attempts = z.infer<typeof Attempts>;

interface Unlocked {
  signer: Signer;
  lastUsed: number;
  timer: NodeJS.Timeout | null;
}

const EKU_NAMES: Record<string, string> = {
  [OID.kpEmailProtection]: 'emailProtection',
  [OID.kpDocumentSigning]: 'documentSigning',
  [OID.kpTimeStamping]: 'timeStamping',
};

export function certificateDetails(der: Buffer): CertificateDetails {
  const s = summarizeCertificate(der);
  const ext = certificateExtensions(der);
  return {
    subject: s.subject,
    commonName: s.commonName,
    issuer: s.issuer,
    serial: s.serialHex,
    notBefore: s.notBefore,
    notAfter: s.notAfter,
    keyUsage: keyUsageNames(ext.keyUsage),
    extendedKeyUsage: (ext.extKeyUsage ?? []).map((o) => EKU_NAMES[o] ?? o),
    sha256: s.sha256,
  };
}

/** The holder id in the certificate subject (serialNumber: clerkId or windowId), if any. */
export function holderId(der: Buffer): string | undefined {
  return /^serialNumber=(.*)$/m.exec(new crypto.X509Certificate(der).subject)?.[1];
}

/**
 * Throws KeystoreError naming the rule when `certificate` may not sign at `now`: it must
 * chain to one of `roots`, be within its validity, be fit for document signing and not be
 * revoked according to a current CRL. The app's keystore and the CLI both sign only after this.
 */
export function assertCanSign(
  role: KeystoreRole,
  certificate: Buffer,
  chain: readonly Buffer[],
  trust: { roots: readonly Buffer[]; crls: readonly Buffer[] },
  now: Date,
  crlMaxAgeMs = 7 * 86_400_000,
): void {
  const r = validateChain(certificate, {
    trustRoots: trust.roots,
    intermediates: chain,
    at: now,
    now,
    timeIsTrusted: true,
    purpose: 'document-signing',
    crls: trust.crls,
    revocation: 'require',
    crlMaxAgeMs,
  });
  if (!r.ok) throw new KeystoreError('certificate', 'certificate', `${ROLE_ZH[role]}不能用于签名：${r.problems.map((p) => p.message).join('；')}`);
}

export class Keystore {
  private readonly unlocked = new Map<KeystoreRole, Unlocked>();
  private attemptsQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: KeystoreOptions) {}

  private now(): number {
    return (this.o.now?.() ?? new Date()).getTime();
  }
  private file(role: KeystoreRole): string {
    return path.join(this.o.dir, `${role}.json`);
  }
  private get attemptsFile(): string {
    return path.join(this.o.dir, 'attempts.json');
  }
  private get maxAttempts(): number {
    return this.o.maxAttempts ?? 5;
  }

  private async readKeyFile(role: KeystoreRole): Promise<KeyFile | null> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file(role), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = KeyFile.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new KeystoreError('bad-file', 'role', `${ROLE_ZH[role]}的密钥文件已损坏，请重新导入 (key file damaged: import again)`);
    return parsed.data;
  }

  private async writeAtomic(file: string, text: string): Promise<void> {
    await fs.mkdir(this.o.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, text, { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  private async readAttempts(): Promise<Attempts> {
    try {
      return Attempts.parse(JSON.parse(await fs.readFile(this.attemptsFile, 'utf8')));
    } catch {
      return {};
    }
  }

  /** Read-modify-write of the attempts file, one at a time. */
  private updateAttempts(role: KeystoreRole, f: (cur: { failures: number; lockedUntil: string | null }) => { failures: number; lockedUntil: string | null }) {
    const run = this.attemptsQueue.then(async () => {
      const all = await this.readAttempts();
      const next = f(all[role] ?? { failures: 0, lockedUntil: null });
      all[role] = next;
      await this.writeAtomic(this.attemptsFile, JSON.stringify(all, null, 1));
      return next;
    });
    this.attemptsQueue = run.catch(() => undefined);
    return run;
  }

  private useSafeStorage(): boolean {
    try {
      return this.o.safeStorage?.isEncryptionAvailable() === true;
    } catch {
      return false;
    }
  }

  private async deriveKey(pin: string, salt: Buffer, c: { N: number; r: number; p: number }): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      crypto.scrypt(pin, salt, 32, { N: c.N, r: c.r, p: c.p, maxmem: 256 * c.N * c.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
    );
  }

  private async seal(role: KeystoreRole, p12: Buffer, pin: string, certificate: Buffer): Promise<KeyFile> {
    const base = { format: 'yichuang-keystore' as const, version: 1 as const, role, certificate: certificate.toString('base64'), importedAt: new Date(this.now()).toISOString() };
    if (this.useSafeStorage()) {
      return { ...base, protection: 'safe-storage', data: this.o.safeStorage!.encryptString(p12.toString('base64')).toString('base64') };
    }
    const cost = this.o.scrypt ?? { N: 1 << 15, r: 8, p: 1 };
    const salt = crypto.randomBytes(16);
    const iv = crypto.randomBytes(12);
    const key = await this.deriveKey(pin, salt, cost);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`yichuang-keystore:${role}`));
    const data = Buffer.concat([cipher.update(p12), cipher.final()]);
    return {
      ...base,
      protection: 'pin-scrypt',
      kdf: { salt: salt.toString('base64'), ...cost },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** The PKCS#12 inside a key file; null when the PIN is wrong. */
  private async open(kf: KeyFile, pin: string): Promise<P12Contents | null> {
    let p12: Buffer;
    if (kf.protection === 'safe-storage') {
      if (!this.o.safeStorage) throw new KeystoreError('bad-file', 'role', `${ROLE_ZH[kf.role]}由系统密钥保护，当前环境无法解密，请重新导入 (protected by the OS keychain, unavailable here: import again)`);
      p12 = Buffer.from(this.o.safeStorage.decryptString(Buffer.from(kf.data, 'base64')), 'base64');
    } else {
      if (!kf.kdf || !kf.iv || !kf.tag) throw new KeystoreError('bad-file', 'role', `${ROLE_ZH[kf.role]}的密钥文件已损坏 (key file damaged)`);
      const key = await this.deriveKey(pin, Buffer.from(kf.kdf.salt, 'base64'), kf.kdf);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(kf.iv, 'base64'));
      decipher.setAAD(Buffer.from(`yichuang-keystore:${kf.role}`));
      decipher.setAuthTag(Buffer.from(kf.tag, 'base64'));
      try {
        p12 = Buffer.concat([decipher.update(Buffer.from(kf.data, 'base64')), decipher.final()]);
      } catch {
        return null; // the tag does not verify under this PIN's key
      }
    }
    try {
      return readP12(p12, pin);
    } catch (err) {
      if (err instanceof WrongPinError) return null;
      throw new KeystoreError('bad-file', 'role', `${ROLE_ZH[kf.role]}无法读取：${(err as Error).message}`);
    }
  }

  /**
   * Throws KeystoreError naming the rule when the certificate may not sign now: trust
   * chain to the province root, validity, key usage, revocation by a current CRL.
   */
  async validate(role: KeystoreRole, certificate: Buffer, chain: readonly Buffer[]): Promise<void> {
    const [roots, crls] = await Promise.all([this.o.trust.trustRoots(), this.o.trust.crls()]);
    assertCanSign(role, certificate, chain, { roots, crls }, new Date(this.now()), this.o.crlMaxAgeMs);
  }

  private checkRole(role: KeystoreRole, cert: Buffer): void {
    const id = holderId(cert);
    const looksLike = id?.startsWith('c-') ? 'clerk' : id?.startsWith('w-') ? 'window-seal' : undefined;
    if (looksLike && looksLike !== role) {
      throw new KeystoreError('role', 'role', `该证书是${ROLE_ZH[looksLike]}（${id}），不能导入为${ROLE_ZH[role]} (this certificate is a ${looksLike} certificate)`);
    }
  }

  private remember(role: KeystoreRole, c: P12Contents): void {
    this.forget(role);
    this.unlocked.set(role, { signer: keyObjectSigner(c.privateKey, c.certificate, c.certificates.slice(1)), lastUsed: this.now(), timer: null });
    void this.arm(role);
  }

  private forget(role: KeystoreRole): void {
    const u = this.unlocked.get(role);
    if (u?.timer) clearTimeout(u.timer);
    this.unlocked.delete(role);
  }

  /** (Re)starts the idle timer of an unlocked slot. */
  private async arm(role: KeystoreRole): Promise<void> {
    const u = this.unlocked.get(role);
    if (!u) return;
    const ms = (await this.o.autoLockMinutes()) * 60_000;
    if (u.timer) clearTimeout(u.timer);
    // setTimeout holds at most 2^31−1 ms; a longer wait re-arms when it fires.
    u.timer = setTimeout(() => void this.expireIdle(), Math.min(2_000_000_000, Math.max(1000, u.lastUsed + ms - this.now())));
    u.timer.unref?.();
  }

  /** Locks every slot idle for longer than autoLockMinutes. */
  async expireIdle(): Promise<void> {
    const ms = (await this.o.autoLockMinutes()) * 60_000;
    for (const [role, u] of this.unlocked) {
      if (this.now() - u.lastUsed >= ms) this.forget(role);
      else void this.arm(role);
    }
  }

  async import(role: KeystoreRole, p12: Uint8Array, pin: string): Promise<KeystoreStatus> {
    let contents: P12Contents;
    try {
      contents = readP12(p12, pin);
    } catch (err) {
      if (err instanceof WrongPinError) throw new KeystoreError('wrong-pin', 'pin', 'PIN 不正确或 PKCS#12 文件已损坏 (wrong PIN or damaged PKCS#12 file)');
      throw new KeystoreError('bad-file', 'p12', `无法读取 PKCS#12 文件：${(err as Error).message} (cannot read the PKCS#12 file)`);
    }
    this.checkRole(role, contents.certificate);
    await this.validate(role, contents.certificate, contents.certificates.slice(1));
    const kf = await this.seal(role, Buffer.from(p12), pin, contents.certificate);
    await this.writeAtomic(this.file(role), JSON.stringify(kf, null, 1));
    await this.updateAttempts(role, () => ({ failures: 0, lockedUntil: null }));
    this.remember(role, contents);
    return this.status();
  }

  async unlock(role: KeystoreRole, pin: string): Promise<KeystoreStatus> {
    const kf = await this.readKeyFile(role);
    if (!kf) throw new KeystoreError('not-imported', 'role', `尚未导入${ROLE_ZH[role]}，请先导入 PKCS#12 文件 (not imported yet)`);
    const att = (await this.readAttempts())[role];
    if (att?.lockedUntil && new Date(att.lockedUntil).getTime() > this.now()) {
      throw new KeystoreError('locked-out', 'pin', `PIN 错误次数过多，${ROLE_ZH[role]}已锁定至 ${chinaClock(att.lockedUntil)}（规则：PIN 尝试次数）(too many wrong PINs: locked until ${att.lockedUntil})`);
    }
    const contents = await this.open(kf, pin);
    if (!contents) {
      const next = await this.updateAttempts(role, (cur) => {
        const expired = cur.lockedUntil !== null && new Date(cur.lockedUntil).getTime() <= this.now();
        const failures = (expired ? 0 : cur.failures) + 1;
        if (failures >= this.maxAttempts) return { failures: 0, lockedUntil: new Date(this.now() + (this.o.lockoutMs ?? 15 * 60_000)).toISOString() };
        return { failures, lockedUntil: null };
      });
      if (next.lockedUntil) {
        throw new KeystoreError('locked-out', 'pin', `PIN 不正确，已连续错误 ${this.maxAttempts} 次，${ROLE_ZH[role]}锁定至 ${chinaClock(next.lockedUntil)}（规则：PIN 尝试次数）(wrong PIN: locked until ${next.lockedUntil})`);
      }
      throw new KeystoreError('wrong-pin', 'pin', `PIN 不正确，还可尝试 ${this.maxAttempts - next.failures} 次（规则：PIN 尝试次数）(wrong PIN, ${this.maxAttempts - next.failures} attempts left)`);
    }
    await this.updateAttempts(role, () => ({ failures: 0, lockedUntil: null }));
    await this.validate(role, contents.certificate, contents.certificates.slice(1));
    this.remember(role, contents);
    return this.status();
  }

  /** The certificate (DER) a slot holds, or null: public data, read without the PIN (clerk login). */
  async certificate(role: KeystoreRole): Promise<Buffer | null> {
    const kf = await this.readKeyFile(role);
    return kf ? Buffer.from(kf.certificate, 'base64') : null;
  }

  async lock(role?: KeystoreRole): Promise<KeystoreStatus> {
    for (const r of role ? [role] : KEYSTORE_ROLES) this.forget(r);
    return this.status();
  }

  async status(): Promise<KeystoreStatus> {
    await this.expireIdle();
    const attempts = await this.readAttempts();
    const minutes = await this.o.autoLockMinutes();
    const slots: KeystoreSlot[] = [];
    for (const role of KEYSTORE_ROLES) {
      const kf = await this.readKeyFile(role).catch(() => null);
      const a = attempts[role];
      const lockedOut = a?.lockedUntil && new Date(a.lockedUntil).getTime() > this.now() ? a.lockedUntil : undefined;
      const u = this.unlocked.get(role);
      slots.push({
        role,
        imported: kf !== null,
        unlocked: u !== undefined,
        ...(kf ? { certificate: certificateDetails(Buffer.from(kf.certificate, 'base64')), protection: kf.protection } : {}),
        attemptsLeft: lockedOut ? 0 : this.maxAttempts - (a?.failures ?? 0),
        ...(lockedOut ? { lockedUntil: lockedOut } : {}),
        ...(u ? { autoLockAt: new Date(u.lastUsed + minutes * 60_000).toISOString() } : {}),
      });
    }
    return { slots, canSign: slots.every((s) => s.unlocked) };
  }

  /**
   * The clerk's and the window seal's signers for one document, checked now; or why the
   * document cannot be signed (locked, expired, revoked, not this clerk's or window's).
   */
  async signers(expect: { clerkId?: string; windowId?: string } = {}): Promise<{ ok: true; clerk: Signer; seal: Signer } | { ok: false; reason: string }> {
    await this.expireIdle();
    const clerk = this.unlocked.get('clerk');
    const seal = this.unlocked.get('window-seal');
    if (!clerk || !seal) {
      const missing = [!clerk ? ROLE_ZH.clerk : null, !seal ? ROLE_ZH['window-seal'] : null].filter(Boolean).join('和');
      return { ok: false, reason: `${missing}未解锁，文书未签名；解锁后重新生成即可签章 (keystore locked: the document is not signed)` };
    }
    const clerkHolder = holderId(clerk.signer.certificate);
    if (expect.clerkId && clerkHolder && clerkHolder !== expect.clerkId) {
      return { ok: false, reason: `受理人证书属于 ${clerkHolder}，与本件受理人 ${expect.clerkId} 不符（规则：证书持有人），文书未签名 (the clerk certificate belongs to someone else)` };
    }
    const sealHolder = holderId(seal.signer.certificate);
    if (expect.windowId && sealHolder && sealHolder !== expect.windowId) {
      return { ok: false, reason: `电子印章属于 ${sealHolder}，与本窗口 ${expect.windowId} 不符（规则：证书持有人），文书未签名 (the seal belongs to another window)` };
    }
    try {
      await this.validate('clerk', clerk.signer.certificate, clerk.signer.chain);
      await this.validate('window-seal', seal.signer.certificate, seal.signer.chain);
    } catch (err) {
      return { ok: false, reason: `${(err as Error).message}；文书未签名` };
    }
    clerk.lastUsed = seal.lastUsed = this.now();
    void this.arm('clerk');
    void this.arm('window-seal');
    return { ok: true, clerk: clerk.signer, seal: seal.signer };
  }
}

function chinaClock(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
