/**
 * Loads the demo data (src-center/store/seed/) into an empty catalog: regions,
 * departments, items, materials, implementations, windows, clerks and catalog
 * version 1 — in one transaction under an advisory lock, so it happens once even when
 * two centers start together, and never on a database that already has a catalog.
 */
import type { Db } from './db';
import { FREE } from './seed/helpers';
import { buildSeed, WINDOWS } from './seed/index';

export const SEED_LOCK_KEY = 0x5943_5344; // "YCSD"

/** INSERT … SELECT FROM jsonb_to_recordset: one round trip per table, whatever the size. */
async function bulkInsert(
  tx: Db,
  table: string,
  columns: Record<string, string>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((c) => `${c} ${columns[c]}`).join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

export interface SeedResult {
  seeded: boolean;
  items: number;
  implementations: number;
}

export async function seedIfEmpty(db: Db): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [SEED_LOCK_KEY]);
    const [present] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM items');
    if ((present?.n ?? 0) > 0) return { seeded: false, items: 0, implementations: 0 };

    const data = buildSeed();
    await tx.query(`INSERT INTO catalog_version (version, note) VALUES (1, '演示目录（河北省）初始版本')`);

    await bulkInsert(
      tx,
      'regions',
      { code: 'text', name: 'text', parent_code: 'text', level: 'text' },
      data.regions.map((r) => ({ code: r.code, name: r.name, parent_code: r.parentCode, level: r.level })),
    );
    await bulkInsert(
      tx,
      'departments',
      { code: 'text', name: 'text', region_code: 'text', kind: 'text' },
      data.departments.map((d) => ({ code: d.code, name: d.name, region_code: d.regionCode, kind: d.kind })),
    );
    await bulkInsert(
      tx,
      'items',
      {
        item_code: 'text',
        name: 'text',
        item_type: 'text',
        levels: 'jsonb',
        department_kind: 'text',
        review_department_kinds: 'jsonb',
        statutory_days: 'int',
        promised_days: 'int',
        case_type: 'text',
        handling_forms: 'jsonb',
        applicant_kinds: 'jsonb',
        fee: 'jsonb',
        conditions: 'text',
        legal_basis: 'text',
        form_fields: 'jsonb',
        cross_region: 'boolean',
      },
      data.items.map((it) => ({
        item_code: it.itemCode,
        name: it.name,
        item_type: it.type,
        levels: it.levels,
        department_kind: it.dept,
        review_department_kinds: it.reviewers ?? [it.dept],
        statutory_days: it.statutory,
        promised_days: it.promised,
        case_type: it.caseType,
        handling_forms: it.handling ?? ['1', '2'],
        applicant_kinds: it.applicants,
        fee: it.fee ?? FREE,
        conditions: it.conditions,
        legal_basis: it.legalBasis,
        form_fields: it.form,
        cross_region: it.crossRegion ?? false,
      })),
    );
    await bulkInsert(
      tx,
      'materials',
      {
        item_code: 'text',
        id: 'text',
        position: 'int',
        name: 'text',
        originals: 'int',
        copies: 'int',
        required: 'boolean',
        tolerable: 'boolean',
        description: 'text',
        licence_type: 'text',
      },
      data.items.flatMap((it) =>
        it.materials.map((m, position) => ({
          item_code: it.itemCode,
          id: m.id,
          position,
          name: m.name,
          originals: m.originals,
          copies: m.copies,
          required: m.required,
          tolerable: m.tolerable,
          description: m.description ?? null,
          licence_type: m.licenceType ?? null,
        })),
      ),
    );
    await bulkInsert(
      tx,
      'implementations',
      {
        implementation_code: 'text',
        item_code: 'text',
        region_code: 'text',
        department_code: 'text',
        review_department_codes: 'jsonb',
        promised_days: 'int',
        cross_region: 'boolean',
        catalog_version: 'int',
      },
      data.implementations.map((im) => ({
        implementation_code: im.implementationCode,
        item_code: im.itemCode,
        region_code: im.regionCode,
        department_code: im.departmentCode,
        review_department_codes: im.reviewDepartmentCodes,
        promised_days: im.promisedDays,
        cross_region: im.crossRegion,
        catalog_version: 1,
      })),
    );
    await bulkInsert(
      tx,
      'windows',
      { id: 'text', name: 'text', region_code: 'text', center_name: 'text', address: 'text' },
      WINDOWS.map((w) => ({ id: w.id, name: w.name, region_code: w.regionCode, center_name: w.centerName, address: w.address ?? null })),
    );
    await bulkInsert(
      tx,
      'clerks',
      { id: 'text', window_id: 'text', name: 'text', position: 'int' },
      WINDOWS.flatMap((w) => w.clerks.map((c, position) => ({ id: c.id, window_id: w.id, name: c.name, position }))),
    );
    return { seeded: true, items: data.items.length, implementations: data.implementations.length };
  });
}
