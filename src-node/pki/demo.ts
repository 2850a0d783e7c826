/**
 * The demo PKI: a province root CA, a timestamp authority, the province seal, one seal per
 * demo window and certificates for the demo clerks (plus an expired and a revoked clerk for
 * negative tests), each as a PIN-protected PKCS#12 and a PEM certificate, a CRL, and
 * DIR/pki.json describing all of it.
 *
 * Used by `yichuang pki demo DIR`, by `npm start` (ensureDemoPki('data/pki')) and by tests.
 * The demo PINs are written into pki.json in clear: this is demo material, never production.
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { issueCertificate, type CertProfile, type Issuer } from './certs';
import { issueCrl, parseCrl, verifyCrlSignature, type RevocationReason } from './crl';
import { certificateFields } from './der';
import { KEY_ALGORITHMS, KEY_ALGORITHM_NAMES, type KeyAlgorithm } from './keys';
import { formatName, type DistinguishedName } from './names';
import { randomPin, readP12, validatePin, writeP12 } from './pkcs12';

export const DEFAULT_CRL_URL = 'http://127.0.0.1:4780/v1/pki/crl';
export const MANIFEST_FILE = 'pki.json';

export const DEMO_PROVINCE = {
  regionCode: '130000',
  province: '河北省',
  organization: '河北省人民政府政务服务管理办公室',
} as const;

export interface DemoWindow {
  windowId: string;
  regionCode: string;
  /** The service center (O). */
  organization: string;
  /** The window (OU). */
  windowName: string;
}

export interface DemoClerk {
  clerkId: string;
  windowId: string;
  name: string;
  /** Negative-test fixtures: issued already expired, or revoked in the CRL. */
  status?: 'expired' | 'revoked';
}

export const DEMO_WINDOWS: readonly DemoWindow[] = [
  { windowId: 'w-130102-01', regionCode: '130102', organization: '石家庄市长安区政务服务中心', windowName: '综合受理1号窗口' },
  { windowId: 'w-130104-01', regionCode: '130104', organization: '石家庄市桥西区政务服务中心', windowName: '综合受理1号窗口' },
];

export const DEMO_CLERKS: readonly DemoClerk[] = [
  // Names match the center's window roster (src-center/store/seed/windows.ts): documents print them.
  { clerkId: 'c-130102-01-1', windowId: 'w-130102-01', name: '张丽华' },
  // 𠈌 is U+2020C, CJK Unified Ideographs Extension B (4 bytes in UTF-8, a surrogate pair in UTF-16).
  { clerkId: 'c-130102-01-2', windowId: 'w-130102-01', name: '王𠈌' },
  { clerkId: 'c-130104-01-1', windowId: 'w-130104-01', name: '刘晓燕' },
  { clerkId: 'c-130102-01-8', windowId: 'w-130102-01', name: '赵六', status: 'expired' },
  { clerkId: 'c-130102-01-9', windowId: 'w-130102-01', name: '孙七', status: 'revoked' },
];

export const PkiRole = z.enum(['root', 'tsa', 'province-seal', 'window-seal', 'clerk']);
export type PkiRole = z.infer<typeof PkiRole>;

const SubjectFields = z.object({
  C: z.string().optional(),
  ST: z.string().optional(),
  L: z.string().optional(),
  O: z.string().optional(),
  OU: z.string().optional(),
  CN: z.string(),
  serialNumber: z.string().optional(),
});

const FileName = z.string().regex(/^[A-Za-z0-9._-]+$/, '文件名只能含字母、数字、点、下划线和连字符 (file names are plain, no paths)');

export const PkiEntry = z.object({
  /** Unique within the manifest: root, tsa, province-seal, window-seal:<windowId>, clerk:<clerkId>. */
  id: z.string(),
  role: PkiRole,
  /** PKCS#12 with the private key and the chain (holder first, root last). */
  p12: FileName,
  /** The holder's certificate, PEM. */
  cert: FileName,
  pin: z.string(),
  subject: z.string(),
  subjectFields: SubjectFields,
  issuer: z.string(),
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serial: z.string().regex(/^[0-9A-F]+$/),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  regionCode: z.string().regex(/^\d{6}$/),
  windowId: z.string().optional(),
  clerkId: z.string().optional(),
  /** Clerk's personal name (without the title in CN). */
  name: z.string().optional(),
  /** Status at issuance: `expired` and `revoked` entries are negative-test fixtures. */
  status: z.enum(['valid', 'expired', 'revoked']),
  /** SHA-256 of the certificate DER, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PkiEntry = z.infer<typeof PkiEntry>;

export const PkiManifest = z.object({
  format: z.literal('yichuang-demo-pki'),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  keyAlgorithm: z.enum(KEY_ALGORITHM_NAMES as [KeyAlgorithm, ...KeyAlgorithm[]]),
  crlUrl: z.string(),
  /** The trust anchor, PEM (same as the root entry's cert). */
  rootCert: FileName,
  crl: z.object({
    pem: FileName,
    der: FileName,
    crlNumber: z.number().int().nonnegative(),
    thisUpdate: z.iso.datetime(),
    nextUpdate: z.iso.datetime(),
    revokedSerials: z.array(z.string()),
  }),
  entries: z.array(PkiEntry),
});
export type PkiManifest = z.infer<typeof PkiManifest>;

export interface CreateDemoPkiOptions {
  /** Use this PIN for every PKCS#12 (demo determinism); default: a random 6-digit PIN each. */
  pin?: string;
  /** Replace an existing pki.json (and the files it lists). */
  force?: boolean;
  /** CRL distribution point written into end-entity certificates. */
  crlUrl?: string;
  keyAlgorithm?: KeyAlgorithm;
  /** Reference time (tests); default now. */
  now?: Date;
  /** Days a CRL stays current (nextUpdate − thisUpdate). */
  crlDays?: number;
  windows?: readonly DemoWindow[];
  clerks?: readonly DemoClerk[];
}

const DAY = 86_400_000;
const MINUTE = 60_000;

interface Planned {
  id: string;
  role: PkiRole;
  file: string;
  profile: CertProfile;
  subject: DistinguishedName;
  regionCode: string;
  notBefore: Date;
  notAfter: Date;
  status: PkiEntry['status'];
  windowId?: string;
  clerkId?: string;
  name?: string;
}

function plan(opts: Required<Pick<CreateDemoPkiOptions, 'windows' | 'clerks'>>, now: Date): Planned[] {
  const p = DEMO_PROVINCE;
  const since = new Date(now.getTime() - 10 * MINUTE); // tolerate clock skew between machines
  const years = (n: number) => new Date(now.getTime() + n * 365 * DAY);
  const out: Planned[] = [
    {
      id: 'root',
      role: 'root',
      file: 'root',
      profile: 'root-ca',
      subject: { C: 'CN', ST: p.province, L: p.regionCode, O: p.organization, OU: '河北省政务服务电子认证中心', CN: '河北省政务服务演示根CA' },
      regionCode: p.regionCode,
      // Older than the expired fixture below, so that one sits inside the root's lifetime.
      notBefore: new Date(now.getTime() - 400 * DAY),
      notAfter: years(20),
      status: 'valid',
    },
    {
      id: 'tsa',
      role: 'tsa',
      file: 'tsa',
      profile: 'tsa',
      subject: { C: 'CN', ST: p.province, L: p.regionCode, O: p.organization, OU: '河北省政务服务时间戳服务', CN: '河北省政务服务时间戳服务器' },
      regionCode: p.regionCode,
      notBefore: since,
      notAfter: years(10),
      status: 'valid',
    },
    {
      id: 'province-seal',
      role: 'province-seal',
      file: 'province-seal',
      profile: 'signing',
      subject: { C: 'CN', ST: p.province, L: p.regionCode, O: p.organization, CN: '河北省政务服务电子印章' },
      regionCode: p.regionCode,
      notBefore: since,
      notAfter: years(5),
      status: 'valid',
    },
  ];
  const windows = new Map<string, DemoWindow>();
  for (const w of opts.windows) {
    if (windows.has(w.windowId)) throw new Error(`windows: windowId ${w.windowId} 重复 (duplicate windowId)`);
    if (!/^\d{6}$/.test(w.regionCode)) throw new Error(`windows[${w.windowId}].regionCode 必须是6位行政区划代码 (must be a 6-digit GB/T 2260 code)`);
    windows.set(w.windowId, w);
    out.push({
      id: `window-seal:${w.windowId}`,
      role: 'window-seal',
      file: `window-seal-${w.windowId}`,
      profile: 'signing',
      subject: { C: 'CN', ST: p.province, L: w.regionCode, O: w.organization, OU: w.windowName, CN: `${w.organization}${w.windowName}电子印章`, serialNumber: w.windowId },
      regionCode: w.regionCode,
      windowId: w.windowId,
      notBefore: since,
      notAfter: years(5),
      status: 'valid',
    });
  }
  const clerkIds = new Set<string>();
  for (const c of opts.clerks) {
    if (clerkIds.has(c.clerkId)) throw new Error(`clerks: clerkId ${c.clerkId} 重复 (duplicate clerkId)`);
    clerkIds.add(c.clerkId);
    const w = windows.get(c.windowId);
    if (!w) throw new Error(`clerks[${c.clerkId}].windowId ${c.windowId} 不在 windows 中 (unknown windowId)`);
    const expired = c.status === 'expired';
    out.push({
      id: `clerk:${c.clerkId}`,
      role: 'clerk',
      file: `clerk-${c.clerkId}`,
      profile: 'signing',
      subject: { C: 'CN', ST: p.province, L: w.regionCode, O: w.organization, OU: w.windowName, CN: `窗口受理员 ${c.name}`, serialNumber: c.clerkId },
      regionCode: w.regionCode,
      windowId: w.windowId,
      clerkId: c.clerkId,
      name: c.name,
      notBefore: expired ? new Date(now.getTime() - 365 * DAY) : since,
      notAfter: expired ? new Date(now.getTime() - DAY) : years(3),
      status: c.status ?? 'valid',
    });
  }
  for (const e of out) {
    if (!/^[A-Za-z0-9._-]+$/.test(e.file)) throw new Error(`${e.id}: id 只能含字母、数字、点、下划线和连字符 (ids must be plain file-name characters)`);
  }
  return out;
}

async function writeFileAtomic(file: string, data: string | Buffer, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data, { mode });
  await fs.rename(tmp, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function iso(d: Date): string {
  return d.toISOString();
}

/** Every file a manifest refers to, pki.json itself excluded. */
export function manifestFiles(m: PkiManifest): string[] {
  return [...new Set([m.rootCert, m.crl.pem, m.crl.der, ...m.entries.flatMap((e) => [e.p12, e.cert])])];
}

/** Creates the demo PKI in `dir`. Refuses to replace an existing pki.json unless `force`. */
export async function createDemoPki(dir: string, opts: CreateDemoPkiOptions = {}): Promise<PkiManifest> {
  if (opts.pin !== undefined) validatePin(opts.pin, '--pin');
  const crlUrl = opts.crlUrl ?? DEFAULT_CRL_URL;
  if (!/^https?:\/\/[\x21-\x7e]+$/.test(crlUrl)) {
    throw new Error('crlUrl 必须是 http(s) 地址且只含 ASCII 字符 (crlUrl must be an ASCII http(s) URL)');
  }
  const keyAlgorithm = opts.keyAlgorithm ?? 'rsa-2048';
  const crlDays = opts.crlDays ?? 7;
  if (!(crlDays > 0)) throw new Error('crlDays 必须大于 0 (crlDays must be positive)');
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);

  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (await exists(manifestPath)) {
    if (!opts.force) {
      throw new Error(`${manifestPath} 已存在；如需重新生成请加 --force (already exists; use --force to replace it)`);
    }
    // Remove what the old manifest listed (and only that), so no stale file is left behind.
    try {
      const old = PkiManifest.parse(JSON.parse(await fs.readFile(manifestPath, 'utf8')));
      await Promise.all(manifestFiles(old).map((f) => fs.rm(path.join(dir, f), { force: true })));
    } catch {
      // An unreadable old manifest is simply replaced.
    }
    await fs.rm(manifestPath, { force: true });
  }
  await fs.mkdir(dir, { recursive: true });

  const planned = plan({ windows: opts.windows ?? DEMO_WINDOWS, clerks: opts.clerks ?? DEMO_CLERKS }, now);
  const algo = KEY_ALGORITHMS[keyAlgorithm];
  const keys = await Promise.all(planned.map(() => algo.generate()));

  const [rootPlan, ...others] = planned;
  const [rootKeys, ...otherKeys] = keys;
  if (!rootPlan || !rootKeys) throw new Error('internal: no root planned');
  const root = issueCertificate({
    subject: rootPlan.subject,
    publicKey: rootKeys.publicKey,
    privateKey: rootKeys.privateKey,
    profile: 'root-ca',
    notBefore: rootPlan.notBefore,
    notAfter: rootPlan.notAfter,
  });
  const issuer: Issuer = { certDer: root.der, privateKey: rootKeys.privateKey };
  const rootName = formatName(rootPlan.subject);

  const entries: PkiEntry[] = [];
  const revoked: { serialHex: string; revokedAt: Date; reason: RevocationReason }[] = [];
  const emit = async (pl: Planned, der: Buffer, pem: string, privateKey: crypto.KeyObject, chain: Buffer[]) => {
    const pin = opts.pin ?? randomPin();
    const p12File = `${pl.file}.p12`;
    const certFile = `${pl.file}.pem`;
    const p12 = writeP12({ privateKey, certificates: [der, ...chain], pin, friendlyName: pl.clerkId ?? pl.windowId ?? pl.id });
    await writeFileAtomic(path.join(dir, p12File), p12, 0o600);
    await writeFileAtomic(path.join(dir, certFile), pem, 0o644);
    const f = certificateFields(der);
    entries.push({
      id: pl.id,
      role: pl.role,
      p12: p12File,
      cert: certFile,
      pin,
      subject: formatName(pl.subject),
      subjectFields: { ...pl.subject },
      issuer: pl.role === 'root' ? formatName(pl.subject) : rootName,
      serial: f.serialHex.toUpperCase(),
      notBefore: iso(f.notBefore),
      notAfter: iso(f.notAfter),
      regionCode: pl.regionCode,
      ...(pl.windowId !== undefined ? { windowId: pl.windowId } : {}),
      ...(pl.clerkId !== undefined ? { clerkId: pl.clerkId } : {}),
      ...(pl.name !== undefined ? { name: pl.name } : {}),
      status: pl.status,
      sha256: crypto.createHash('sha256').update(der).digest('hex'),
    });
  };

  await emit(rootPlan, root.der, root.pem, rootKeys.privateKey, []);
  for (const [i, pl] of others.entries()) {
    const k = otherKeys[i];
    if (!k) throw new Error('internal: key missing');
    const cert = issueCertificate({
      subject: pl.subject,
      publicKey: k.publicKey,
      issuer,
      profile: pl.profile,
      notBefore: pl.notBefore,
      notAfter: pl.notAfter,
      crlUrl,
    });
    await emit(pl, cert.der, cert.pem, k.privateKey, [root.der]);
    if (pl.status === 'revoked') revoked.push({ serialHex: cert.serialHex, revokedAt: now, reason: 'keyCompromise' });
  }

  const thisUpdate = now;
  const nextUpdate = new Date(now.getTime() + crlDays * DAY);
  const crl = issueCrl({ issuer, entries: revoked, thisUpdate, nextUpdate, crlNumber: 1 });
  await writeFileAtomic(path.join(dir, 'crl.pem'), crl.pem, 0o644);
  await writeFileAtomic(path.join(dir, 'crl.der'), crl.der, 0o644);

  const manifest: PkiManifest = PkiManifest.parse({
    format: 'yichuang-demo-pki',
    version: 1,
    createdAt: iso(now),
    keyAlgorithm,
    crlUrl,
    rootCert: 'root.pem',
    crl: {
      pem: 'crl.pem',
      der: 'crl.der',
      crlNumber: 1,
      thisUpdate: iso(thisUpdate),
      nextUpdate: iso(nextUpdate),
      revokedSerials: revoked.map((r) => r.serialHex.toUpperCase()),
    },
    entries,
  });
  // Written last: a pki.json exists only when every file it lists does.
  await writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n', 0o600);
  return manifest;
}

/** Reads and checks DIR/pki.json; every file it lists must exist. */
export async function loadPkiManifest(dir: string): Promise<PkiManifest> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await fs.readFile(manifestPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${manifestPath} 不存在；请先运行 yichuang pki demo ${dir} (not found; run \`yichuang pki demo ${dir}\` first)`, { cause: err });
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${manifestPath} 不是有效的 JSON (is not valid JSON)`);
  }
  const parsed = PkiManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new Error(`${manifestPath} 字段 ${where} 无效：${issue?.message ?? ''} (invalid field ${where})`);
  }
  const m = parsed.data;
  const missing: string[] = [];
  for (const f of manifestFiles(m)) if (!(await exists(path.join(dir, f)))) missing.push(f);
  if (missing.length > 0) {
    throw new Error(`${dir} 中缺少文件：${missing.join(', ')}；请用 --force 重新生成 (missing files; regenerate with --force)`);
  }
  return m;
}

export interface EnsureDemoPkiOptions extends CreateDemoPkiOptions {
  /** Re-issue the CRL when less than this much time is left before nextUpdate (ms); default 1 day. */
  crlRefreshMarginMs?: number;
}

/**
 * The demo PKI in `dir`: created on first use, otherwise loaded. A CRL about to expire is
 * re-issued from the root's PKCS#12 (same revoked serials, CRL number + 1).
 */
export async function ensureDemoPki(dir: string, opts: EnsureDemoPkiOptions = {}): Promise<PkiManifest> {
  if (!(await exists(path.join(dir, MANIFEST_FILE)))) return createDemoPki(dir, { ...opts, force: false });
  const m = await loadPkiManifest(dir);
  const now = opts.now ?? new Date();
  const margin = opts.crlRefreshMarginMs ?? DAY;
  if (new Date(m.crl.nextUpdate).getTime() - now.getTime() > margin) return m;
  return refreshDemoCrl(dir, m, now, opts.crlDays ?? 7);
}

async function refreshDemoCrl(dir: string, m: PkiManifest, now: Date, crlDays: number): Promise<PkiManifest> {
  const rootEntry = m.entries.find((e) => e.role === 'root');
  if (!rootEntry) throw new Error('pki.json 中没有 root 条目 (pki.json has no root entry)');
  const root = readP12(await fs.readFile(path.join(dir, rootEntry.p12)), rootEntry.pin);
  const issuer: Issuer = { certDer: root.certificate, privateKey: root.privateKey };
  const old = parseCrl(await fs.readFile(path.join(dir, m.crl.der)));
  if (!verifyCrlSignature(await fs.readFile(path.join(dir, m.crl.der)), root.certificate)) {
    throw new Error(`${m.crl.der} 不是由根CA签发的 (the CRL is not signed by the root CA)`);
  }
  const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const nextUpdate = new Date(thisUpdate.getTime() + crlDays * DAY);
  const crlNumber = Math.max(m.crl.crlNumber, old.crlNumber ?? 0) + 1;
  const crl = issueCrl({
    issuer,
    entries: old.revoked.map((r) => ({
      serialHex: r.serialHex,
      revokedAt: r.revokedAt,
      reason: reasonName(r.reasonCode),
    })),
    thisUpdate,
    nextUpdate,
    crlNumber,
  });
  await writeFileAtomic(path.join(dir, m.crl.pem), crl.pem, 0o644);
  await writeFileAtomic(path.join(dir, m.crl.der), crl.der, 0o644);
  const next: PkiManifest = { ...m, crl: { ...m.crl, crlNumber, thisUpdate: iso(thisUpdate), nextUpdate: iso(nextUpdate) } };
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(next, null, 2) + '\n', 0o600);
  return next;
}

function reasonName(code: number | null): RevocationReason | undefined {
  const names: Record<number, RevocationReason> = {
    0: 'unspecified',
    1: 'keyCompromise',
    2: 'cACompromise',
    3: 'affiliationChanged',
    4: 'superseded',
    5: 'cessationOfOperation',
    6: 'certificateHold',
    9: 'privilegeWithdrawn',
  };
  return code === null ? undefined : names[code];
}

/** The clerk entry for `clerkId`, or undefined. */
export function findClerk(m: PkiManifest, clerkId: string): PkiEntry | undefined {
  return m.entries.find((e) => e.role === 'clerk' && e.clerkId === clerkId);
}

/** The window seal entry for `windowId`, or undefined. */
export function findWindowSeal(m: PkiManifest, windowId: string): PkiEntry | undefined {
  return m.entries.find((e) => e.role === 'window-seal' && e.windowId === windowId);
}

export function findRole(m: PkiManifest, role: 'root' | 'tsa' | 'province-seal'): PkiEntry {
  const e = m.entries.find((x) => x.role === role);
  if (!e) throw new Error(`pki.json 中没有 ${role} 条目 (pki.json has no ${role} entry)`);
  return e;
}

/** The root certificate as PEM text (for trust stores). */
export async function readRootPem(dir: string, m: PkiManifest): Promise<string> {
  return fs.readFile(path.join(dir, m.rootCert), 'utf8');
}
