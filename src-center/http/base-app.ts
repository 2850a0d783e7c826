/**
 * What both center apps (the public HTTP app in app.ts, the HTTPS sync service in
 * sync/app.ts) are built on: zod validator and serializer compilers, the uniform ErrorBody
 * error handling, the sync schema-version check, and the OpenAPI document from a zod schema
 * registry. The caller adds its routes and calls ready().
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { SCHEMA_VERSION_HEADER, SYNC_SCHEMA_VERSION } from '../../src-shared/protocol/sync';
import { HttpError, installErrorHandling } from './errors';
import { CENTER_VERSION } from '../version';

/**
 * How a request's schema-version header is checked: 'required' (sync requests must state
 * it), 'optional' (checked when sent), 'none' (not looked at).
 */
export type SchemaVersionRule = 'required' | 'optional' | 'none';

export interface BaseAppOptions {
  /** Fastify server options (requestIdHeader is always x-request-id). */
  server: Pick<FastifyServerOptions, 'logger' | 'bodyLimit' | 'connectionTimeout' | 'requestTimeout' | 'keepAliveTimeout'>;
  /** HTTPS key and certificate; absent: plain HTTP. */
  https?: { key: string; cert: string };
  /**
   * Plugins, decorators and parsers that must be in place before the version check runs
   * (CORS first, so that its refusals still carry the CORS headers a browser needs to read them).
   */
  setup?: (app: FastifyInstance) => PromiseLike<unknown> | void;
  schemaVersion: (url: string) => SchemaVersionRule;
  openapi: {
    title: string;
    description: string;
    tags: { name: string; description: string }[];
    schemaRegistry: NonNullable<Parameters<typeof createJsonSchemaTransform>[0]['schemaRegistry']>;
  };
}

export async function createBaseApp(opts: BaseAppOptions): Promise<FastifyInstance> {
  const server = { ...opts.server, requestIdHeader: 'x-request-id' };
  const app = (opts.https ? Fastify({ ...server, https: opts.https }) : Fastify(server)) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await opts.setup?.(app);

  // Clients state their sync schema version; versions the center no longer speaks are told to upgrade.
  app.addHook('onRequest', async (req) => {
    const rule = opts.schemaVersion(req.url);
    if (rule === 'none') return;
    const raw = req.headers[SCHEMA_VERSION_HEADER];
    if (raw === undefined && rule === 'optional') return;
    const text = Array.isArray(raw) ? raw[0] : raw;
    if (!text && rule === 'required')
      throw new HttpError(400, 'validation_failed', `请求头 ${SCHEMA_VERSION_HEADER} 为必填项：同步请求必须声明协议版本 (schema version header required)`, SCHEMA_VERSION_HEADER);
    if (!text || !/^\d{1,6}$/.test(text.trim()))
      throw new HttpError(400, 'validation_failed', `请求头 ${SCHEMA_VERSION_HEADER} 不合法：必须是正整数 (schema version must be an integer)`, SCHEMA_VERSION_HEADER);
    const version = Number(text.trim());
    if (version < SYNC_SCHEMA_VERSION)
      throw new HttpError(
        426,
        'schema_too_old',
        `客户端同步协议版本 ${version} 低于中心要求的版本 ${SYNC_SCHEMA_VERSION}，请升级一窗受理客户端 (${SCHEMA_VERSION_HEADER} too old: upgrade required)`,
        SCHEMA_VERSION_HEADER,
      );
  });

  const { title, description, tags, schemaRegistry } = opts.openapi;
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { title, description, version: CENTER_VERSION }, tags },
    transform: createJsonSchemaTransform({ schemaRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry }),
  });
  return app;
}
