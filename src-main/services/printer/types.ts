/** What every printer backend offers the print service: list its printers, print a PDF. */
import type { PrinterInfo, PrinterKind } from '../../../src-shared/protocol/clerk-results';

export type { PrinterInfo, PrinterKind };

export interface PrintJob {
  /** The exact, verified bytes to print. */
  pdf: Uint8Array;
  copies: number;
  /** The job's title (result title and case number). */
  title: string;
  /** A plain name for files (the case number, the result id). */
  name: string;
}

export interface PrintDone {
  jobId?: string;
  /** Files written (directory printer). */
  files?: string[];
}

export interface PrinterBackend {
  readonly kind: PrinterKind;
  /** The printers of this backend; none (not an error) when the backend is absent. */
  list(): Promise<PrinterInfo[]>;
  /** Prints on the printer `id` (one this backend listed). Throws PrinterError. */
  print(id: string, job: PrintJob): Promise<PrintDone>;
}

export class PrinterError extends Error {
  constructor(
    /** unknown_printer, bad_printer_name, printer_failed, printer_unavailable */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}

/** A name safe for a file (case numbers, ids): letters, digits, CJK, dot, dash, underscore. */
export function fileSafe(s: string, max = 60): string {
  const out = s.normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._-]+/, '');
  return ([...out].slice(0, max).join('') || 'result').replace(/\.+$/, '');
}
