import { useEffect, useState } from 'react';
import { localDate } from './countdown';

/** Today's local date (YYYY-MM-DD), updated when the day changes while the page is open. */
export function useToday(): string {
  const [today, setToday] = useState(() => localDate(new Date()));
  useEffect(() => {
    const timer = window.setInterval(() => {
      const now = localDate(new Date());
      setToday((prev) => (prev === now ? prev : now));
    }, 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return today;
}
