/**
 * The provincial center, end to end through HTTP (app.inject), on PGlite and — when
 * DATABASE_URL is set — on PostgreSQL: the same assertions on both stores.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenter, type Center } from '../../../src-center/app';
import { loadMigrations } from '../../../src-center/store/migrate';
import { ITEMS, WINDOWS } from '../../../src-center/store/seed/index';
import { CatalogItem } from '../../../src-shared/domain/catalog';
import {
  CatalogResponse,
  ErrorBody,
  Health,
  RegionsResponse,
  SCHEMA_VERSION_HEADER,
  SYNC_SCHEMA_VERSION,
  WindowsResponse,
} from '../../../src-shared/protocol/sync';
import { backends, type Place } from './backends';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIGRATION_NAMES = loadMigrations().map((m) => m.name);

async function get(center: Center, url: string, headers: Record<string, string> = {}) {
  const res = await center.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, body: res.json() as unknown };
}

async function counts(center: Center) {
  const [row] = await center.store.db.query<{ items: number; impls: number; versions: number; windows: number; clerks: number; regions: number }>(
    `SELECT (SELECT count(*)::int FROM items) AS items,
            (SELECT count(*)::int FROM implementations) AS impls,
            (SELECT count(*)::int FROM catalog_version) AS versions,
            (SELECT count(*)::int FROM windows) AS windows,
            (SELECT count(*)::int FROM clerks) AS clerks,
            (SELECT count(*)::int FROM regions) AS regions`,
  );
  return row!;
}

describe.each(backends)('center on $name', (backend) => {
  let place: Place;
  let center: Center;
  let catalog: CatalogResponse;

  beforeAll(async () => {
    place = await backend.fresh();
    center = await createCenter(place.opts);
    const res = await get(center, '/v1/catalog?region=130102');
    expect(res.status).toBe(200);
    catalog = CatalogResponse.parse(res.body);
  });

  afterAll(async () => {
    await center?.close();
    await place?.cleanup();
  });

  it('answers /health with the store it runs on', async () => {
    const res = await get(center, '/health');
    expect(res.status).toBe(200);
    const health = Health.parse(res.body);
    expect(health.store).toBe(backend.name);
    expect(health.service).toBe('yichuang-center');
  });

  it('documents every route in /openapi.json, with the shared schemas as components', async () => {
    const res = await get(center, '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: Array<{ name: string; in: string }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/health', '/openapi.json', '/v1/catalog', '/v1/regions', '/v1/windows', '/v1/windows/{id}'])
      expect(doc.paths[path]?.get, path).toBeDefined();
    const catalogOp = doc.paths['/v1/catalog']!.get!;
    expect(catalogOp.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:region', 'query:since']);
    expect(Object.keys(catalogOp.responses).sort()).toEqual(['200', '400', '404', '426']);
    expect(JSON.stringify(catalogOp.responses['200'])).toContain('#/components/schemas/CatalogResponse');
    expect(doc.components.schemas).toHaveProperty('CatalogItem');
    expect(doc.components.schemas).toHaveProperty('ErrorBody');
  });

  it('serves a county catalog of at least 60 valid items from at least 12 departments', () => {
    expect(catalog.version).toBeGreaterThanOrEqual(1);
    expect(catalog.changed).toBe(true);
    expect(catalog.regionCode).toBe('130102');
    expect(catalog.items.length).toBeGreaterThanOrEqual(60);
    for (const item of catalog.items) expect(() => CatalogItem.parse(item), item.name).not.toThrow();
    // Implementation codes identify an implementation: no duplicates.
    const codes = catalog.items.map((i) => i.implementationCode);
    expect(new Set(codes).size).toBe(codes.length);
    // The county's own implementations alone span at least 12 departments.
    const own = catalog.items.filter((i) => i.regionCode === '130102');
    expect(new Set(own.map((i) => i.department.code)).size).toBeGreaterThanOrEqual(12);
    // The accepting department belongs to the implementing region.
    for (const i of catalog.items) expect(i.department.regionCode).toBe(i.regionCode);
  });

  it('has items reviewed jointly by 2 to 4 different departments, and immediate items promising 0 days', () => {
    const joint = catalog.items.filter((i) => i.reviewDepartments.length > 1);
    expect(joint.length).toBeGreaterThanOrEqual(3);
    for (const i of joint) {
      expect(i.reviewDepartments.length).toBeLessThanOrEqual(4);
      expect(new Set(i.reviewDepartments.map((d) => d.code)).size, i.name).toBe(i.reviewDepartments.length);
    }
    expect(joint.some((i) => i.reviewDepartments.length === 4)).toBe(true);
    const immediate = catalog.items.filter((i) => i.caseType === '1');
    expect(immediate.length).toBeGreaterThan(0);
    for (const i of immediate) expect(i.promisedDays).toBe(0);
    for (const i of catalog.items) expect(i.promisedDays).toBeLessThanOrEqual(i.statutoryDays);
    // A realistic mix: licences, confirmations, benefits and public services, with materials.
    const types = new Set(catalog.items.map((i) => i.itemType));
    for (const t of ['01', '05', '07', '20'] as const) expect(types).toContain(t);
    expect(catalog.items.every((i) => i.materials.length > 0)).toBe(true);
    expect(catalog.items.some((i) => i.materials.some((m) => m.tolerable))).toBe(true);
    expect(catalog.items.some((i) => i.crossRegion)).toBe(true);
    expect(catalog.items.some((i) => i.fee.charged)).toBe(true);
  });

  it('answers changed:false with no items when the client already holds the current version', async () => {
    const same = await get(center, `/v1/catalog?region=130102&since=${catalog.version}`);
    expect(same.status).toBe(200);
    const body = CatalogResponse.parse(same.body);
    expect(body).toMatchObject({ version: catalog.version, changed: false, items: [] });

    const older = CatalogResponse.parse((await get(center, `/v1/catalog?region=130102&since=${catalog.version - 1}`)).body);
    expect(older.changed).toBe(true);
    expect(older.items.map((i) => i.implementationCode)).toEqual(catalog.items.map((i) => i.implementationCode));
  });

  it('scopes the catalog to the county, its city and the province — never another county', async () => {
    const regions = new Set(catalog.items.map((i) => i.regionCode));
    expect([...regions].sort()).toEqual(['130000', '130100', '130102']);
    for (const level of ['130000', '130100', '130102']) expect(catalog.items.some((i) => i.regionCode === level), level).toBe(true);

    const sanhe = CatalogResponse.parse((await get(center, '/v1/catalog?region=131082')).body);
    expect(new Set(sanhe.items.map((i) => i.regionCode))).toEqual(new Set(['131082', '131000', '130000']));
    expect(sanhe.items.length).toBeGreaterThanOrEqual(60);
    // Both counties share the province's implementations and nothing else.
    const ours = new Set(catalog.items.map((i) => i.implementationCode));
    const shared = sanhe.items.filter((i) => ours.has(i.implementationCode));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((i) => i.regionCode === '130000')).toBe(true);

    // A county department's name carries its city when the county is a district.
    const own = catalog.items.find((i) => i.regionCode === '130102')!;
    expect(own.department.name.startsWith('石家庄市长安区')).toBe(true);

    const province = CatalogResponse.parse((await get(center, '/v1/catalog')).body);
    expect(province.regionCode).toBeNull();
    expect(province.items.length).toBeGreaterThan(0);
    expect(province.items.every((i) => i.regionCode === '130000')).toBe(true);
  });

  it('serves a valid catalog of at least 60 entries to every county, and a valid one to every city', async () => {
    const { regions } = RegionsResponse.parse((await get(center, '/v1/regions')).body);
    for (const r of regions) {
      // The center encodes every item with the shared CatalogItem schema: an invalid one would be a 500.
      const res = await center.app.inject({ method: 'GET', url: `/v1/catalog?region=${r.code}` });
      expect(res.statusCode, r.code).toBe(200);
      const body = JSON.parse(res.body) as CatalogResponse;
      expect(body.regionCode).toBe(r.code);
      if (r.level === 'county') expect(body.items.length, r.name).toBeGreaterThanOrEqual(60);
      expect(body.items.some((i) => i.regionCode === r.code), r.name).toBe(true);
    }
  });

  it('rejects a malformed region with 400 and an unknown one with 404, both naming the field', async () => {
    for (const bad of ['13010', 'abcdef', '1301021']) {
      const res = await get(center, `/v1/catalog?region=${bad}`);
      expect(res.status, bad).toBe(400);
      const body = ErrorBody.parse(res.body);
      expect(body.field).toBe('region');
      expect(body.message).toContain('region');
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const unknown = await get(center, '/v1/catalog?region=139999');
    expect(unknown.status).toBe(404);
    expect(ErrorBody.parse(unknown.body)).toMatchObject({ field: 'region' });

    const badSince = await get(center, '/v1/catalog?since=abc');
    expect(badSince.status).toBe(400);
    expect(ErrorBody.parse(badSince.body).field).toBe('since');

    const noRoute = await get(center, '/v1/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(ErrorBody.parse(noRoute.body).error).toBe('not_found');
  });

  it('serves the Hebei region tree: 11 cities, every county under an existing city with its prefix', async () => {
    const res = await get(center, '/v1/regions');
    expect(res.status).toBe(200);
    const { regions } = RegionsResponse.parse(res.body);
    const byCode = new Map(regions.map((r) => [r.code, r]));
    expect(byCode.size).toBe(regions.length);
    const province = regions.filter((r) => r.level === 'province');
    expect(province).toEqual([{ code: '130000', name: '河北省', parentCode: null, level: 'province' }]);
    const cities = regions.filter((r) => r.level === 'city');
    expect(cities.map((c) => c.name)).toEqual(
      expect.arrayContaining(['石家庄市', '唐山市', '秦皇岛市', '邯郸市', '邢台市', '保定市', '张家口市', '承德市', '沧州市', '廊坊市', '衡水市']),
    );
    expect(cities).toHaveLength(11);
    for (const c of cities) {
      expect(c.parentCode).toBe('130000');
      expect(c.code).toMatch(/^13\d{2}00$/);
    }
    const counties = regions.filter((r) => r.level === 'county');
    // GB/T 2260 (2023): Hebei has 167 county-level divisions.
    expect(counties).toHaveLength(167);
    for (const c of counties) {
      const parent = byCode.get(c.parentCode ?? '');
      expect(parent?.level, c.name).toBe('city');
      expect(c.code.slice(0, 4), c.name).toBe(parent!.code.slice(0, 4));
    }
    // Spot checks against the published code table.
    const names: Record<string, string> = {
      '130102': '长安区',
      '130104': '桥西区',
      '130105': '新华区',
      '130108': '裕华区',
      '130181': '辛集市',
      '130284': '滦州市',
      '130502': '襄都区',
      '130602': '竞秀区',
      '130682': '定州市',
      '130709': '崇礼区',
      '130828': '围场满族蒙古族自治县',
      '131082': '三河市',
      '131182': '深州市',
    };
    for (const [code, name] of Object.entries(names)) expect(byCode.get(code)?.name, code).toBe(name);
  });

  it('lists demo windows with their clerks, including the default window', async () => {
    const res = await get(center, '/v1/windows');
    expect(res.status).toBe(200);
    const { windows } = WindowsResponse.parse(res.body);
    expect(windows.length).toBeGreaterThanOrEqual(6);
    expect(new Set(windows.map((w) => w.regionCode)).size).toBeGreaterThanOrEqual(3);
    for (const w of windows) expect(w.clerks.length).toBeGreaterThanOrEqual(2);
    // A rare (CJK Extension B) character survives the store and the wire.
    expect(windows.some((w) => w.clerks.some((c) => [...c.name].some((ch) => ch.codePointAt(0)! > 0xffff)))).toBe(true);

    const one = await get(center, '/v1/windows/w-130102-01');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'w-130102-01', regionCode: '130102' });
    expect((one.body as { clerks: Array<{ id: string }> }).clerks.map((c) => c.id)).toContain('c-130102-01-1');

    const missing = await get(center, '/v1/windows/w-999999-01');
    expect(missing.status).toBe(404);
    expect(ErrorBody.parse(missing.body).field).toBe('id');
  });

  it(`answers 426 to a client whose ${SCHEMA_VERSION_HEADER} is older than the center speaks`, async () => {
    const old = await get(center, '/v1/catalog?region=130102', { [SCHEMA_VERSION_HEADER]: String(SYNC_SCHEMA_VERSION - 1) });
    expect(old.status).toBe(426);
    const body = ErrorBody.parse(old.body);
    expect(body.field).toBe(SCHEMA_VERSION_HEADER);
    expect(body.message).toMatch(/升级/);

    const current = await get(center, `/v1/catalog?region=130102&since=${catalog.version}`, { [SCHEMA_VERSION_HEADER]: String(SYNC_SCHEMA_VERSION) });
    expect(current.status).toBe(200);
    const garbage = await get(center, '/health', { [SCHEMA_VERSION_HEADER]: 'one' });
    expect(garbage.status).toBe(400);
    expect(ErrorBody.parse(garbage.body).field).toBe(SCHEMA_VERSION_HEADER);
  });

  it("allows the clerk app's origins (CORS) and no others", async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:4173', 'app://yichuang']) {
      const res = await center.app.inject({ method: 'GET', url: '/health', headers: { origin } });
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
    }
    const evil = await center.app.inject({ method: 'GET', url: '/health', headers: { origin: 'http://evil.example' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('records its migrations, and reopening the same store neither re-applies them nor duplicates the seed', async () => {
    const recorded = await center.store.migrations();
    expect(recorded.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    const before = await counts(center);
    expect(before.items).toBe(ITEMS.length);
    expect(before.windows).toBe(WINDOWS.length);
    expect(before.versions).toBe(1);

    await center.close();
    center = await createCenter(place.opts);
    expect(center.store.startup.migrationsApplied).toEqual([]);
    expect(center.store.startup.seed.seeded).toBe(false);
    expect(await counts(center)).toEqual(before);
    expect((await center.store.migrations()).map((m) => m.name)).toEqual(MIGRATION_NAMES);
    const again = CatalogResponse.parse((await get(center, '/v1/catalog?region=130102')).body);
    expect(again.version).toBe(catalog.version);
    expect(again.items).toEqual(catalog.items);
  });
});

describe('a PGlite data directory', () => {
  it('is refused to a second center while the first has it open', async () => {
    const place = await backends[0]!.fresh();
    const first = await createCenter(place.opts);
    try {
      await expect(createCenter(place.opts)).rejects.toThrow(/正被进程 \d+ 使用/);
    } finally {
      await first.close();
    }
    // Once closed, it opens again.
    const second = await createCenter(place.opts);
    await second.close();
    await place.cleanup();
  });
});

describe.runIf(backends.some((b) => b.name === 'postgres'))('two centers starting at once on one PostgreSQL database', () => {
  it('apply each migration and the seed exactly once', async () => {
    const place = await backends.find((b) => b.name === 'postgres')!.fresh();
    const centers: Center[] = [];
    try {
      const started = await Promise.allSettled([createCenter(place.opts), createCenter(place.opts)]);
      for (const s of started) if (s.status === 'fulfilled') centers.push(s.value);
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const [a, b] = centers as [Center, Center];
      expect([...a.store.startup.migrationsApplied, ...b.store.startup.migrationsApplied].sort()).toEqual([...MIGRATION_NAMES].sort());
      expect([a.store.startup.seed.seeded, b.store.startup.seed.seeded].filter(Boolean)).toHaveLength(1);
      expect((await a.store.migrations()).map((m) => m.name)).toEqual(MIGRATION_NAMES);
      const c = await counts(a);
      expect(c.items).toBe(ITEMS.length);
      expect(c.versions).toBe(1);
      // Both serve the same catalog.
      const fromA = CatalogResponse.parse((await get(a, '/v1/catalog?region=130123')).body);
      const fromB = CatalogResponse.parse((await get(b, '/v1/catalog?region=130123')).body);
      expect(fromB.items.map((i) => i.implementationCode)).toEqual(fromA.items.map((i) => i.implementationCode));
    } finally {
      for (const c of centers) await c.close();
      await place.cleanup();
    }
  });
});

describe('src-center/main.ts', () => {
  it('prints the URL it listens on (CENTER_PORT=0), serves, and exits 0 on SIGTERM', async () => {
    const place = await backends[0]!.fresh();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src-center/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, CENTER_PORT: '0', CENTER_HOST: '127.0.0.1', CENTER_DATA_DIR: place.opts.dataDir!, DATABASE_URL: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`center exited early (${code}): ${out}${err}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toMatch(/:0$/);
      expect(out).toContain('store: pglite');
      const health = Health.parse(await (await fetch(`${url}/health`)).json());
      expect(health.store).toBe('pglite');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await place.cleanup();
    }
  });
});
