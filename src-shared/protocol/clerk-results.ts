/**
 * The printing part of the clerk-api (renderer <-> main): remote result printing (rule 14).
 *
 * Main never trusts the page: `results:print` takes the PDF's bytes and the SHA-256 the
 * province published for it, and main itself checks the bytes against it, every signature,
 * the chain to the province root, revocation, and that the province seal signed it, before
 * anything reaches a printer. A refusal is an answer (`ok: false`, a code and the reason the
 * clerk reads), not an exception; a broken rule of the request itself (a reprint without a
 * reason) is a bad_args error naming the field.
 */
import { z } from 'zod';
import { Sha256Hex } from '../domain/event-chain';
import { MAX_PRINT_COPIES, REPRINT_REASON_MAX } from '../domain/printing';

const Pdf = z
  .instanceof(Uint8Array)
  .refine((b) => b.length > 0 && b.length <= 10 * 1024 * 1024, 'PDF 须为 1 字节至 10 MB (pdf: 1 byte to 10 MB)');

export const PrinterKind = z.enum(['directory', 'cups', 'electron', 'browser']);
export type PrinterKind = z.infer<typeof PrinterKind>;

export const PrinterInfo = z.object({
  /** `dir:save-as-pdf`, `cups:<queue>`, `electron:<name>` or `browser`. */
  id: z.string().min(1).max(300),
  /** What the clerk sees (另存为PDF, the queue's name…). */
  name: z.string().max(300),
  kind: PrinterKind,
  isDefault: z.boolean(),
  /** Where a directory printer writes, a queue's description… */
  detail: z.string().max(500).optional(),
});
export type PrinterInfo = z.infer<typeof PrinterInfo>;

export const PrinterList = z.object({ printers: z.array(PrinterInfo) });
export type PrinterList = z.infer<typeof PrinterList>;

/** Why main will not print a result. */
export const PrintRefusalCode = z.enum([
  /** The bytes differ from what the province published, or a signed byte was changed: 文件已被改动. */
  'tampered',
  /** A signature's certificate does not chain to the province root. */
  'untrusted-root',
  /** A signer's certificate is revoked. */
  'revoked',
  /** No current CRL: revocation cannot be confirmed (fails closed). */
  'revocation-unknown',
  /** A certificate was outside its validity, or not fit for signing. */
  'certificate',
  /** The document is not signed (by anyone). */
  'unsigned',
  /** Signed, but not by the province seal (a window's or a clerk's certificate…). */
  'not-province-seal',
  /** The province root or CRL could not be had on this PC. */
  'trust-unavailable',
  /** Signatures otherwise invalid (unreadable CMS, unsupported format). */
  'invalid',
]);
export type PrintRefusalCode = z.infer<typeof PrintRefusalCode>;

export const ResultVerified = z.object({
  ok: z.literal(true),
  /** The province seal's common name and organisation. */
  signer: z.string(),
  organisation: z.string().nullable(),
  signedAt: z.string().nullable(),
  timestamped: z.boolean(),
  signatures: z.number().int().min(1),
});
export type ResultVerified = z.infer<typeof ResultVerified>;

export const ResultRefused = z.object({
  ok: z.literal(false),
  code: PrintRefusalCode,
  /** One sentence for the clerk, Chinese first. */
  reason: z.string(),
  /** Every problem the verifier found. */
  problems: z.array(z.string()),
});
export type ResultRefused = z.infer<typeof ResultRefused>;

export const ResultCheck = z.discriminatedUnion('ok', [ResultVerified, ResultRefused]);
export type ResultCheck = z.infer<typeof ResultCheck>;

export const ResultCheckArgs = z.object({ pdf: Pdf, sha256: Sha256Hex }).strict();

export const ResultPrintArgs = z
  .object({
    pdf: Pdf,
    /** The SHA-256 the province published for this result (ResultInfo.sha256). */
    sha256: Sha256Hex,
    resultId: z.uuid(),
    caseNumber: z.string().min(1).max(50),
    title: z.string().max(200),
    printerId: z.string().min(1).max(300),
    copies: z.number().int().min(1, '打印份数至少 1 份 (copies ≥ 1)').max(MAX_PRINT_COPIES, `打印份数最多 ${MAX_PRINT_COPIES} 份 (copies ≤ ${MAX_PRINT_COPIES})`),
    /** Prints of this result the window's log holds (main also counts its own journal). */
    previousPrints: z.number().int().min(0).max(100_000),
    reason: z.string().max(REPRINT_REASON_MAX).optional(),
  })
  .strict();
export type ResultPrintArgs = z.infer<typeof ResultPrintArgs>;

export const ResultPrinted = z.object({
  ok: z.literal(true),
  printerId: z.string(),
  printerName: z.string(),
  kind: PrinterKind,
  copies: z.number().int().min(1),
  printedAt: z.iso.datetime({ offset: true }),
  reprint: z.boolean(),
  reason: z.string().optional(),
  /** The print queue's job id, when there is one. */
  jobId: z.string().optional(),
  /** Files a directory printer wrote (one per copy). */
  files: z.array(z.string()).optional(),
  /** `browser`: verified and logged by main; the page now prints its preview. */
  pagePrints: z.boolean(),
  verified: ResultVerified,
});
export type ResultPrinted = z.infer<typeof ResultPrinted>;

export const PrintFailed = z.object({
  ok: z.literal(false),
  /** verify: refused by the checks (nothing printed); printer: the printer failed. */
  stage: z.enum(['verify', 'printer']),
  code: z.string(),
  reason: z.string(),
  problems: z.array(z.string()),
});
export type PrintFailed = z.infer<typeof PrintFailed>;

export const ResultPrintOutcome = z.discriminatedUnion('ok', [ResultPrinted, PrintFailed]);
export type ResultPrintOutcome = z.infer<typeof ResultPrintOutcome>;

/** The channels, for clerk-api.ts to spread into its table. */
export const clerkResultsApi = {
  /** The printers this PC can print to (the directory printer 另存为PDF is always there). */
  'printers:list': { args: z.object({}).strict(), result: PrinterList },
  /** Verify a result as the print path will (bytes vs published SHA-256, signatures, root, CRL, province seal). */
  'results:check': { args: ResultCheckArgs, result: ResultCheck },
  /** Verify again in main, then print and journal; refuses with the reason on any failure. */
  'results:print': { args: ResultPrintArgs, result: ResultPrintOutcome },
} as const;
