/** The working-day calendar for deadlines: bundled years plus the center's, live. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { WorkingCalendar } from '../../src-shared/domain/calendar';
import { getMeta } from '../db/meta';
import { useServices } from './services';

export function useWorkingCalendar(): WorkingCalendar {
  const { db, calendar } = useServices();
  const published = useLiveQuery(() => getMeta(db, 'calendarYears'), [db]);
  return calendar.calendarFrom(published ?? []);
}
