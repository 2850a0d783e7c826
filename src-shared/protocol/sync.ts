/**
 * The client <-> center contract. Both the center (route schemas, OpenAPI) and the
 * window (response validation) use these schemas; nothing else crosses that line.
 */
import { z } from 'zod';
import { CatalogItem, Region, ServiceWindow } from '../domain/catalog';
import { RegionCode } from '../domain/codes';
import { CaseEvent, Sha256Hex } from '../domain/event-chain';
import { DeviceId } from '../domain/case-number';
import { CalendarYearTable } from '../domain/calendar';

export const SYNC_SCHEMA_VERSION = 1;
/** Header every client sends; the center answers 426 to versions it no longer speaks. */
export const SCHEMA_VERSION_HEADER = 'x-yichuang-schema';

export const Health = z.object({
  status: z.literal('ok'),
  service: z.literal('yichuang-center'),
  version: z.string(),
  store: z.enum(['pglite', 'postgres']),
  time: z.string(),
});
export type Health = z.infer<typeof Health>;

export const CatalogQuery = z.object({
  /** The window's region: the catalog holds that region's, its city's and the province's implementations. */
  region: RegionCode.optional(),
  /** The version the client already holds; if current, the center answers with no items. */
  since: z.coerce.number().int().min(0).optional(),
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const CatalogResponse = z.object({
  version: z.number().int().min(1),
  regionCode: RegionCode.nullable(),
  generatedAt: z.string(),
  /** False when `since` equals the current version: keep what you have. */
  changed: z.boolean(),
  items: z.array(CatalogItem),
});
export type CatalogResponse = z.infer<typeof CatalogResponse>;

export const RegionsResponse = z.object({ regions: z.array(Region) });
export type RegionsResponse = z.infer<typeof RegionsResponse>;

export const WindowsResponse = z.object({ windows: z.array(ServiceWindow) });
export type WindowsResponse = z.infer<typeof WindowsResponse>;

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * One record of the outbox, and of the push: an event of a case's hash-chained log,
 * with a client-generated id (the idempotency key: a resend returns the original
 * result) and the device's own gap-free sequence. Records are append-only; the center
 * never lets one overwrite another. `blobs` names every scan the event refers to, so
 * the center can ask for the missing ones before it applies the record.
 */
export const SyncRecord = z.object({
  id: z.uuid(),
  deviceId: DeviceId,
  deviceSeq: z.number().int().min(1),
  windowId: z.string().min(1).max(64),
  caseId: z.uuid(),
  event: CaseEvent,
  blobs: z.array(Sha256Hex).max(200),
  createdAt: z.iso.datetime({ offset: true }),
});
export type SyncRecord = z.infer<typeof SyncRecord>;

/** Calendar years the center publishes (GET /v1/calendar); the window adds them to its bundled ones. */
export const CalendarResponse = z.object({ years: z.array(CalendarYearTable) });
export type CalendarResponse = z.infer<typeof CalendarResponse>;
