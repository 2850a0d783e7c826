/**
 * Encryption at rest of the device's private key.
 *
 * Two protectors, the better one where it exists:
 *  - `safeStorage` (Electron): the OS protects the key — DPAPI on Windows, the Keychain on
 *    macOS, libsecret/kwallet on Linux desktops — bound to the logged-in OS user. Electron
 *    main passes in its `safeStorage` (isEncryptionAvailable() true after app ready).
 *  - `scrypt` (browser mode, servers, Linux without a secret service): AES-256-GCM with a
 *    key derived by scrypt (N=2^15, r=8, p=1, a random salt per file) from a 32-byte
 *    machine secret kept in the data directory with mode 0600.
 *
 * What the scrypt protector does and does not do: the key file alone (a backup, a copied
 * file, a support bundle) is useless without the machine secret, and a damaged or altered
 * file is detected (GCM tag). Someone who can read the whole data directory as the same OS
 * user can also read the machine secret: against that only the OS keystore (safeStorage)
 * or a hardware token (UKey, the intended SM2 path) helps. The file records which protector
 * wrote it, so a key is never silently read with the wrong one.
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface KeyProtector {
  readonly kind: 'safeStorage' | 'scrypt';
  seal(plain: Buffer): Promise<Buffer>;
  open(sealed: Buffer): Promise<Buffer>;
}

/** Electron's safeStorage, as far as this module needs it. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageProtector(ss: SafeStorageLike): KeyProtector {
  return {
    kind: 'safeStorage',
    seal: async (plain) => ss.encryptString(plain.toString('base64')),
    open: async (sealed) => Buffer.from(ss.decryptString(sealed), 'base64'),
  };
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

async function machineSecret(file: string): Promise<Buffer> {
  try {
    const b = await fs.readFile(file);
    if (b.length !== 32) throw new Error(`${file} 已损坏（应为32字节）(machine secret is damaged)`);
    return b;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32);
    try {
      await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFile(file);
      throw err;
    }
  }
}

function derive(secret: Buffer, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => crypto.scrypt(secret, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

/** The scrypt protector; the machine secret lives at `secretFile` (created 0600 on first use). */
export function scryptProtector(secretFile: string): KeyProtector {
  return {
    kind: 'scrypt',
    async seal(plain) {
      const salt = crypto.randomBytes(16);
      const iv = crypto.randomBytes(12);
      const key = await derive(await machineSecret(secretFile), salt);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.from(JSON.stringify({ v: 1, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') }));
    },
    async open(sealed) {
      const f = JSON.parse(sealed.toString('utf8')) as { v: number; salt: string; iv: string; tag: string; data: string };
      if (f.v !== 1) throw new Error(`不支持的密钥文件版本 ${f.v} (unsupported key file version)`);
      const key = await derive(await machineSecret(secretFile), Buffer.from(f.salt, 'base64'));
      const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
      d.setAuthTag(Buffer.from(f.tag, 'base64'));
      try {
        return Buffer.concat([d.update(Buffer.from(f.data, 'base64')), d.final()]);
      } catch {
        throw new Error('设备密钥文件无法解密：文件已损坏，或本机密钥已更换 (device key cannot be decrypted: damaged file or different machine secret)');
      }
    },
  };
}
