/**
 * Test harness for the center's sync service: a store on PGlite or PostgreSQL, a throwaway
 * province root (ECDSA, fast), the sync app (inject or real HTTPS), enrolled devices and
 * realistic records (hash-chained case events).
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Issuer } from '../../../src-node/pki';
import { createCsr, signRecord, signRequest } from '../../../src-node/sync-auth';
import { createSyncAuthority, type SyncAuthority } from '../../../src-center/sync/authority';
import { buildSyncApp } from '../../../src-center/sync/app';
import type { DeviceRegistry } from '../../../src-center/sync/registry';
import { openStore, type Store } from '../../../src-center/store/index';
import { formatCaseNumber } from '../../../src-shared/domain/case-number';
import { appendEvent, type CaseEvent } from '../../../src-shared/domain/event-chain';
import { DeviceStatus, type SignedRecord, type SyncRecord } from '../../../src-shared/protocol/sync';
import type { Place } from '../center/backends';
import { makeRoot as makeTestRoot, type TestRoot } from '../../unit/sync/pki-fixture';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A throw-away province root for a test center (the unit tests' fixture, under this name). */
export const makeRoot = (cn = '测试省根CA'): TestRoot => makeTestRoot(cn);

export interface SyncCenter {
  store: Store;
  app: FastifyInstance;
  registry: DeviceRegistry;
  authority: SyncAuthority;
  close(): Promise<void>;
}

export async function startSyncCenter(
  place: Place,
  opts: { authority?: SyncAuthority; tls?: boolean; now?: () => number; root?: Issuer } = {},
): Promise<SyncCenter> {
  const store = await openStore(place.opts);
  const authority = opts.authority ?? createSyncAuthority(opts.root ?? makeRoot());
  const { app, registry } = await buildSyncApp(store, { authority, tls: opts.tls ?? false, adminToken: ADMIN_TOKEN, ...(opts.now ? { now: opts.now } : {}) });
  return {
    store,
    app,
    registry,
    authority,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface TestDevice {
  deviceId: string;
  windowId: string;
  regionCode: string;
  certSha256: string;
  privateKey: KeyObject;
  status: DeviceStatus;
}

let deviceCounter = 0;
export function newDeviceId(): string {
  deviceCounter += 1;
  const rnd = crypto.randomBytes(3).toString('hex').toUpperCase().slice(0, 4);
  return `${rnd}${String(deviceCounter % 100).padStart(2, '0')}`.replace(/[^0-9A-Z]/g, '0');
}

export async function createCode(app: FastifyInstance, windowId: string, ttlMinutes?: number): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/admin/enrollment-codes',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { windowId, ...(ttlMinutes ? { ttlMinutes } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`code: ${res.statusCode} ${res.body}`);
  return (res.json() as { code: string }).code;
}

export function csrFor(keys: { publicKey: KeyObject; privateKey: KeyObject }, deviceId: string): string {
  return createCsr({ subject: { CN: `一窗受理设备 ${deviceId}`, serialNumber: deviceId }, ...keys }).pem;
}

export async function enroll(app: FastifyInstance, windowId: string, deviceId = newDeviceId()): Promise<TestDevice> {
  const code = await createCode(app, windowId);
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sync/enroll',
    headers: { 'x-yichuang-schema': '1' },
    payload: { code, deviceId, windowId, csrPem: csrFor(keys, deviceId) },
  });
  if (res.statusCode !== 201) throw new Error(`enroll: ${res.statusCode} ${res.body}`);
  const status = DeviceStatus.parse(res.json());
  return { deviceId, windowId, regionCode: status.regionCode, certSha256: status.certSha256, privateKey: keys.privateKey, status };
}

/** A signed request through app.inject. */
export async function call(app: FastifyInstance, dev: TestDevice, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headersOver: Record<string, string> = {}) {
  const raw = body === undefined ? undefined : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    ...signRequest({ deviceId: dev.deviceId, certSha256: dev.certSha256, privateKey: dev.privateKey }, { method, target: url, ...(raw ? { body: raw } : {}) }),
    ...(raw ? { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' } : {}),
    ...headersOver,
  };
  const res = await app.inject({ method, url, headers, ...(raw ? { payload: raw } : {}) });
  return { status: res.statusCode, body: res.body.length ? (res.json() as unknown) : null, headers: res.headers, raw: res };
}

export async function implementationFor(store: Store, regionCode: string): Promise<{ implementationCode: string; regionCode: string }> {
  const [row] = await store.db.query<{ implementation_code: string; region_code: string }>(
    `SELECT implementation_code, region_code FROM implementations WHERE region_code = $1 AND status = 'active' ORDER BY implementation_code LIMIT 1`,
    [regionCode],
  );
  if (!row) throw new Error(`no implementation in ${regionCode}`);
  return { implementationCode: row.implementation_code, regionCode: row.region_code.trim() };
}

export interface CaseSpec {
  device: Pick<TestDevice, 'deviceId' | 'windowId' | 'regionCode'>;
  item: { implementationCode: string; regionCode: string };
  /** Case number sequence on the device. */
  caseSeq: number;
  /** Extra events after "received" (types). */
  more?: string[];
  blobs?: string[];
  windowRegionCode?: string;
}

/** The events of a case as the window makes them (received, then a decision…). */
export async function caseEvents(spec: CaseSpec): Promise<{ caseId: string; caseNumber: string; events: CaseEvent[] }> {
  const caseId = crypto.randomUUID();
  const windowRegionCode = spec.windowRegionCode ?? spec.device.regionCode;
  const caseNumber = formatCaseNumber({ regionCode: windowRegionCode, date: '2025-09-30', deviceId: spec.device.deviceId, seq: spec.caseSeq });
  const events: CaseEvent[] = [];
  events.push(
    await appendEvent(null, {
      caseId,
      type: 'received',
      at: '2025-09-30T09:00:00+08:00',
      actor: 'c-130102-01-1',
      data: {
        id: caseId,
        caseNumber,
        windowId: spec.device.windowId,
        windowRegionCode,
        deviceId: spec.device.deviceId,
        item: { ...spec.item, name: '测试事项' },
        applicant: { kind: 'person', name: '张三', documentType: '111', documentNumber: '110101199003077777' },
        status: 'received',
      },
    }),
  );
  for (const type of spec.more ?? ['accepted'])
    events.push(await appendEvent(events.at(-1)!, { caseId, type, at: '2025-09-30T09:05:00+08:00', actor: 'c-130102-01-1', data: { status: type } }));
  return { caseId, caseNumber, events };
}

/** Records for events, numbered from `deviceSeq`. */
export function recordsFor(dev: Pick<TestDevice, 'deviceId' | 'windowId'>, events: CaseEvent[], deviceSeq: number, blobs: string[][] = []): SyncRecord[] {
  return events.map((event, i) => ({
    id: crypto.randomUUID(),
    deviceId: dev.deviceId,
    deviceSeq: deviceSeq + i,
    windowId: dev.windowId,
    caseId: event.caseId,
    event,
    blobs: blobs[i] ?? [],
    createdAt: '2025-09-30T09:06:00+08:00',
  }));
}

export function sign(dev: Pick<TestDevice, 'privateKey'>, records: SyncRecord[]): SignedRecord[] {
  return records.map((record) => ({ record, signature: signRecord(record, dev.privateKey) }));
}

export async function push(app: FastifyInstance, dev: TestDevice, records: SyncRecord[]) {
  return call(app, dev, 'POST', '/v1/sync/push', { records: sign(dev, records) });
}
