/**
 * The center's sync service: a second Fastify app on its own HTTPS port
 * (CENTER_SYNC_PORT, default 4781) with a server certificate from the province root. The
 * public, read-only data (catalog, regions, windows, calendar, health, OpenAPI) stays on
 * the HTTP port; everything a device sends, and everything scoped to a device, is here:
 *
 *   POST /v1/admin/enrollment-codes          operator (bearer CENTER_ADMIN_TOKEN): a one-time code for a window
 *   POST /v1/admin/devices/:deviceId/revoke  operator: revoke a device's certificates
 *   POST /v1/sync/enroll                     CSR + code → device certificate (no signature yet)
 *   GET  /v1/sync/device                     signed: the device as the center knows it (heartbeat)
 *   POST /v1/sync/push                       signed: a batch of signed records → one result each
 *   POST /v1/sync/blobs/status               signed: byte ranges held per blob
 *   PUT  /v1/sync/blobs/:sha256              signed: one chunk (application/octet-stream)
 *   GET  /v1/sync/changes                    signed: changes after a cursor, scoped to the device
 *   …/v1/admin/proxy-authorisations, GET /v1/sync/proxy-authorisations: proxy acceptance (http/routes/proxy.ts)
 *   POST /v1/sync/verify/person|organisation, /v1/sync/licences: shared-data checks (shared-data-route.ts)
 *   GET  /v1/sync/results/:resultId/pdf    signed: a province-sealed result PDF, for its counties (results-route.ts)
 *
 * Stateless: any number of processes on one PostgreSQL answer alike (nonces, records,
 * blobs and the change log are all in the database).
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import {
  BlobState,
  BlobStatusRequest,
  BlobStatusResponse,
  Change,
  CreateEnrollmentCodeRequest,
  DeviceStatus,
  EnrollmentCodeResponse,
  EnrollRequest,
  ErrorBody,
  Health,
  PullResponse,
  PushResponse,
  Receipt,
  RecordResult,
  SignedRecord,
  SyncRecord,
} from '../../src-shared/protocol/sync';
import { createBaseApp } from '../http/base-app';
import { HttpError } from '../http/errors';
import { blobRoutes } from '../http/routes/blobs';
import { deviceRoutes } from '../http/routes/devices';
import { healthRoutes } from '../http/routes/health';
import { openapiRoutes } from '../http/routes/openapi';
import { pullRoutes } from '../http/routes/pull';
import { proxyRoutes } from '../http/routes/proxy';
import { sharedDataRoutes } from './shared-data-route';
import { resultLogRoutes } from './result-log-route';
import { resultRoutes } from './results-route';
import { syncRoutes } from '../http/routes/sync';
import type { Store } from '../store/index';
import type { SyncAuthority } from './authority';
import { DeviceRegistry } from './registry';
import type { SyncContext } from './context';
export { deviceOf, signed, type SyncContext } from './context';

export interface SyncAppOptions {
  authority: SyncAuthority;
  /** false: plain HTTP (app.inject tests, or behind a TLS-terminating proxy). Default: HTTPS with the authority's server certificate. */
  tls?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Operator token; default process.env.CENTER_ADMIN_TOKEN. */
  adminToken?: string;
  /** Clock (tests). */
  now?: () => number;
}

/** Largest JSON body (a push of 200 records with their case data). */
export const SYNC_JSON_LIMIT = 8 * 1024 * 1024;

type Meta = { id?: string | undefined; [key: string]: unknown };
const registryOfSchemas = z.registry<Meta>();
for (const [id, schema] of Object.entries({
  ErrorBody,
  Health,
  DeviceStatus,
  EnrollRequest,
  CreateEnrollmentCodeRequest,
  EnrollmentCodeResponse,
  SyncRecord,
  SignedRecord,
  Receipt,
  RecordResult,
  PushResponse,
  BlobStatusRequest,
  BlobStatusResponse,
  BlobState,
  Change,
  PullResponse,
})) {
  registryOfSchemas.add(schema, { id });
}

export async function buildSyncApp(store: Store, opts: SyncAppOptions): Promise<{ app: FastifyInstance; registry: DeviceRegistry }> {
  const app = await createBaseApp({
    server: {
      logger: opts.logger ?? false,
      bodyLimit: SYNC_JSON_LIMIT,
      // A stalled client must not hold a connection forever.
      connectionTimeout: 0,
      requestTimeout: 120_000,
      keepAliveTimeout: 65_000,
    },
    ...(opts.tls !== false ? { https: { key: opts.authority.tls.key, cert: opts.authority.tls.cert } } : {}),
    setup: (app) => {
      app.decorateRequest('rawBody', null);
      app.decorateRequest('syncDevice', null);
      app.removeContentTypeParser('application/json');
      app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: SYNC_JSON_LIMIT }, (req, body, done) => {
        const buf = body as Buffer;
        req.rawBody = buf;
        if (buf.length === 0) return done(null, undefined);
        try {
          done(null, JSON.parse(buf.toString('utf8')));
        } catch {
          done(new HttpError(400, 'invalid_json', '请求体不是有效的 JSON (body is not valid JSON)', 'body'), undefined);
        }
      });
      app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 + 64 * 1024 }, (req, body, done) => {
        req.rawBody = body as Buffer;
        done(null, body);
      });
    },
    // Every sync request states its protocol version; versions the center no longer speaks are told to upgrade.
    schemaVersion: (url) => (url.startsWith('/v1/sync/') ? 'required' : 'none'),
    openapi: {
      title: '一窗受理 省级中心 同步服务 (Yichuang provincial center: sync)',
      description:
        'Device enrollment, signed pushes of case records, chunked blob upload and scoped pulls. Every /v1/sync request except enroll is signed ' +
        '(headers x-yichuang-device, -cert, -timestamp, -nonce, -content-sha256, -signature; see src-node/sync-auth/README.md).',
      tags: [
        { name: 'system', description: '健康检查与接口文档' },
        { name: 'devices', description: '设备登记与证书' },
        { name: 'sync', description: '记录、扫描件与变更' },
        { name: 'proxy', description: '帮办代办（跨地域受理）授权' },
        { name: 'shared-data', description: '共享数据核验与电子证照（人口库、法人库、证照库）' },
      ],
      schemaRegistry: registryOfSchemas,
    },
  });

  const registry = new DeviceRegistry(store, opts.authority, opts.now);
  const ctx: SyncContext = { store, registry, adminToken: opts.adminToken ?? process.env.CENTER_ADMIN_TOKEN, now: opts.now ?? Date.now };
  await app.register(healthRoutes, { store });
  await app.register(openapiRoutes);
  await app.register(deviceRoutes, ctx);
  await app.register(syncRoutes, ctx);
  await app.register(blobRoutes, ctx);
  await app.register(pullRoutes, ctx);
  await app.register(proxyRoutes, ctx);
  await app.register(sharedDataRoutes, ctx);
  await app.register(resultRoutes, ctx);
  await app.register(resultLogRoutes, ctx);
  await app.ready();
  await registry.publishCrl();
  return { app, registry };
}
