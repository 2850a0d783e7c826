/**
 * Shared-data verification on the center's sync service (issue 6, part 5), on PGlite and —
 * with DATABASE_URL — PostgreSQL: signed device requests check persons and organisations
 * against the synthetic shared data, list a holder's electronic licences, and every
 * question leaves an audit row that holds what was asked, not the registry's record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCreditCode, validateResidentId } from '../../../src-shared/domain/identifiers';
import { ErrorBody } from '../../../src-shared/protocol/sync';
import { LicencesResponse, VerifyOrganisationResponse, VerifyPersonResponse } from '../../../src-shared/protocol/shared-data';
import {
  DEMO_DECEASED,
  DEMO_INTAKE_PERSONS,
  DEMO_LEGAL_REP,
  DEMO_ORG,
  DEMO_ORG_DEREGISTERED,
  DEMO_ORG_REVOKED,
  DEMO_PERSON,
  DEMO_PERSON_C,
} from '../../../src-center/shared-data/demo-records';
import { seedSharedData } from '../../../src-center/shared-data/seed';
import { makeCreditCode, makeResidentId } from '../../../src-shared/domain/identifiers';
import { backends, type Place } from '../center/backends';
import { call, enroll, startSyncCenter, type SyncCenter, type TestDevice } from '../sync/harness';

describe.each(backends)('shared data on $name', (backend) => {
  let place: Place;
  let c: SyncCenter;
  let dev: TestDevice;

  beforeAll(async () => {
    place = await backend.fresh();
    c = await startSyncCenter(place);
    dev = await enroll(c.app, 'w-130104-01');
  });
  afterAll(async () => {
    await c?.close();
    await place?.cleanup();
  });

  const person = async (documentNumber: string, name: string, documentType = '111') => {
    const r = await call(c.app, dev, 'POST', '/v1/sync/verify/person', { documentType, documentNumber, name });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return VerifyPersonResponse.parse(r.body);
  };
  const organisation = async (creditCode: string, name: string, legalRepresentative: string) => {
    const r = await call(c.app, dev, 'POST', '/v1/sync/verify/organisation', { creditCode, name, legalRepresentative });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return VerifyOrganisationResponse.parse(r.body);
  };
  const licences = async (holderId: string) => {
    const r = await call(c.app, dev, 'POST', '/v1/sync/licences', { holderId });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return LicencesResponse.parse(r.body);
  };
  const auditRow = async (queryId: string) => {
    const [row] = await c.store.db.query<{ device_id: string; window_id: string; kind: string; subject: string; asked: unknown; result: string; detail: unknown }>(
      'SELECT device_id, window_id, kind, subject, asked, result, detail FROM shared_data_queries WHERE id = $1',
      [queryId],
    );
    return row;
  };

  it('holds the synthetic data sets at their sizes, with valid identifiers', async () => {
    const [counts] = await c.store.db.query<{ p: number; o: number; l: number; dead: number; counties: number }>(
      `SELECT (SELECT count(*)::int FROM shared_persons) AS p, (SELECT count(*)::int FROM shared_organisations) AS o,
              (SELECT count(*)::int FROM shared_licences) AS l, (SELECT count(*)::int FROM shared_persons WHERE status = 'deceased') AS dead,
              (SELECT count(DISTINCT region_code)::int FROM shared_persons) AS counties`,
    );
    // The first question loads the data: ask one, then count.
    if (counts!.p === 0) await person(DEMO_PERSON.idNumber, DEMO_PERSON.name);
    const [n] = await c.store.db.query<{ p: number; o: number; l: number; dead: number; counties: number; grades: number; hebei: number }>(
      `SELECT (SELECT count(*)::int FROM shared_persons) AS p, (SELECT count(*)::int FROM shared_organisations) AS o,
              (SELECT count(*)::int FROM shared_licences) AS l, (SELECT count(*)::int FROM shared_persons WHERE status = 'deceased') AS dead,
              (SELECT count(DISTINCT region_code)::int FROM shared_persons) AS counties,
              (SELECT count(DISTINCT trust_grade)::int FROM shared_licences) AS grades,
              (SELECT count(*)::int FROM shared_persons WHERE id_number LIKE '13%') AS hebei`,
    );
    expect(n!.p).toBeGreaterThanOrEqual(20_000);
    expect(n!.o).toBeGreaterThanOrEqual(5_000);
    expect(n!.l).toBeGreaterThanOrEqual(10_000);
    expect(n!.dead).toBeGreaterThan(0);
    expect(n!.counties).toBeGreaterThan(150);
    expect(n!.grades).toBe(4);
    expect(n!.hebei).toBe(n!.p);
    const sample = await c.store.db.query<{ id_number: string }>('SELECT id_number FROM shared_persons ORDER BY id_number LIMIT 500');
    for (const r of sample) expect(validateResidentId(r.id_number, { today: '2025-01-01' }).ok, r.id_number).toBe(true);
    const orgs = await c.store.db.query<{ credit_code: string }>('SELECT credit_code FROM shared_organisations ORDER BY credit_code LIMIT 500');
    for (const r of orgs) expect(validateCreditCode(r.credit_code).kind, r.credit_code).toBe('valid');
    // The licence types of the catalog's materials are all represented.
    const types = await c.store.db.query<{ t: string }>(
      `SELECT DISTINCT m.licence_type AS t FROM materials m WHERE m.licence_type IS NOT NULL AND NOT EXISTS (SELECT 1 FROM shared_licences l WHERE l.licence_type = m.licence_type)`,
    );
    expect(types.map((t) => t.t)).toEqual([]);
    // Loading again is a no-op (same edition).
    expect((await seedSharedData(c.store.db)).loaded).toBe(false);
  });

  it('documents its endpoints in /openapi.json', async () => {
    const doc = (await c.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    for (const p of ['/v1/sync/verify/person', '/v1/sync/verify/organisation', '/v1/sync/licences']) expect(doc.paths[p]?.['post'], p).toBeDefined();
  });

  it('verifies a person: match, name mismatch, not found, deceased', async () => {
    const ok = await person(DEMO_PERSON.idNumber, DEMO_PERSON.name);
    expect(ok.result).toBe('match');
    expect(ok.source).toContain('人口');
    expect(Math.abs(Date.parse(ok.checkedAt) - Date.now())).toBeLessThan(60_000);
    // A lower-case x and spaces around the name are the same person.
    const [withX] = await c.store.db.query<{ id_number: string; name: string }>(
      `SELECT id_number, name FROM shared_persons WHERE id_number LIKE '%X' AND status = 'alive' ORDER BY id_number LIMIT 1`,
    );
    expect((await person(withX!.id_number.toLowerCase(), ` ${withX!.name} `)).result).toBe('match');
    for (const p of DEMO_INTAKE_PERSONS) expect((await person(p.idNumber, p.name)).result).toBe('match');

    const wrong = await call(c.app, dev, 'POST', '/v1/sync/verify/person', { documentType: '111', documentNumber: DEMO_PERSON.idNumber, name: '王小二' });
    expect(wrong.status).toBe(200);
    expect(VerifyPersonResponse.parse(wrong.body).result).toBe('name_mismatch');
    // Privacy: the registered name appears nowhere in the answer.
    expect(JSON.stringify(wrong.body)).not.toContain(DEMO_PERSON.name);
    expect(JSON.stringify(wrong.body)).not.toContain('𠈌');

    expect((await person(makeResidentId('130102', '1999-09-09', 999), '查无此人')).result).toBe('not_found');
    // The population data holds resident ID numbers only.
    expect((await person(DEMO_PERSON.idNumber, DEMO_PERSON.name, '414')).result).toBe('not_found');

    expect((await person(DEMO_DECEASED.idNumber, DEMO_DECEASED.name)).result).toBe('deceased');
    // Deceased is told only to someone who knows the name.
    expect((await person(DEMO_DECEASED.idNumber, '赵某某')).result).toBe('name_mismatch');
  });

  it('verifies an organisation and lists the fields that differ, without the register values', async () => {
    expect(await organisation(DEMO_ORG.creditCode, DEMO_ORG.name, DEMO_ORG.legalRepresentative)).toMatchObject({ result: 'match', mismatchedFields: [] });
    const legal = await organisation(DEMO_ORG.creditCode, DEMO_ORG.name, '李五');
    expect(legal).toMatchObject({ result: 'mismatch', mismatchedFields: ['legalRepresentative'] });
    const both = await call(c.app, dev, 'POST', '/v1/sync/verify/organisation', { creditCode: DEMO_ORG.creditCode.toLowerCase(), name: '石家庄市别的公司', legalRepresentative: '王五' });
    expect(both.status).toBe(200);
    expect(VerifyOrganisationResponse.parse(both.body)).toMatchObject({ result: 'mismatch', mismatchedFields: ['name', 'legalRepresentative'] });
    expect(both.body && JSON.stringify(both.body)).not.toContain(DEMO_ORG.name);
    expect(JSON.stringify(both.body)).not.toContain(DEMO_LEGAL_REP.name);

    expect((await organisation(DEMO_ORG_DEREGISTERED.creditCode, DEMO_ORG_DEREGISTERED.name, DEMO_ORG_DEREGISTERED.legalRepresentative)).result).toBe('deregistered');
    expect((await organisation(DEMO_ORG_REVOKED.creditCode, DEMO_ORG_REVOKED.name, DEMO_ORG_REVOKED.legalRepresentative)).result).toBe('revoked');
    // A valid code that is not registered.
    const unknown = makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0CXN99' });
    expect((await organisation(unknown, '某公司', '某人')).result).toBe('not_found');
  });

  it("lists a holder's licences with grades and status", async () => {
    const mine = await licences(DEMO_PERSON.idNumber);
    expect(mine.holderId).toBe(DEMO_PERSON.idNumber);
    const byType = new Map(mine.licences.map((l) => [l.licenceType, l]));
    expect(byType.get('居民身份证')).toMatchObject({ trustGrade: 'A', status: 'valid', holderId: DEMO_PERSON.idNumber });
    expect(byType.get('居民户口簿')).toMatchObject({ trustGrade: 'B', status: 'valid', validUntil: null });
    expect(byType.get('结婚证')).toMatchObject({ trustGrade: 'C' });
    expect(byType.get('机动车驾驶证')).toMatchObject({ trustGrade: 'D' });
    expect(byType.get('不动产权证书')).toMatchObject({ status: 'revoked' });
    for (const l of mine.licences) expect(l.documentSha256).toMatch(/^[0-9a-f]{64}$/);

    const org = await licences(DEMO_ORG.creditCode);
    const food = org.licences.filter((l) => l.licenceType === '食品经营许可证');
    expect(food.map((l) => l.status).sort()).toEqual(['expired', 'valid']);
    expect(org.licences.find((l) => l.licenceType === '营业执照')).toMatchObject({ trustGrade: 'A', status: 'valid' });

    expect((await licences(DEMO_PERSON_C.idNumber)).licences).toEqual([expect.objectContaining({ licenceType: '居民身份证', trustGrade: 'C' })]);
    expect((await licences(makeResidentId('130102', '1999-09-09', 999))).licences).toEqual([]);
  });

  it('writes an audit row for every question: device, window, what was asked, the answer — not the record', async () => {
    const before = await c.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_data_queries');
    const p = await person(DEMO_PERSON.idNumber, '王小二');
    const o = await organisation(DEMO_ORG.creditCode, DEMO_ORG.name, '李五');
    const l = await licences(DEMO_ORG.creditCode);
    const after = await c.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_data_queries');
    expect(after[0]!.n - before[0]!.n).toBe(3);

    const pr = await auditRow(p.queryId);
    expect(pr).toMatchObject({ device_id: dev.deviceId, window_id: 'w-130104-01', kind: 'person', subject: DEMO_PERSON.idNumber, result: 'name_mismatch' });
    expect(pr!.asked).toMatchObject({ documentNumber: DEMO_PERSON.idNumber, name: '王小二' });
    // The registered name is not copied into the log.
    expect(JSON.stringify(pr)).not.toContain(DEMO_PERSON.name);
    expect(await auditRow(o.queryId)).toMatchObject({ kind: 'organisation', result: 'mismatch', detail: { mismatchedFields: ['legalRepresentative'] } });
    expect(await auditRow(l.queryId)).toMatchObject({ kind: 'licences', subject: DEMO_ORG.creditCode, detail: { count: l.licences.length } });
  });

  it('refuses unsigned requests and bad input, naming the field', async () => {
    const unsigned = await c.app.inject({
      method: 'POST',
      url: '/v1/sync/verify/person',
      headers: { 'x-yichuang-schema': '1', 'content-type': 'application/json' },
      payload: { documentType: '111', documentNumber: DEMO_PERSON.idNumber, name: DEMO_PERSON.name },
    });
    expect(unsigned.statusCode).toBe(401);
    expect(JSON.stringify(unsigned.json())).not.toContain(DEMO_PERSON.name);
    for (const url of ['/v1/sync/verify/organisation', '/v1/sync/licences']) {
      const r = await c.app.inject({ method: 'POST', url, headers: { 'x-yichuang-schema': '1', 'content-type': 'application/json' }, payload: {} });
      expect(r.statusCode, url).toBe(401);
    }
    const bad = await call(c.app, dev, 'POST', '/v1/sync/verify/organisation', { creditCode: 'I1234567890123456Z', name: 'x', legalRepresentative: 'y' });
    expect(bad.status).toBe(400);
    expect(ErrorBody.parse(bad.body).field).toContain('creditCode');
    const empty = await call(c.app, dev, 'POST', '/v1/sync/verify/person', { documentType: '111', documentNumber: DEMO_PERSON.idNumber, name: '  ' });
    expect(empty.status).toBe(400);
    expect(ErrorBody.parse(empty.body).field).toContain('name');
  });
});

describe('shared data loading', () => {
  it('starts loading when the service listens, and closing waits for it', async () => {
    const place = await backends[0]!.fresh();
    const c = await startSyncCenter(place);
    try {
      const before = await c.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_data_sets');
      expect(before[0]!.n).toBe(0); // building the app alone loads nothing
      await c.app.listen({ port: 0, host: '127.0.0.1' });
      await c.app.close(); // waits for the load started by onListen
      const after = await c.store.db.query<{ name: string; rows: number }>('SELECT name, rows FROM shared_data_sets ORDER BY name');
      expect(after.map((r) => r.name)).toEqual(['licences', 'organisations', 'persons']);
      expect(after.find((r) => r.name === 'persons')!.rows).toBeGreaterThanOrEqual(20_000);
    } finally {
      await c.store.close();
      await place.cleanup();
    }
  });
});
