/** Numbers of the sync panel (units are universal; words come from i18n). */
import { formatBytes } from '../../platform/messages';

export { formatBytes };

export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

export function etaParts(seconds: number): { minutes: number; seconds: number } {
  const s = Math.max(0, Math.round(seconds));
  return { minutes: Math.floor(s / 60), seconds: s % 60 };
}
