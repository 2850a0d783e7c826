/**
 * The shared zod schemas, named for the OpenAPI document (components/schemas). A
 * registry of the center's own, so src-shared's schema objects stay untouched.
 */
import { z } from 'zod';
import { CatalogItem, Department, FormField, Material, Region, ServiceWindow } from '../../src-shared/domain/catalog';
import { CalendarResponse, CatalogResponse, ErrorBody, Health, RegionsResponse, WindowsResponse } from '../../src-shared/protocol/sync';
import { CalendarYearTable } from '../../src-shared/domain/calendar';

/** Same shape as fastify-type-provider-zod's SchemaRegistryMeta. */
type Meta = { id?: string | undefined; [key: string]: unknown };

export const schemaRegistry = z.registry<Meta>();

for (const [id, schema] of Object.entries({
  Department,
  Material,
  FormField,
  CatalogItem,
  Region,
  ServiceWindow,
  Health,
  CatalogResponse,
  RegionsResponse,
  WindowsResponse,
  CalendarYearTable,
  CalendarResponse,
  ErrorBody,
})) {
  schemaRegistry.add(schema, { id });
}

/** Error responses a route may give, for its schema.response (all ErrorBody). */
export function errors(...codes: Array<400 | 401 | 403 | 404 | 426 | 500>): Record<number, typeof ErrorBody> {
  return Object.fromEntries(codes.map((c) => [c, ErrorBody]));
}
