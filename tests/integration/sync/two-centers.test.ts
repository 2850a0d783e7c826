/**
 * Two center processes on one PostgreSQL database serve the same devices with the same
 * results: the center keeps no state of its own (nonces, records, blobs, cursors and
 * revocations are in the database).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src-node/sync-auth';
import { createSyncAuthority } from '../../../src-center/sync/authority';
import { BlobState, BlobStatusResponse, ErrorBody, PullResponse, PushResponse } from '../../../src-shared/protocol/sync';
import { backends, type Place } from '../center/backends';
import { ADMIN_TOKEN, call, caseEvents, enroll, implementationFor, makeRoot, push, recordsFor, startSyncCenter, type SyncCenter, type TestDevice } from './harness';

const postgres = backends.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('two centers on one PostgreSQL', () => {
  let place: Place;
  let one: SyncCenter;
  let two: SyncCenter;
  let dev: TestDevice;
  let item: { implementationCode: string; regionCode: string };

  beforeAll(async () => {
    place = await postgres!.fresh();
    const root = makeRoot();
    // Each process loads the same province root (its own TLS certificate).
    one = await startSyncCenter(place, { authority: createSyncAuthority(root) });
    two = await startSyncCenter(place, { authority: createSyncAuthority(root) });
    dev = await enroll(one.app, 'w-130102-01');
    item = await implementationFor(one.store, '130102');
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await place?.cleanup();
  });

  it('a device enrolled at one is known to the other, and a request replayed to the other is refused', async () => {
    expect((await call(two.app, dev, 'GET', '/v1/sync/device')).status).toBe(200);
    const url = '/v1/sync/device';
    const headers = signRequest({ deviceId: dev.deviceId, certSha256: dev.certSha256, privateKey: dev.privateKey }, { method: 'GET', target: url });
    expect((await one.app.inject({ method: 'GET', url, headers })).statusCode).toBe(200);
    const replay = await two.app.inject({ method: 'GET', url, headers });
    expect(replay.statusCode).toBe(401);
    expect(ErrorBody.parse(replay.json()).error).toBe('replayed');
  });

  it('the same batch pushed to both at once is applied once, both answering with the same receipts', async () => {
    const records = [];
    let seq = 1;
    for (let i = 1; i <= 20; i++) {
      const { events } = await caseEvents({ device: dev, item, caseSeq: i });
      records.push(...recordsFor(dev, events, seq));
      seq += events.length;
    }
    const [r1, r2] = await Promise.all([push(one.app, dev, records), push(two.app, dev, records)]);
    const a = PushResponse.parse(r1.body).results;
    const b = PushResponse.parse(r2.body).results;
    for (let i = 0; i < records.length; i++) {
      const pair = [a[i]!, b[i]!];
      // Never applied twice: at most one center accepted it; the other answered duplicate (same receipt)
      // or retry-later (it looked before the winner committed), which a client simply resends.
      expect(pair.filter((r) => r.status === 'accepted').length, JSON.stringify(pair)).toBeLessThanOrEqual(1);
      expect(pair.every((r) => r.status === 'accepted' || r.status === 'duplicate' || r.status === 'retry-later'), JSON.stringify(pair)).toBe(true);
      const [x, y] = pair;
      if ((x!.status === 'accepted' || x!.status === 'duplicate') && (y!.status === 'accepted' || y!.status === 'duplicate')) expect(x!.receipt).toEqual(y!.receipt);
    }
    // Resend everything to each: all duplicates, same receipts.
    const again1 = PushResponse.parse((await push(one.app, dev, records)).body).results;
    const again2 = PushResponse.parse((await push(two.app, dev, records)).body).results;
    expect(again1.every((r) => r.status === 'duplicate')).toBe(true);
    expect(again2).toEqual(again1);
    const [{ n }] = (await one.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_records WHERE device_id = $1', [dev.deviceId])) as [{ n: number }];
    expect(n).toBe(records.length);
  });

  it('an upload started at one is resumed at the other; pulls agree; a revocation at one holds at the other', async () => {
    const bytes = crypto.randomBytes(2 * 1024 * 1024 + 7);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const put = (c: SyncCenter, off: number, end: number) =>
      call(c.app, dev, 'PUT', `/v1/sync/blobs/${sha}?offset=${off}&size=${bytes.length}`, new Uint8Array(bytes.subarray(off, end)));
    expect(BlobState.parse((await put(one, 0, 1024 * 1024)).body).state).toBe('partial');
    const st = BlobStatusResponse.parse((await call(two.app, dev, 'POST', '/v1/sync/blobs/status', { blobs: [{ sha256: sha, size: bytes.length }] })).body).blobs[0]!;
    expect(st.ranges).toEqual([[0, 1024 * 1024]]);
    expect(BlobState.parse((await put(two, 1024 * 1024, bytes.length)).body).state).toBe('complete');

    const p1 = PullResponse.parse((await call(one.app, dev, 'GET', '/v1/sync/changes?limit=1000')).body);
    const p2 = PullResponse.parse((await call(two.app, dev, 'GET', '/v1/sync/changes?limit=1000')).body);
    expect(p2.changes).toEqual(p1.changes);
    expect(p2.cursor).toBe(p1.cursor);

    const rev = await one.app.inject({ method: 'POST', url: `/v1/admin/devices/${dev.deviceId}/revoke`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(rev.statusCode).toBe(200);
    expect((await call(two.app, dev, 'GET', '/v1/sync/device')).status).toBe(403);
  });
});
