/**
 * The print service of a host, configured from the environment:
 *
 *   YICHUANG_PRINT_DIR             where the directory printer 另存为PDF writes (default <data dir>/prints)
 *   YICHUANG_CUPS                  `0` ignores CUPS queues even where lp is installed
 *   YICHUANG_PROVINCE_SEAL_SHA256  SHA-256 (hex, comma-separated) of the province seal certificate(s):
 *                                  only these may seal a printable result; unset = the subject rule
 *                                  of result-verifier.ts
 *
 * Electron adds its own printers (src-main/electron/printing.ts) as `extraBackends`.
 */
import path from 'node:path';
import { CupsPrinters } from './cups-printer';
import { DirectoryPrinter } from './directory-printer';
import { ResultPrintService } from './result-printer';
import type { TrustSource } from './result-verifier';
import type { PrinterBackend } from './types';

export interface SetupPrintingOptions {
  dataDir: string;
  trust?: TrustSource;
  /** Offer the page's own print (browser mode). */
  pagePrint?: boolean;
  extraBackends?: PrinterBackend[];
  env?: NodeJS.ProcessEnv;
}

export function setupPrinting(o: SetupPrintingOptions): ResultPrintService {
  const env = o.env ?? process.env;
  const dir = path.resolve(env.YICHUANG_PRINT_DIR || path.join(o.dataDir, 'prints'));
  const backends: PrinterBackend[] = [new DirectoryPrinter(dir)];
  if (env.YICHUANG_CUPS !== '0') backends.push(new CupsPrinters());
  backends.push(...(o.extraBackends ?? []));
  const pins = (env.YICHUANG_PROVINCE_SEAL_SHA256 ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => /^[0-9a-f]{64}$/.test(s));
  return new ResultPrintService({
    backends,
    ...(o.trust ? { trust: o.trust } : {}),
    journalFile: path.join(o.dataDir, 'print-journal.jsonl'),
    ...(o.pagePrint ? { pagePrint: true } : {}),
    verify: { provinceSealSha256: pins },
  });
}
