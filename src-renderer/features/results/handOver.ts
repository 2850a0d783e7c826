/** Register the hand-over of a printed result (领取登记): who collected it, ID checked in person. */
import { DomainRuleError } from '../../../src-shared/domain/errors';
import { checkHandOver, RESULT_EVENTS, type HandOverInput, type ResultCollectedData, type RuleProblem } from '../../../src-shared/domain/printing';
import { recordResultEvent, type LedgerDeps } from './resultLedger';
import type { ResultEntry } from './resultsModel';

export class HandOverError extends DomainRuleError {
  constructor(readonly problems: RuleProblem[]) {
    super(problems[0]?.field ?? 'collector', problems[0]?.rule ?? 'rule 14', problems.map((p) => p.message).join('；'));
    this.name = 'HandOverError';
  }
}

export async function registerHandOver(
  d: LedgerDeps,
  e: ResultEntry,
  input: Omit<HandOverInput, 'resultId'>,
  ctx: { clerkId: string; today: string; now?: () => Date },
): Promise<ResultCollectedData> {
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const r = checkHandOver({ ...input, resultId: e.info.resultId }, { today: ctx.today, stage: e.stage, at, clerkId: ctx.clerkId });
  if (!r.ok) throw new HandOverError(r.problems);
  await recordResultEvent(d, e, { type: RESULT_EVENTS.collected, at, actor: ctx.clerkId, data: r.value });
  return r.value;
}
