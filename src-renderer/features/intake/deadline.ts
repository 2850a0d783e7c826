/**
 * The due date an acceptance would get (rule 4): working days from the day after
 * acceptance, from the loaded calendar (bundled years plus the center's, see
 * app/useWorkingCalendar). A year with no calendar is never guessed: the
 * due date is then pending, naming the year.
 */
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import type { DecisionKind } from '../../../src-shared/domain/case';
import { CalendarYearMissing, type WorkingCalendar } from '../../../src-shared/domain/calendar';
import { dueDate } from '../../../src-shared/domain/deadlines';

export type DuePreview = { kind: 'none' } | { kind: 'date'; date: string; workingDays: number } | { kind: 'pending'; year: number };

/** Decisions that start (or, for an immediate case, end) the clock. */
export function decisionHasDueDate(kind: DecisionKind): boolean {
  return kind === 'accept' || kind === 'accept-with-gap' || kind === 'complete';
}

export function previewDueDate(
  kind: DecisionKind,
  item: Pick<CatalogItem, 'promisedDays' | 'reviewDepartments' | 'caseType'>,
  acceptedOn: string,
  cal: WorkingCalendar,
): DuePreview {
  if (!decisionHasDueDate(kind)) return { kind: 'none' };
  const promisedDays = kind === 'complete' || item.caseType === '1' ? 0 : item.promisedDays;
  try {
    const date = dueDate({ acceptedOn, promisedDays, jointHandling: item.reviewDepartments.length > 1, pauses: [], extensions: [] }, cal);
    return date ? { kind: 'date', date, workingDays: promisedDays } : { kind: 'none' };
  } catch (e) {
    if (e instanceof CalendarYearMissing) return { kind: 'pending', year: e.year };
    throw e;
  }
}
