/**
 * Print a result (rule 14): the page checks what it can (a revoked or missing result, the
 * reprint reason), then hands the stored bytes with their published SHA-256 to main, which
 * verifies them again and prints — or, in browser mode, verifies and lets the page print
 * its preview. Every print is then logged as 'result-printed' (who, when, copies, printer,
 * reprint and reason) — on the case, or in the result log for a result only collected
 * here (resultLedger.ts) — and syncs to the center.
 */
import { DomainRuleError } from '../../../src-shared/domain/errors';
import { checkPrintRequest, printBlocker, PRINT_MESSAGES, RESULT_EVENTS, type ResultPrintedData } from '../../../src-shared/domain/printing';
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';
import type { ResultPrintOutcome } from '../../../src-shared/protocol/clerk-results';
import type { CasesRepository } from '../../db/casesRepository';
import type { ResultLogRepository } from '../../db/resultLogRepository';
import { recordResultEvent } from './resultLedger';
import { resultBytes } from './resultsData';
import type { ResultEntry } from './resultsModel';

export interface PrintDeps {
  clerk: Pick<ClerkClient, 'results:print'>;
  cases: CasesRepository;
  resultLog: ResultLogRepository;
}

export interface PrintChoice {
  printerId: string;
  copies: number;
  reason?: string;
  clerkId: string;
  /** The page's own print of the preview (browser printer): called once main has verified it. */
  pagePrint?: () => void;
}

export async function printResult(d: PrintDeps, e: ResultEntry, c: PrintChoice): Promise<ResultPrintOutcome> {
  const blocked = printBlocker(e.stage);
  if (blocked) throw new DomainRuleError(blocked.field, blocked.rule, blocked.message);
  const rule = checkPrintRequest({ previousPrints: e.history.prints.length, copies: c.copies, reason: c.reason });
  if (!rule.ok) throw new DomainRuleError(rule.field, rule.rule, rule.message);
  const pdf = await resultBytes(d.cases, e);
  if (!pdf) throw new DomainRuleError('pdf', 'rule 14', PRINT_MESSAGES.fileMissing);
  const out = await d.clerk['results:print']({
    pdf,
    sha256: e.info.sha256,
    resultId: e.info.resultId,
    caseNumber: e.info.caseNumber,
    title: e.info.title,
    printerId: c.printerId,
    copies: c.copies,
    previousPrints: e.history.prints.length,
    ...(rule.reason ? { reason: rule.reason } : {}),
  });
  if (!out.ok) return out;
  if (out.pagePrints) c.pagePrint?.();
  const data: ResultPrintedData = {
    resultId: e.info.resultId,
    copies: out.copies,
    printer: out.printerName,
    clerkId: c.clerkId,
    at: out.printedAt,
    reprint: out.reprint,
    ...(out.reason ? { reason: out.reason } : {}),
  };
  await recordResultEvent(d, e, { type: RESULT_EVENTS.printed, at: out.printedAt, actor: c.clerkId, data });
  return out;
}
