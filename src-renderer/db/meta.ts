/** Typed access to the key-value `meta` table. */
import type { YichuangDb } from './database';
import type { CalendarYearTable } from '../../src-shared/domain/calendar';

/** Every meta key and the type of its value. */
export interface MetaValues {
  /** Catalog version held (CatalogResponse.version). */
  catalogVersion: number;
  /** Region the cached catalog was fetched for; null = without a region filter. */
  catalogRegion: string | null;
  /** When the cached catalog was last fetched or confirmed current (ISO 8601). */
  catalogFetchedAt: string;
  /** When the center generated the cached catalog (ISO 8601). */
  catalogGeneratedAt: string;
  /** When the windows list was last fetched (ISO 8601). */
  windowsFetchedAt: string;
  /** This device's id in case numbers and sync records (6 characters [0-9A-Z]). */
  deviceId: string;
  /** Last device sequence given to an outbox record (gap-free, never reused). */
  deviceSeq: number;
  /** Calendar years the center publishes (beyond those bundled). */
  calendarYears: CalendarYearTable[];
  /** Last case sequence used on a date: `caseSeq:YYYYMMDD`. */
  [k: `caseSeq:${string}`]: number;
}
export type MetaKey = keyof MetaValues;

export async function getMeta<K extends MetaKey>(db: YichuangDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(db: YichuangDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}
