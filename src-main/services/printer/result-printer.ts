/**
 * The print path of remote result printing: list printers; check a result; print it —
 * which re-verifies in main (never trusting the page), applies the reprint rule
 * (src-shared/domain/printing.ts) against main's own journal as well as the page's count,
 * prints the exact verified bytes, and journals the print or the refusal.
 */
import { checkPrintRequest } from '../../../src-shared/domain/printing';
import { DomainRuleError } from '../../../src-shared/domain/errors';
import type { PrinterList, ResultCheck, ResultPrintArgs, ResultPrintOutcome } from '../../../src-shared/protocol/clerk-results';
import { PrintJournal } from './journal';
import { checkResultPdf, type ResultVerifyOptions, type TrustSource } from './result-verifier';
import { PrinterError, type PrinterBackend, type PrinterInfo } from './types';

export const BROWSER_PRINTER_ID = 'browser';

export interface ResultPrintServiceOptions {
  backends: readonly PrinterBackend[];
  /** The province root and CRL (main's PkiCache). */
  trust?: TrustSource;
  journalFile: string;
  /** Offer the page's own print (browser mode): main verifies and journals, the page prints. */
  pagePrint?: boolean;
  verify?: ResultVerifyOptions;
  now?: () => Date;
}

export class ResultPrintService {
  private readonly journal: PrintJournal;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ResultPrintServiceOptions) {
    this.journal = new PrintJournal(o.journalFile);
  }

  get journalFile(): string {
    return this.journal.file;
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Every backend's printers; a queue both CUPS and Electron know is listed once (CUPS). */
  async printers(): Promise<PrinterList> {
    const lists = await Promise.all(this.o.backends.map((b) => b.list().catch(() => [] as PrinterInfo[])));
    const seen = new Set<string>();
    const printers: PrinterInfo[] = [];
    for (const p of lists.flat().sort((a, b) => rank(a) - rank(b))) {
      const key = p.kind === 'cups' || p.kind === 'electron' ? `q:${p.name}` : p.id;
      if (seen.has(key)) continue;
      seen.add(key);
      printers.push(p);
    }
    if (this.o.pagePrint) printers.push({ id: BROWSER_PRINTER_ID, name: '浏览器打印', kind: 'browser', isDefault: false, detail: '由浏览器的打印对话框打印预览 (the browser prints the preview)' });
    return { printers };
  }

  check(pdf: Uint8Array, sha256: string): Promise<ResultCheck> {
    return checkResultPdf(pdf, sha256, this.o.trust, this.o.verify);
  }

  /** One print at a time, so two clicks never both count as the first print. */
  print(args: ResultPrintArgs): Promise<ResultPrintOutcome> {
    const run = this.queue.then(() => this.printNow(args));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async printNow(a: ResultPrintArgs): Promise<ResultPrintOutcome> {
    const previous = Math.max(a.previousPrints, await this.journal.printsOf(a.resultId));
    const rule = checkPrintRequest({ previousPrints: previous, copies: a.copies, reason: a.reason });
    if (!rule.ok) throw new DomainRuleError(rule.field, rule.rule, rule.message);

    const base = { at: this.now().toISOString(), resultId: a.resultId, sha256: a.sha256, caseNumber: a.caseNumber };
    const check = await this.check(a.pdf, a.sha256);
    if (!check.ok) {
      await this.journal.append({ ...base, outcome: 'refused', code: check.code, printerId: a.printerId });
      return { ok: false, stage: 'verify', code: check.code, reason: check.reason, problems: check.problems };
    }

    const { printers } = await this.printers();
    const printer = printers.find((p) => p.id === a.printerId);
    if (!printer) return { ok: false, stage: 'printer', code: 'unknown_printer', reason: `没有打印机 ${a.printerId}，请重新选择 (unknown printer)`, problems: [] };
    let done: { jobId?: string; files?: string[] } = {};
    if (printer.kind !== 'browser') {
      const backend = this.o.backends.find((b) => b.kind === printer.kind);
      try {
        if (!backend) throw new PrinterError('unknown_printer', `没有打印机 ${a.printerId} (unknown printer)`);
        done = await backend.print(printer.id, { pdf: a.pdf, copies: a.copies, title: `${a.title} ${a.caseNumber}`.trim(), name: `${a.caseNumber}-${a.resultId.slice(0, 8)}` });
      } catch (err) {
        const code = err instanceof PrinterError ? err.code : 'printer_failed';
        await this.journal.append({ ...base, outcome: 'failed', code, printerId: printer.id, printerName: printer.name, copies: a.copies });
        return { ok: false, stage: 'printer', code, reason: (err as Error).message, problems: [] };
      }
    }
    const printedAt = this.now().toISOString();
    await this.journal.append({
      ...base,
      at: printedAt,
      outcome: 'printed',
      printerId: printer.id,
      printerName: printer.name,
      copies: a.copies,
      reprint: rule.reprint,
      ...(rule.reason ? { reason: rule.reason } : {}),
      ...(done.jobId ? { jobId: done.jobId } : {}),
    });
    return {
      ok: true,
      printerId: printer.id,
      printerName: printer.name,
      kind: printer.kind,
      copies: a.copies,
      printedAt,
      reprint: rule.reprint,
      ...(rule.reason ? { reason: rule.reason } : {}),
      ...(done.jobId ? { jobId: done.jobId } : {}),
      ...(done.files ? { files: done.files } : {}),
      pagePrints: printer.kind === 'browser',
      verified: check,
    };
  }
}

/** Real printers first (the default first of all), then the directory printer. */
function rank(p: PrinterInfo): number {
  if (p.isDefault) return 0;
  return { cups: 1, electron: 2, directory: 3, browser: 4 }[p.kind];
}
