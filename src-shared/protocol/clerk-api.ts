/**
 * The clerk-api: every call the renderer may make of the main process.
 *
 * One contract, three bindings (Electron IPC, browser-mode HTTP host, tests). Both sides
 * validate with these schemas: the renderer before sending, main before acting and the
 * renderer again on the result. Channel names are `domain:verb`; the allow-list is the
 * key set of `clerkApi`, nothing else is ever bound.
 */
import { z } from 'zod';
import { CLERK_CHANNELS, type ChannelName } from './clerk-channels';
import { clerkSyncApi } from './clerk-sync';
import { clerkResultsApi } from './clerk-results';
import { clerkLoginApi } from './clerk-login';
import { clerkUpdatesApi } from './clerk-updates';
import { OfflineLoginDays } from '../domain/login';
import { IsoDate } from '../domain/dates';
import { mod11_2Valid } from '../domain/identifiers/mod11-2';
import { Case } from '../domain/case';
import { RegionCode } from '../domain/codes';

export const CLERK_API_VERSION = 1;

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

const HttpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, '必须是 http:// 或 https:// 开头的地址 (must be an http(s) URL)');

/** Window settings kept by main on disk. */
export const Settings = z.object({
  locale: Locale,
  centerUrl: HttpUrl,
  /** Which service window this counter PC is (demo default until enrollment). */
  windowId: z.string().min(1).max(64),
  /** The clerk working at this PC. */
  clerkId: z.string().min(1).max(64),
  /** Minutes of idle time before the keystore locks. */
  autoLockMinutes: z.number().int().min(1).max(480),
  /** Days after the last online certificate check in which a clerk may still log in offline (0–30; absent = 7). */
  offlineLoginDays: OfflineLoginDays.optional(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const AppInfo = z.object({
  name: z.string(),
  productName: z.string(),
  version: z.string(),
  /** Which binding the renderer is running on. */
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  apiVersion: z.literal(CLERK_API_VERSION),
  /** Where main keeps its data (settings, keystore, logs). */
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const FileFilter = z.object({
  name: z.string().max(100),
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).min(1).max(20),
});

export const OpenFilesArgs = z
  .object({
    title: z.string().max(200).optional(),
    filters: z.array(FileFilter).max(10).optional(),
    multiple: z.boolean().optional(),
    /** Largest accepted file, bytes; default 50 MB. */
    maxBytes: z.number().int().positive().max(200 * 1024 * 1024).optional(),
  })
  .strict();
export type OpenFilesArgs = z.infer<typeof OpenFilesArgs>;

export const PickedFile = z.object({
  name: z.string().max(255),
  mediaType: z.string().max(100),
  size: z.number().int().nonnegative(),
  data: z.instanceof(Uint8Array),
});
export type PickedFile = z.infer<typeof PickedFile>;

export const OpenFilesResult = z.object({
  canceled: z.boolean(),
  files: z.array(PickedFile),
});
export type OpenFilesResult = z.infer<typeof OpenFilesResult>;

export const ReadIdCardArgs = z
  .object({
    /** How long to wait for a card on the reader, ms; main's default is 10 s. */
    timeoutMs: z.number().int().min(500).max(30_000).optional(),
  })
  .strict();
export type ReadIdCardArgs = z.infer<typeof ReadIdCardArgs>;

/**
 * One read of a resident ID card (居民身份证, GA/T 2000.156 code 111) from the counter's
 * reader. Main has checked the number (GB 11643-1999) and that it agrees with the birth
 * date and sex read from the chip.
 */
export const IdCardRead = z.object({
  documentType: z.literal('111'),
  name: z.string().min(1).max(30),
  sex: z.enum(['male', 'female']),
  /** 民族 as printed on the card (汉, 蒙古, …). */
  nation: z.string().min(1).max(20),
  birthDate: IsoDate,
  address: z.string().min(1).max(100),
  idNumber: z
    .string()
    .refine(mod11_2Valid, '公民身份号码校验位错误 (GB 11643-1999 MOD 11-2)'),
  /** 签发机关 */
  issuer: z.string().min(1).max(50),
  validFrom: IsoDate,
  /** YYYY-MM-DD, or 长期 for a card without expiry. */
  validTo: z.union([z.literal('长期'), IsoDate]),
  /** The chip photo as JPEG or PNG bytes, when the reader service supplies it. */
  photo: z
    .instanceof(Uint8Array)
    .refine((b) => b.length <= 1024 * 1024, '照片不能超过 1 MB (photo too large)')
    .optional(),
});
export type IdCardRead = z.infer<typeof IdCardRead>;

/** The written documents a window hands over (DOMAIN.md rule 3). */
export const DocumentKind = z.enum(['acceptance', 'refusal', 'supplement', 'commitment', 'completion']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * Render the decision's document. The refusal reason, the deficiencies, the tolerated
 * gap and its deadline all come from `case.decision`; main adds the document number and
 * the verification code, which the renderer never chooses.
 */
export const RenderDocumentArgs = z
  .object({
    type: DocumentKind,
    case: Case,
    window: z.object({
      id: z.string().min(1).max(64),
      name: z.string().trim().min(1).max(100),
      regionCode: RegionCode,
      centerName: z.string().trim().min(1).max(100),
      address: z.string().max(200).optional(),
    }),
    clerkName: z.string().trim().min(1, '受理人姓名不能为空').max(50),
  })
  .strict();
export type RenderDocumentArgs = z.infer<typeof RenderDocumentArgs>;

export const RenderedDocument = z.object({
  pdf: z.instanceof(Uint8Array),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pages: z.number().int().positive(),
  documentNumber: z.string(),
  verificationCode: z.string(),
  /** Whether the clerk's signature and the window's seal are on it (the signing work). */
  signed: z.boolean(),
  /** Why it is not signed (keystore locked, certificate expired or revoked…), Chinese first. */
  unsignedReason: z.string().optional(),
  /** Whether the signatures carry the center's timestamp (false: to be timestamped later). */
  timestamped: z.boolean().optional(),
});
export type RenderedDocument = z.infer<typeof RenderedDocument>;

/** Verify every signature of a PDF (a result before printing, a document brought in). */
export const VerifyDocumentArgs = z
  .object({ pdf: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= 200 * 1024 * 1024, 'PDF 须为 1 字节至 200 MB (pdf: 1 byte to 200 MB)') })
  .strict();

export const VerifiedSignature = z.object({
  index: z.number().int().positive(),
  fieldName: z.string(),
  /** The signer's common name and organisation, as in the certificate. */
  signer: z.string().nullable(),
  organisation: z.string().nullable(),
  signedAt: z.string().nullable(),
  timestamped: z.boolean(),
  coversWholeDocument: z.boolean(),
  ok: z.boolean(),
  /** Every check that failed and every change made after this signature (Chinese first). */
  problems: z.array(z.string()),
});

export const VerifiedDocument = z.object({
  /** All signatures valid, chained to the province root, not revoked, nothing changed after. */
  ok: z.boolean(),
  signatures: z.array(VerifiedSignature),
  problems: z.array(z.string()),
});
export type VerifiedDocument = z.infer<typeof VerifiedDocument>;

const NoArgs = z.object({}).strict();

/** Whose key a keystore slot holds: the clerk's personal certificate or the window's seal. */
export const KeystoreRole = z.enum(['clerk', 'window-seal']);
export type KeystoreRole = z.infer<typeof KeystoreRole>;

/** What the renderer may know of a certificate (never key material). */
export const CertificateDetails = z.object({
  subject: z.string(),
  commonName: z.string(),
  issuer: z.string(),
  /** Upper-case hex. */
  serial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** keyUsage bits by name (digitalSignature, nonRepudiation…). */
  keyUsage: z.array(z.string()),
  extendedKeyUsage: z.array(z.string()),
  /** SHA-256 of the certificate, lower-case hex. */
  sha256: z.string(),
});
export type CertificateDetails = z.infer<typeof CertificateDetails>;

export const KeystoreSlot = z.object({
  role: KeystoreRole,
  imported: z.boolean(),
  unlocked: z.boolean(),
  certificate: CertificateDetails.optional(),
  /** How the key file is protected at rest. */
  protection: z.enum(['safe-storage', 'pin-scrypt']).optional(),
  /** PIN attempts left before the slot locks for a while. */
  attemptsLeft: z.number().int().nonnegative(),
  /** Wrong PINs locked the slot until then (ISO time). */
  lockedUntil: z.string().optional(),
  /** When the unlocked key locks itself if unused (ISO time). */
  autoLockAt: z.string().optional(),
});
export type KeystoreSlot = z.infer<typeof KeystoreSlot>;

export const KeystoreStatus = z.object({
  slots: z.array(KeystoreSlot),
  /** Both the clerk's key and the window seal are unlocked: documents get signed. */
  canSign: z.boolean(),
});
export type KeystoreStatus = z.infer<typeof KeystoreStatus>;

const Pin = z.string().min(1, 'PIN 不能为空').max(64, 'PIN 最多 64 个字符');

export const KeystoreImportArgs = z
  .object({
    role: KeystoreRole,
    /** The PKCS#12 (.p12/.pfx) file. */
    p12: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= 64 * 1024, 'PKCS#12 文件须为 1 字节至 64 KB (p12 must be 1 byte to 64 KB)'),
    pin: Pin,
  })
  .strict();
export const KeystoreUnlockArgs = z.object({ role: KeystoreRole, pin: Pin }).strict();
export const KeystoreLockArgs = z.object({ role: KeystoreRole.optional() }).strict();

/**
 * The allow-list. Add a call here, then a handler in src-main/clerk-handlers.ts; the
 * Electron preload and the browser host pick it up from this table.
 */
export const clerkApi = {
  'app:info': { args: NoArgs, result: AppInfo },
  'settings:get': { args: NoArgs, result: Settings },
  'settings:set': { args: SettingsPatch, result: Settings },
  /**
   * Pick files from disk. In Electron main shows the native dialog and reads the files;
   * in browser mode the platform client answers it with the browser's file chooser
   * (the host has no screen), with the same limits and result shape.
   */
  'files:open': { args: OpenFilesArgs, result: OpenFilesResult },
  /** Read the resident ID card on the counter's reader (see src-main/services/id-reader). */
  'idcard:read': { args: ReadIdCardArgs, result: IdCardRead },
  /** Render (and, once the keystore is unlocked, sign and seal) a decision's document. */
  'documents:render': { args: RenderDocumentArgs, result: RenderedDocument },
  /** Verify a PDF's signatures against the province root and CRL; fails closed. */
  'documents:verify': { args: VerifyDocumentArgs, result: VerifiedDocument },
  /** The keystore: which certificates are imported and unlocked (details only, never keys). */
  'keystore:status': { args: NoArgs, result: KeystoreStatus },
  /** Import a PKCS#12 with its PIN; kept encrypted at rest, unlocked for this session. */
  'keystore:import': { args: KeystoreImportArgs, result: KeystoreStatus },
  'keystore:unlock': { args: KeystoreUnlockArgs, result: KeystoreStatus },
  'keystore:lock': { args: KeystoreLockArgs, result: KeystoreStatus },
  /** Device enrollment and sync with the center (src-shared/protocol/clerk-sync.ts). */
  ...clerkSyncApi,
  /** Remote result printing: printers, verify, print (src-shared/protocol/clerk-results.ts). */
  ...clerkResultsApi,
  /** Clerk login with the certificate (src-shared/protocol/clerk-login.ts). */
  ...clerkLoginApi,
  /** App updates held while anything is unsent (src-shared/protocol/clerk-updates.ts). */
  ...clerkUpdatesApi,
} as const satisfies Record<ChannelName, { args: z.ZodType; result: z.ZodType }>;

// The table and the allow-list name exactly the same channels (compile-time check both ways).
type _SameKeys = [Exclude<keyof typeof clerkApi, ChannelName>, Exclude<ChannelName, keyof typeof clerkApi>];
const _sameKeys: _SameKeys extends [never, never] ? true : never = true;
void _sameKeys;

export type ClerkApi = typeof clerkApi;
export type Channel = keyof ClerkApi;
export type ArgsOf<C extends Channel> = z.input<ClerkApi[C]['args']>;
export type ResultOf<C extends Channel> = z.output<ClerkApi[C]['result']>;

export const channels: readonly Channel[] = CLERK_CHANNELS;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(clerkApi, name);
}

/** Channels that main answers; the rest are answered inside the renderer in browser mode. */
export const rendererSideInBrowser: ReadonlySet<Channel> = new Set<Channel>(['files:open']);

/** A typed client: one async function per channel. */
export type ClerkClient = { [C in Channel]: (args: ArgsOf<C>) => Promise<ResultOf<C>> };

/** Error shape crossing the boundary: a code, the field at fault and a message. */
export const ApiError = z.object({
  code: z.enum(['bad_args', 'bad_result', 'unknown_channel', 'forbidden', 'failed']),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export class ClerkApiError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ClerkApiError';
  }
  toJSON(): ApiError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

/** Validate arguments for a channel; throws ClerkApiError naming the field and the rule. */
export function parseArgs<C extends Channel>(channel: C, args: unknown): z.output<ClerkApi[C]['args']> {
  const r = clerkApi[channel].args.safeParse(args ?? {});
  if (!r.success) throw fromZod('bad_args', channel, r.error);
  return r.data as z.output<ClerkApi[C]['args']>;
}

export function parseResult<C extends Channel>(channel: C, result: unknown): ResultOf<C> {
  const r = clerkApi[channel].result.safeParse(result);
  if (!r.success) throw fromZod('bad_result', channel, r.error);
  return r.data as ResultOf<C>;
}

function fromZod(code: 'bad_args' | 'bad_result', channel: string, err: z.ZodError): ClerkApiError {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : undefined;
  const what = code === 'bad_args' ? '参数' : '结果';
  return new ClerkApiError(code, `${channel} ${what}无效: ${field ?? '(root)'}: ${issue?.message ?? 'invalid'}`, field);
}
