/**
 * The center's sync service through HTTP (app.inject), on PGlite and — with DATABASE_URL —
 * PostgreSQL: enrollment, signed requests (replay, skew, unknown and revoked certificates),
 * pushes (idempotent resend, conflicts, chain verification, scope), blobs (chunked,
 * resumable, hash verified) and scoped pulls.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src-node/sync-auth';
import { issueSyncCertificate } from '../../../src-node/sync-auth';
import { appendEvent } from '../../../src-shared/domain/event-chain';
import {
  BlobState,
  BlobStatusResponse,
  DeviceStatus,
  ErrorBody,
  PullResponse,
  PushResponse,
  type RecordResult,
} from '../../../src-shared/protocol/sync';
import { backends, type Place } from '../center/backends';
import {
  ADMIN_TOKEN,
  call,
  caseEvents,
  createCode,
  csrFor,
  enroll,
  implementationFor,
  makeRoot,
  push,
  recordsFor,
  startSyncCenter,
  type SyncCenter,
  type TestDevice,
} from './harness';

const only = (r: PushResponse): RecordResult => {
  expect(r.results).toHaveLength(1);
  return r.results[0]!;
};

describe.each(backends)('sync center on $name', (backend) => {
  let place: Place;
  let c: SyncCenter;
  let a: TestDevice; // 长安区 130102
  let a2: TestDevice; // 长安区, another window
  let b: TestDevice; // 桥西区 130104
  let item: { implementationCode: string; regionCode: string };
  let itemB: { implementationCode: string; regionCode: string };
  let seqA = 0;
  let caseSeqA = 0;

  beforeAll(async () => {
    place = await backend.fresh();
    c = await startSyncCenter(place);
    a = await enroll(c.app, 'w-130102-01');
    a2 = await enroll(c.app, 'w-130102-02');
    b = await enroll(c.app, 'w-130104-01');
    item = await implementationFor(c.store, '130102');
    itemB = await implementationFor(c.store, '130104');
  });
  afterAll(async () => {
    await c?.close();
    await place?.cleanup();
  });

  const nextCase = async (more?: string[]) => caseEvents({ device: a, item, caseSeq: ++caseSeqA, ...(more ? { more } : {}) });
  const nextRecords = (events: Parameters<typeof recordsFor>[1], blobs?: string[][]) => {
    const r = recordsFor(a, events, seqA + 1, blobs);
    seqA += events.length;
    return r;
  };

  it('documents its endpoints in /openapi.json', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const [p, m] of [
      ['/v1/sync/enroll', 'post'],
      ['/v1/sync/device', 'get'],
      ['/v1/sync/push', 'post'],
      ['/v1/sync/blobs/status', 'post'],
      ['/v1/sync/blobs/{sha256}', 'put'],
      ['/v1/sync/changes', 'get'],
      ['/v1/admin/enrollment-codes', 'post'],
    ] as const)
      expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
    expect(doc.components.schemas).toHaveProperty('PushResponse');
  });

  describe('enrollment', () => {
    it('issues a certificate bound to the window and its county, from the province root', async () => {
      expect(a.status).toMatchObject({ windowId: 'w-130102-01', regionCode: '130102', status: 'active', role: 'window' });
      expect(a.status.itemRegions).toEqual(['130102', '130100', '130000']);
      const x = new crypto.X509Certificate(a.status.certificatePem);
      expect(x.verify(c.authority.rootPublicKey)).toBe(true);
      expect(x.subject).toContain(a.deviceId);
      const res = await call(c.app, a, 'GET', '/v1/sync/device');
      expect(res.status).toBe(200);
      expect(DeviceStatus.parse(res.body).deviceId).toBe(a.deviceId);
    });

    it('refuses a used, an unknown, an expired code and one for another window, naming the field', async () => {
      const code = await createCode(c.app, 'w-130102-01');
      const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const post = (body: object) => c.app.inject({ method: 'POST', url: '/v1/sync/enroll', headers: { 'x-yichuang-schema': '1' }, payload: body });
      const wrongWindow = await post({ code, deviceId: 'WRONG1', windowId: 'w-130102-02', csrPem: csrFor(keys, 'WRONG1') });
      expect(wrongWindow.statusCode).toBe(403);
      expect(ErrorBody.parse(wrongWindow.json())).toMatchObject({ error: 'enrollment_window_mismatch', field: 'windowId' });
      // The refused attempt did not use the code up.
      const ok = await post({ code, deviceId: 'FRESH1', windowId: 'w-130102-01', csrPem: csrFor(keys, 'FRESH1') });
      expect(ok.statusCode).toBe(201);
      const reused = await post({ code, deviceId: 'FRESH2', windowId: 'w-130102-01', csrPem: csrFor(keys, 'FRESH2') });
      expect(reused.statusCode).toBe(403);
      expect(ErrorBody.parse(reused.json())).toMatchObject({ error: 'enrollment_code_used', field: 'code' });
      const unknown = await post({ code: 'AAAA-BBBB-CCCC', deviceId: 'FRESH3', windowId: 'w-130102-01', csrPem: csrFor(keys, 'FRESH3') });
      expect(ErrorBody.parse(unknown.json())).toMatchObject({ error: 'enrollment_code_invalid', field: 'code' });
      const expiring = await createCode(c.app, 'w-130102-01', 1);
      await c.store.db.query(`UPDATE sync_enrollment_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
      const expired = await post({ code: expiring, deviceId: 'FRESH4', windowId: 'w-130102-01', csrPem: csrFor(keys, 'FRESH4') });
      expect(ErrorBody.parse(expired.json())).toMatchObject({ error: 'enrollment_code_expired', field: 'code' });
    });

    it('refuses a CSR that does not prove possession of the key', async () => {
      const code = await createCode(c.app, 'w-130102-01');
      const mine = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const pem = csrFor(mine, 'CSRBAD');
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff; // inside the signature
      const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      const res = await c.app.inject({ method: 'POST', url: '/v1/sync/enroll', headers: { 'x-yichuang-schema': '1' }, payload: { code, deviceId: 'CSRBAD', windowId: 'w-130102-01', csrPem: bad } });
      expect(res.statusCode).toBe(400);
      expect(ErrorBody.parse(res.json())).toMatchObject({ error: 'invalid_csr', field: 'csrPem' });
    });

    it('keeps the admin endpoints closed without the operator token', async () => {
      const res = await c.app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', payload: { windowId: 'w-130102-01' } });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('signed requests', () => {
    it('refuses a replayed request', async () => {
      const url = '/v1/sync/device';
      const headers = signRequest({ deviceId: a.deviceId, certSha256: a.certSha256, privateKey: a.privateKey }, { method: 'GET', target: url });
      const first = await c.app.inject({ method: 'GET', url, headers });
      expect(first.statusCode).toBe(200);
      const replay = await c.app.inject({ method: 'GET', url, headers });
      expect(replay.statusCode).toBe(401);
      expect(ErrorBody.parse(replay.json())).toMatchObject({ error: 'replayed', field: 'x-yichuang-nonce' });
    });

    it('refuses a request signed by a certificate the center did not issue', async () => {
      const foreignRoot = makeRoot('冒充的根');
      const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const cert = issueSyncCertificate({
        profile: 'device', subject: { CN: `一窗受理设备 ${a.deviceId}`, serialNumber: a.deviceId }, publicKey: keys.publicKey, issuer: foreignRoot,
        notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000),
      });
      const forger: TestDevice = { ...a, certSha256: cert.sha256, privateKey: keys.privateKey };
      const { events } = await nextCase();
      const res = await push(c.app, forger, recordsFor(a, events.slice(0, 1), 900_000));
      expect(res.status).toBe(401);
      expect(ErrorBody.parse(res.body)).toMatchObject({ error: 'unknown_certificate' });
      // A's own certificate with another key: the signature fails.
      const res2 = await push(c.app, { ...a, privateKey: keys.privateKey }, recordsFor(a, events.slice(0, 1), 900_000));
      expect(res2.status).toBe(401);
      expect(ErrorBody.parse(res2.body)).toMatchObject({ error: 'bad_signature' });
      const [n] = await c.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_records WHERE device_seq = 900000');
      expect(n!.n).toBe(0);
    });

    it('refuses a clock more than 5 minutes off, and unsigned or too-old clients', async () => {
      const url = '/v1/sync/device';
      const headers = signRequest({ deviceId: a.deviceId, certSha256: a.certSha256, privateKey: a.privateKey }, { method: 'GET', target: url, now: Date.now() - 6 * 60_000 });
      const skewed = await c.app.inject({ method: 'GET', url, headers });
      expect(skewed.statusCode).toBe(401);
      expect(ErrorBody.parse(skewed.json())).toMatchObject({ error: 'clock_skew' });
      const unsigned = await c.app.inject({ method: 'GET', url, headers: { 'x-yichuang-schema': '1' } });
      expect(unsigned.statusCode).toBe(401);
      expect(ErrorBody.parse(unsigned.json()).error).toBe('auth_missing');
      const old = await c.app.inject({ method: 'GET', url, headers: { ...headers, 'x-yichuang-schema': '0' } });
      expect(old.statusCode).toBe(426);
      expect(ErrorBody.parse(old.json()).message).toMatch(/升级/);
    });

    it('refuses a revoked device from its next request on', async () => {
      const dev = await enroll(c.app, 'w-130102-02');
      expect((await call(c.app, dev, 'GET', '/v1/sync/device')).status).toBe(200);
      const rev = await c.app.inject({ method: 'POST', url: `/v1/admin/devices/${dev.deviceId}/revoke`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(rev.statusCode).toBe(200);
      const after = await call(c.app, dev, 'GET', '/v1/sync/device');
      expect(after.status).toBe(403);
      expect(ErrorBody.parse(after.body).error).toBe('certificate_revoked');
    });

    it('two devices revoked at the same moment: the last revocation list every window pulls names both', async () => {
      const [d1, d2] = [await enroll(c.app, 'w-130102-02'), await enroll(c.app, 'w-130102-02')];
      const revoke = (d: TestDevice) => c.app.inject({ method: 'POST', url: `/v1/admin/devices/${d.deviceId}/revoke`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect((await Promise.all([revoke(d1), revoke(d2)])).map((r) => r.statusCode)).toEqual([200, 200]);
      const serials = await c.store.db.query<{ serial: string }>(`SELECT serial FROM sync_device_certs WHERE device_id IN ($1, $2)`, [d1.deviceId, d2.deviceId]);
      let cursor = '';
      let last: string[] | undefined;
      for (let round = 0; round < 400; round++) {
        const page = PullResponse.parse((await call(c.app, a, 'GET', `/v1/sync/changes?cursor=${cursor}&limit=500`)).body);
        for (const ch of page.changes) if (ch.kind === 'crl') last = ch.revokedSerials;
        cursor = page.cursor;
        if (!page.more && serials.every((s) => last?.includes(s.serial))) break;
        if (!page.more) await new Promise((r) => setTimeout(r, 25));
      }
      expect(serials).toHaveLength(2);
      for (const s of serials) expect(last).toContain(s.serial);
    });
  });

  describe('push', () => {
    it('accepts a case with a receipt, and answers a resend with the original receipt', async () => {
      const { caseId, events } = await nextCase();
      const records = nextRecords(events);
      const first = PushResponse.parse((await push(c.app, a, records)).body);
      expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const again = PushResponse.parse((await push(c.app, a, records)).body);
      expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      for (let i = 0; i < 2; i++) {
        const r1 = first.results[i]!;
        const r2 = again.results[i]!;
        if (r1.status !== 'accepted' || r2.status !== 'duplicate') throw new Error('unexpected');
        expect(r2.receipt).toEqual(r1.receipt);
        expect(r1.receipt.recordId).toBe(records[i]!.id);
      }
      const [row] = await c.store.db.query<{ n: number; head: number }>(
        'SELECT (SELECT count(*)::int FROM sync_records WHERE case_id = $1) AS n, (SELECT head_seq FROM sync_cases WHERE case_id = $1) AS head',
        [caseId],
      );
      expect(row).toEqual({ n: 2, head: 2 });
    });

    it('rejects the same record id with different content as a conflict, storing nothing', async () => {
      const { events } = await nextCase();
      const records = nextRecords(events.slice(0, 1));
      expect(only(PushResponse.parse((await push(c.app, a, records)).body)).status).toBe('accepted');
      const altered = [{ ...records[0]!, createdAt: '2025-10-01T00:00:00+08:00' }];
      const r = only(PushResponse.parse((await push(c.app, a, altered)).body));
      expect(r).toMatchObject({ status: 'rejected', code: 'conflict', field: 'id' });
      if (r.status === 'rejected') expect(r.message).toMatch(/不同内容/);
    });

    it('rejects an event that does not continue the chain, naming the field', async () => {
      const { events } = await nextCase();
      const [first, second] = nextRecords(events);
      expect(only(PushResponse.parse((await push(c.app, a, [first!])).body)).status).toBe('accepted');
      const forged = { ...second!, event: { ...second!.event, data: { status: 'refused' } } }; // content no longer matches its hash
      const r = only(PushResponse.parse((await push(c.app, a, [forged])).body));
      expect(r).toMatchObject({ status: 'rejected', code: 'chain_invalid', field: 'event.hash' });
      // The genuine event still goes in afterwards: a rejection stored nothing.
      expect(only(PushResponse.parse((await push(c.app, a, [second!])).body)).status).toBe('accepted');
    });

    it('rejects an item the catalog does not hold', async () => {
      const { events } = await caseEvents({ device: a, item: { implementationCode: 'NOSUCHITEM01', regionCode: '130102' }, caseSeq: ++caseSeqA });
      const r = only(PushResponse.parse((await push(c.app, a, nextRecords(events.slice(0, 1)))).body));
      expect(r).toMatchObject({ status: 'rejected', code: 'unknown_item', field: 'event.data.item.implementationCode' });
    });

    it('asks to retry a record whose earlier events have not arrived, and a reused device sequence is a conflict', async () => {
      const { events } = await nextCase();
      const [first, second] = nextRecords(events);
      expect(only(PushResponse.parse((await push(c.app, a, [second!])).body))).toMatchObject({ status: 'retry-later', code: 'out_of_order' });
      const both = PushResponse.parse((await push(c.app, a, [first!, second!])).body);
      expect(both.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const { events: e2 } = await nextCase();
      const clash = recordsFor(a, e2.slice(0, 1), first!.deviceSeq);
      expect(only(PushResponse.parse((await push(c.app, a, clash)).body))).toMatchObject({ status: 'rejected', code: 'seq_conflict', field: 'deviceSeq' });
    });

    it('rejects a malformed record alone, letting the rest of the batch through', async () => {
      const { events } = await nextCase();
      const good = nextRecords(events.slice(0, 1));
      const res = await call(c.app, a, 'POST', '/v1/sync/push', {
        records: [
          { record: { ...good[0]!, deviceSeq: -1 }, signature: 'AAAAAAAAAAAAAAAAAAAAAA==' },
          ...(await import('./harness')).sign(a, good),
        ],
      });
      const body = PushResponse.parse(res.body);
      expect(body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_record', field: 'deviceSeq' });
      expect(body.results[1]!.status).toBe('accepted');
    });

    it('keeps events and records append-only in the database', async () => {
      await expect(c.store.db.query(`UPDATE sync_events SET type = 'x'`)).rejects.toThrow(/append-only/);
      await expect(c.store.db.query('DELETE FROM sync_records')).rejects.toThrow(/append-only/);
    });
  });

  describe('scope: county A and county B', () => {
    it('a device of A cannot push a case of B, nor append to one; B cannot append to A’s', async () => {
      const { events } = await caseEvents({ device: a, item: itemB, caseSeq: ++caseSeqA, windowRegionCode: '130104' });
      const r = only(PushResponse.parse((await push(c.app, a, nextRecords(events.slice(0, 1)))).body));
      expect(r).toMatchObject({ status: 'rejected', code: 'out_of_scope', field: 'event.data.windowRegionCode' });

      // An item implemented by county B, taken in by A's window for A: outside A's catalog, and no proxy authorisation (tests/integration/proxy).
      const { events: e2 } = await caseEvents({ device: a, item: itemB, caseSeq: ++caseSeqA });
      expect(only(PushResponse.parse((await push(c.app, a, nextRecords(e2.slice(0, 1)))).body))).toMatchObject({
        status: 'rejected',
        code: 'proxy_unauthorised',
        field: 'event.data.item.regionCode',
      });

      // B's own case is fine for B …
      const bc = await caseEvents({ device: b, item: itemB, caseSeq: 1 });
      const bRecords = recordsFor(b, bc.events, 1);
      expect(PushResponse.parse((await push(c.app, b, bRecords.slice(0, 1))).body).results[0]!.status).toBe('accepted');
      // … but A cannot append B's next event (as its own record), even with a valid chain.
      const next = await appendEvent(bc.events[0]!, { caseId: bc.caseId, type: 'accepted', at: '2025-09-30T10:00:00+08:00', actor: 'x', data: {} });
      const intrude = nextRecords([next]);
      expect(only(PushResponse.parse((await push(c.app, a, intrude)).body))).toMatchObject({ status: 'rejected', code: 'out_of_scope', field: 'caseId' });
      // … and B cannot append to A's cases either.
      const ac = await nextCase();
      expect(PushResponse.parse((await push(c.app, a, nextRecords(ac.events.slice(0, 1)))).body).results[0]!.status).toBe('accepted');
      const bNext = recordsFor(b, ac.events.slice(1), 2);
      expect(only(PushResponse.parse((await push(c.app, b, bNext)).body))).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    });

    it('a device pulls its county’s case events and the province’s changes, never another county’s', async () => {
      const [{ n }] = (await c.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_events e JOIN sync_cases k USING (case_id) WHERE k.region_code = '130102'`)) as [{ n: number }];
      const [{ nb }] = (await c.store.db.query<{ nb: number }>(`SELECT count(*)::int AS nb FROM sync_events e JOIN sync_cases k USING (case_id) WHERE k.region_code = '130104'`)) as [{ nb: number }];
      // Pull page by page until the county's events are in. On a shared PostgreSQL server a
      // writing transaction elsewhere may hold the newest rows back for a moment (never lose them).
      const pullAll = async (dev: TestDevice, expected: number) => {
        let cursor = '';
        const all: PullResponse['changes'] = [];
        for (let round = 0; round < 400; round++) {
          const res = await call(c.app, dev, 'GET', `/v1/sync/changes?cursor=${cursor}&limit=7`);
          expect(res.status).toBe(200);
          const page = PullResponse.parse(res.body);
          all.push(...page.changes);
          cursor = page.cursor;
          if (!page.more && all.filter((x) => x.kind === 'case-event').length >= expected) break;
          if (!page.more) await new Promise((r) => setTimeout(r, 25));
        }
        return all;
      };
      const [ac, a2c, bc] = await Promise.all([pullAll(a, n), pullAll(a2, n), pullAll(b, nb)]);
      const caseRegions = (cs: typeof ac) => new Set(cs.filter((x) => x.kind === 'case-event').map((x) => (x.kind === 'case-event' ? x.regionCode : '')));
      expect(caseRegions(ac)).toEqual(new Set(['130102']));
      expect(caseRegions(bc)).toEqual(new Set(['130104']));
      // Another window of the same county sees the same county events.
      expect(a2c.filter((x) => x.kind === 'case-event').length).toBe(ac.filter((x) => x.kind === 'case-event').length);
      expect(ac.filter((x) => x.kind === 'case-event')).toHaveLength(n);
      for (const dev of [ac, bc]) expect(dev.some((x) => x.kind === 'catalog-version')).toBe(true);
      expect(ac.some((x) => x.kind === 'crl')).toBe(true);
      // Positions are strictly increasing and unique.
      const positions = ac.map((x) => x.position);
      expect(new Set(positions).size).toBe(positions.length);
    });

    it('a calendar year loaded at the center reaches every device through the pull', async () => {
      const before = PullResponse.parse((await call(c.app, b, 'GET', '/v1/sync/changes?limit=1000')).body);
      await c.store.putCalendarYear({ year: 2031, holidays: ['2031-01-01'], workdays: [] });
      let changes: PullResponse['changes'] = [];
      let cursor = before.cursor;
      for (let round = 0; round < 400 && !changes.length; round++) {
        const after = PullResponse.parse((await call(c.app, b, 'GET', `/v1/sync/changes?cursor=${cursor}`)).body);
        changes = after.changes;
        cursor = after.cursor;
        if (!changes.length) await new Promise((r) => setTimeout(r, 25)); // held back by a writer elsewhere on the server
      }
      expect(changes).toEqual([expect.objectContaining({ kind: 'calendar-year', year: 2031 })]);
    });
  });

  describe('blobs', () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 12345);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const size = bytes.length;
    const put = (dev: TestDevice, s: string, offset: number, chunk: Buffer, total = size) => call(c.app, dev, 'PUT', `/v1/sync/blobs/${s}?offset=${offset}&size=${total}`, new Uint8Array(chunk));
    const status = async (dev: TestDevice, s = sha, total = size) => BlobStatusResponse.parse((await call(c.app, dev, 'POST', '/v1/sync/blobs/status', { blobs: [{ sha256: s, size: total }] })).body).blobs[0]!;

    it('holds a record back until its blobs are uploaded, resumes uploads and verifies the hash', async () => {
      const { events } = await nextCase();
      const records = nextRecords(events, [[sha], []]);
      const waiting = PushResponse.parse((await push(c.app, a, records)).body);
      expect(waiting.results[0]).toMatchObject({ status: 'retry-later', code: 'missing_blobs', missingBlobs: [sha] });
      expect(waiting.results[1]).toMatchObject({ status: 'retry-later', code: 'out_of_order' });
      expect(await status(a)).toMatchObject({ state: 'absent', ranges: [] });

      const MiB = 1024 * 1024;
      // Two chunks arrive, with a gap between them (a cut connection lost the middle one).
      expect(BlobState.parse((await put(a, sha, 0, bytes.subarray(0, MiB))).body)).toMatchObject({ state: 'partial', ranges: [[0, MiB]] });
      expect((await put(a, sha, 2 * MiB, bytes.subarray(2 * MiB, 3 * MiB))).status).toBe(200);
      const resumed = await status(a);
      expect(resumed).toMatchObject({ state: 'partial', ranges: [[0, MiB], [2 * MiB, 3 * MiB]] });
      // An overlapping resend only adds what is missing.
      expect((await put(a, sha, MiB / 2, bytes.subarray(MiB / 2, 2 * MiB + 10))).status).toBe(200);
      expect(await status(a)).toMatchObject({ ranges: [[0, 3 * MiB]] });
      const last = BlobState.parse((await put(a, sha, 3 * MiB, bytes.subarray(3 * MiB))).body);
      expect(last).toEqual({ sha256: sha, size, state: 'complete', ranges: [[0, size]] });
      const { readBlob } = await import('../../../src-center/sync/blobs');
      expect((await readBlob(c.store.db, sha))!.equals(bytes)).toBe(true);

      const done = PushResponse.parse((await push(c.app, a, records)).body);
      expect(done.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    });

    it('discards a blob whose bytes do not hash to its name', async () => {
      const fake = crypto.randomBytes(5000);
      const claimed = crypto.createHash('sha256').update('something else').digest('hex');
      const res = await put(a, claimed, 0, fake, fake.length);
      expect(res.status).toBe(422);
      expect(ErrorBody.parse(res.body)).toMatchObject({ error: 'blob_hash_mismatch', field: 'sha256' });
      expect(await status(a, claimed, fake.length)).toMatchObject({ state: 'absent', ranges: [] });
    });

    it('refuses a chunk beyond the end or larger than 4 MiB, and a size that differs', async () => {
      const s = crypto.createHash('sha256').update('x').digest('hex');
      expect((await put(a, s, 10, Buffer.alloc(10), 15)).status).toBe(400);
      const big = await put(a, s, 0, Buffer.alloc(4 * 1024 * 1024 + 1), 5 * 1024 * 1024);
      expect([413]).toContain(big.status);
      expect((await put(a, sha, 0, bytes.subarray(0, 10), size + 1)).status).toBe(409);
    });
  });
});
