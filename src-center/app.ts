/**
 * The provincial center as a Fastify app: zod schemas from src-shared validate
 * requests and responses and generate the OpenAPI document at /openapi.json; one route
 * module per resource under http/routes; a uniform ErrorBody for every failure.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createBaseApp } from './http/base-app';
import { catalogRoutes } from './http/routes/catalog';
import { calendarRoutes } from './http/routes/calendar';
import { healthRoutes } from './http/routes/health';
import { openapiRoutes } from './http/routes/openapi';
import { regionRoutes } from './http/routes/regions';
import { windowRoutes } from './http/routes/windows';
import { syncEndpointRoutes } from './http/routes/sync-endpoint';
import type { SyncEndpointSource } from './sync/server';
import { pkiRoutes } from './http/routes/pki';
import { tsaRoutes } from './http/routes/tsa';
import { verifyRoutes } from './http/routes/verify';
import { consoleRoutes } from './http/routes/console';
import { consoleAdminRoutes } from './http/routes/console-admin';
import { registerConsoleApp } from './http/routes/console-static';
import { proxyAdminRoutes } from './http/routes/proxy';
import type { WorkflowOptions } from './workflow/index';
import { lazyCenterPki } from './pki/index';
import { schemaRegistry } from './http/schemas';
import { openStore, type Store } from './store/index';

export type CorsOrigin = string | RegExp;

export interface CenterOptions {
  /** postgres://… — PostgreSQL; otherwise PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data directory, or 'memory://' (the default here; `main.ts` defaults to data/center). */
  dataDir?: string;
  /** false (default): silent; true: pino at LOG_LEVEL or info; an object: pino options. */
  logger?: boolean | Record<string, unknown>;
  /** Origins allowed besides the clerk app's own (http://127.0.0.1:*, http://localhost:*, app://yichuang). */
  corsOrigins?: readonly CorsOrigin[];
  /** PKI directory (pki.json: root, CRL, TSA); default CENTER_PKI_DIR or data/pki, demo PKI created on first use. */
  pkiDir?: string;
  /** Where the HTTPS sync service listens (main.ts fills it in); GET /v1/sync-endpoint tells windows. */
  syncEndpoint?: SyncEndpointSource;
  /** The department console and workflow: clock, warning threshold, result issuance, built console directory. */
  workflow?: WorkflowOptions;
}

export interface Center {
  app: FastifyInstance;
  store: Store;
  /** Stops accepting requests, waits for those in flight, then closes the store. Idempotent. */
  close(): Promise<void>;
}

/** The clerk app's origins: the renderer in browser mode (any local port) and in Electron. */
export const CLERK_APP_ORIGINS: readonly CorsOrigin[] = [/^http:\/\/127\.0\.0\.1(:\d+)?$/, /^http:\/\/localhost(:\d+)?$/, 'app://yichuang'];

const REDACT = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-yichuang-token"]',
    'headers.authorization',
    'headers.cookie',
    'res.headers["set-cookie"]',
  ],
  censor: '[redacted]',
};

function loggerOptions(logger: CenterOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? { level: process.env.LOG_LEVEL ?? 'info' } : logger;
  return { ...base, redact: REDACT } as FastifyServerOptions['logger'];
}

/** Builds the app around an already opened store (tests and tools may share one). */
export async function buildApp(store: Store, opts: Pick<CenterOptions, 'logger' | 'corsOrigins' | 'pkiDir' | 'syncEndpoint' | 'workflow'> = {}): Promise<FastifyInstance> {
  const app = await createBaseApp({
    server: {
      logger: loggerOptions(opts.logger),
      // Catalog bodies are a few hundred kB; nothing the center accepts yet is larger than 1 MB.
      bodyLimit: 1024 * 1024,
    },
    // CORS before the version check, so that its refusals reach the browser.
    setup: (app) =>
      app.register(cors, {
        origin: [...CLERK_APP_ORIGINS, ...(opts.corsOrigins ?? [])],
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'],
        exposedHeaders: ['x-catalog-version', 'x-request-id'],
        maxAge: 600,
      }),
    // Clients may send their sync schema version; versions the center no longer speaks are told to upgrade.
    schemaVersion: () => 'optional',
    openapi: {
      title: '一窗受理 省级中心 (Yichuang provincial center)',
      description: 'Catalog, regions and windows served to the county service windows. Schemas are those of src-shared/protocol/sync.ts.',
      tags: [
        { name: 'system', description: '健康检查与接口文档' },
        { name: 'catalog', description: '事项目录与行政区划' },
        { name: 'windows', description: '窗口与受理人员' },
        { name: 'pki', description: '根证书、CRL 与时间戳服务' },
        { name: 'console', description: '部门审查工作台：登录、待办、审查与出具结果' },
      ],
      schemaRegistry,
    },
  });

  await app.register(healthRoutes, { store });
  await app.register(openapiRoutes);
  await app.register(catalogRoutes, { store });
  await app.register(regionRoutes, { store });
  await app.register(windowRoutes, { store });
  await app.register(calendarRoutes, { store });
  const pki = lazyCenterPki(opts.pkiDir ?? process.env.CENTER_PKI_DIR ?? 'data/pki');
  await app.register(pkiRoutes, { pki });
  await app.register(tsaRoutes, { pki });
  await app.register(verifyRoutes, { store });
  const { consoleDir, ...workflow } = opts.workflow ?? {};
  await app.register(consoleRoutes, { store, pki, ...workflow });
  await app.register(consoleAdminRoutes, { store });
  // The operator pages of the console (same origin) manage proxy authorisations here too.
  await app.register(proxyAdminRoutes, { store });
  await registerConsoleApp(app, consoleDir);
  await app.register(syncEndpointRoutes, { source: opts.syncEndpoint ?? { port: null, rootSha256: null } });
  await app.ready();
  return app;
}

/** Opens the store (migrating and seeding as needed) and builds the app. Does not listen. */
export async function createCenter(opts: CenterOptions = {}): Promise<Center> {
  const storeOpts: { databaseUrl?: string; dataDir?: string } = {};
  if (opts.databaseUrl) storeOpts.databaseUrl = opts.databaseUrl;
  if (opts.dataDir) storeOpts.dataDir = opts.dataDir;
  const store = await openStore(storeOpts);
  let app: FastifyInstance;
  try {
    app = await buildApp(store, opts);
  } catch (err) {
    await store.close();
    throw err;
  }
  app.log.info(
    { store: store.label, migrationsApplied: store.startup.migrationsApplied, seeded: store.startup.seed.seeded, ms: store.startup.ms },
    'store ready',
  );
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await store.close();
        }
      })()),
  };
}
