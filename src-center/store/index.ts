/**
 * The center's store: opens PostgreSQL (DATABASE_URL) or PGlite (a data directory, or
 * 'memory://'), applies migrations, seeds the demo catalog when empty, and answers the
 * read queries the HTTP routes need. Rows leave this module as src-shared domain types.
 */
import type { CatalogItem, Department, FormField, Material, Region, ServiceWindow } from '../../src-shared/domain/catalog';
import type { CaseType, HandlingForm, ItemType } from '../../src-shared/domain/codes';
import type { Db } from './db';
import { appliedMigrations, migrate, type AppliedMigration } from './migrate';
import { openPostgres } from './pg';
import { openPglite } from './pglite';
import { seedIfEmpty, type SeedResult } from './seed';

export type { Db } from './db';
import type { CalendarYearTable } from '../../src-shared/domain/calendar';

export interface StoreOptions {
  /** postgres://… — use PostgreSQL. */
  databaseUrl?: string;
  /** PGlite data directory, or 'memory://'. Used when databaseUrl is not set. Default 'memory://'. */
  dataDir?: string;
}

export interface CatalogSnapshot {
  version: number;
  items: CatalogItem[];
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** e.g. "pglite data/center" or "postgres 127.0.0.1:5432/yichuang" (no secrets). */
  readonly label: string;
  readonly db: Db;
  /** What happened at open: migrations applied, seed loaded, milliseconds taken. */
  readonly startup: { migrationsApplied: string[]; seed: SeedResult; ms: number };
  catalogVersion(): Promise<number>;
  /**
   * The region's code followed by its ancestors' (county, city, province), or null if
   * the region is unknown.
   */
  regionChain(code: string): Promise<string[] | null>;
  /** Implementations of the given regions, with the version they belong to, read in one snapshot. */
  catalog(regionCodes: readonly string[]): Promise<CatalogSnapshot>;
  provinceCode(): Promise<string>;
  regions(): Promise<Region[]>;
  windows(): Promise<ServiceWindow[]>;
  window(id: string): Promise<ServiceWindow | null>;
  migrations(): Promise<AppliedMigration[]>;
  calendarYears(): Promise<CalendarYearTable[]>;
  /** Adds or replaces one year's calendar. */
  putCalendarYear(table: CalendarYearTable): Promise<void>;
  close(): Promise<void>;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

interface ImplementationJoinRow {
  implementation_code: string;
  item_code: string;
  name: string;
  item_type: string;
  region_code: string;
  region_name: string;
  dept_code: string;
  dept_name: string;
  dept_region: string;
  review_department_codes: string[];
  statutory_days: number;
  promised_days: number;
  case_type: string;
  handling_forms: string[];
  applicant_kinds: Array<'person' | 'organisation'>;
  fee: CatalogItem['fee'];
  conditions: string;
  legal_basis: string;
  form_fields: FormField[];
  cross_region: boolean;
  updated_at: Date | string;
  [k: string]: unknown;
}

interface MaterialRow {
  item_code: string;
  id: string;
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  tolerable: boolean;
  description: string | null;
  licence_type: string | null;
  [k: string]: unknown;
}

const CATALOG_SQL = `
SELECT im.implementation_code, im.item_code, i.name, i.item_type,
       im.region_code, r.name AS region_name,
       d.code AS dept_code, d.name AS dept_name, d.region_code AS dept_region,
       im.review_department_codes, i.statutory_days, im.promised_days, i.case_type,
       i.handling_forms, i.applicant_kinds, i.fee, i.conditions, i.legal_basis, i.form_fields,
       im.cross_region, im.updated_at
  FROM implementations im
  JOIN items i       ON i.item_code = im.item_code
  JOIN regions r     ON r.code = im.region_code
  JOIN departments d ON d.code = im.department_code
 WHERE im.region_code = ANY($1::text[]) AND im.status = 'active'
 ORDER BY CASE r.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, im.item_code`;

class SqlStore implements Store {
  constructor(
    readonly db: Db,
    readonly label: string,
    readonly startup: Store['startup'],
  ) {}

  get kind(): Store['kind'] {
    return this.db.kind;
  }

  async calendarYears(): Promise<CalendarYearTable[]> {
    const rows = await this.db.query<{ year: number; holidays: unknown; workdays: unknown; source: string | null }>(
      'SELECT year, holidays, workdays, source FROM calendar_years ORDER BY year',
    );
    const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[]));
    return rows.map((r) => ({ year: r.year, holidays: json(r.holidays), workdays: json(r.workdays), ...(r.source ? { source: r.source } : {}) }));
  }

  async putCalendarYear(t: CalendarYearTable): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_years (year, holidays, workdays, source, updated_at) VALUES ($1, $2::jsonb, $3::jsonb, $4, now())
       ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, source = EXCLUDED.source, updated_at = now()`,
      [t.year, JSON.stringify(t.holidays), JSON.stringify(t.workdays), t.source ?? null],
    );
  }

  async catalogVersion(): Promise<number> {
    const [row] = await this.db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM catalog_version');
    return row?.v ?? 0;
  }

  async regionChain(code: string): Promise<string[] | null> {
    const rows = await this.db.query<{ code: string; depth: number }>(
      `WITH RECURSIVE chain(code, parent_code, depth) AS (
         SELECT code, parent_code, 0 FROM regions WHERE code = $1
         UNION ALL
         SELECT r.code, r.parent_code, c.depth + 1 FROM regions r JOIN chain c ON r.code = c.parent_code
       ) SELECT code, depth FROM chain ORDER BY depth`,
      [code],
    );
    return rows.length ? rows.map((r) => r.code.trim()) : null;
  }

  async provinceCode(): Promise<string> {
    const [row] = await this.db.query<{ code: string }>('SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1');
    if (!row) throw new Error('store: no province in regions');
    return row.code.trim();
  }

  async catalog(regionCodes: readonly string[]): Promise<CatalogSnapshot> {
    return this.db.transaction(async (tx) => {
      if (tx.kind === 'postgres') await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [ver] = await tx.query<{ v: number | null }>('SELECT max(version)::int AS v FROM catalog_version');
      const rows = await tx.query<ImplementationJoinRow>(CATALOG_SQL, [regionCodes]);
      const itemCodes = [...new Set(rows.map((r) => r.item_code))];
      const deptCodes = [...new Set(rows.flatMap((r) => r.review_department_codes))];
      const [materials, depts] = await Promise.all([
        itemCodes.length
          ? tx.query<MaterialRow>(
              `SELECT item_code, id, name, originals, copies, required, tolerable, description, licence_type
                 FROM materials WHERE item_code = ANY($1::text[]) ORDER BY item_code, position`,
              [itemCodes],
            )
          : Promise.resolve([] as MaterialRow[]),
        deptCodes.length
          ? tx.query<{ code: string; name: string; region_code: string }>(
              'SELECT code, name, region_code FROM departments WHERE code = ANY($1::text[])',
              [deptCodes],
            )
          : Promise.resolve([]),
      ]);
      const materialsByItem = new Map<string, Material[]>();
      for (const m of materials) {
        const list = materialsByItem.get(m.item_code) ?? [];
        const mat: Material = {
          id: m.id,
          name: m.name,
          originals: m.originals,
          copies: m.copies,
          required: m.required,
          tolerable: m.tolerable,
        };
        if (m.description != null) mat.description = m.description;
        if (m.licence_type != null) mat.licenceType = m.licence_type;
        list.push(mat);
        materialsByItem.set(m.item_code, list);
      }
      const deptByCode = new Map<string, Department>(
        depts.map((d) => [d.code, { code: d.code, name: d.name, regionCode: d.region_code.trim() }]),
      );
      const items = rows.map((r): CatalogItem => ({
        implementationCode: r.implementation_code,
        itemCode: r.item_code,
        name: r.name,
        itemType: r.item_type as ItemType,
        regionCode: r.region_code.trim(),
        regionName: r.region_name,
        department: { code: r.dept_code, name: r.dept_name, regionCode: r.dept_region.trim() },
        reviewDepartments: r.review_department_codes.map((c) => {
          const d = deptByCode.get(c);
          if (!d) throw new Error(`store: implementation ${r.implementation_code} names unknown department ${c}`);
          return d;
        }),
        statutoryDays: r.statutory_days,
        promisedDays: r.promised_days,
        caseType: r.case_type as CaseType,
        handlingForms: r.handling_forms as HandlingForm[],
        applicantKinds: r.applicant_kinds,
        fee: r.fee,
        conditions: r.conditions,
        legalBasis: r.legal_basis,
        materials: materialsByItem.get(r.item_code) ?? [],
        formFields: r.form_fields,
        crossRegion: r.cross_region,
        updatedAt: iso(r.updated_at),
      }));
      return { version: ver?.v ?? 0, items };
    });
  }

  async regions(): Promise<Region[]> {
    const rows = await this.db.query<{ code: string; name: string; parent_code: string | null; level: Region['level'] }>(
      `SELECT code, name, parent_code, level FROM regions
        ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, code`,
    );
    return rows.map((r) => ({ code: r.code.trim(), name: r.name, parentCode: r.parent_code?.trim() ?? null, level: r.level }));
  }

  private async loadWindows(where: string, params: unknown[]): Promise<ServiceWindow[]> {
    const rows = await this.db.query<{ id: string; name: string; region_code: string; center_name: string; address: string | null }>(
      `SELECT id, name, region_code, center_name, address FROM windows WHERE active ${where} ORDER BY region_code, id`,
      params,
    );
    if (!rows.length) return [];
    const clerks = await this.db.query<{ id: string; window_id: string; name: string }>(
      'SELECT id, window_id, name FROM clerks WHERE active AND window_id = ANY($1::text[]) ORDER BY window_id, position, id',
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => {
      const w: ServiceWindow = {
        id: r.id,
        name: r.name,
        regionCode: r.region_code.trim(),
        centerName: r.center_name,
        clerks: clerks.filter((c) => c.window_id === r.id).map((c) => ({ id: c.id, name: c.name })),
      };
      if (r.address != null) w.address = r.address;
      return w;
    });
  }

  windows(): Promise<ServiceWindow[]> {
    return this.loadWindows('', []);
  }

  async window(id: string): Promise<ServiceWindow | null> {
    const [w] = await this.loadWindows('AND id = $1', [id]);
    return w ?? null;
  }

  migrations(): Promise<AppliedMigration[]> {
    return appliedMigrations(this.db);
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}

/** Opens the store, migrates, seeds when empty. */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const t0 = performance.now();
  const db = opts.databaseUrl ? openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir ?? 'memory://');
  try {
    const migrationsApplied = await migrate(db);
    const seed = await seedIfEmpty(db);
    return new SqlStore(db, db.label, { migrationsApplied, seed, ms: Math.round(performance.now() - t0) });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
