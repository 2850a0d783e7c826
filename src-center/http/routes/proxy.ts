/**
 * Proxy authorisations (帮办代办, rule 13). Operators (bearer CENTER_ADMIN_TOKEN) create,
 * list and revoke them — on the sync service and, for the operator pages of the console, on
 * the public port too (proxyAdminRoutes, the same handlers and token); a window's device
 * (signed, sync service only) reads its window's current ones. Contract:
 * src-shared/protocol/proxy.ts.
 *
 *   POST /v1/admin/proxy-authorisations             create → 201
 *   GET  /v1/admin/proxy-authorisations             list (?windowId, ?regionCode, ?on)
 *   POST /v1/admin/proxy-authorisations/:id/revoke  revoke → the authorisation (409 if already revoked)
 *   GET  /v1/sync/proxy-authorisations              signed: the device's window's, not revoked, not ended
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateProxyAuthorisationRequest,
  DeviceProxyAuthorisations,
  ProxyAuthorisation,
  ProxyAuthorisationList,
  ProxyAuthorisationQuery,
  RevokeProxyAuthorisationRequest,
} from '../../../src-shared/protocol/proxy';
import { ProxyStore } from '../../proxy/store';
import type { Store } from '../../store/index';
import { deviceOf, signed, type SyncContext } from '../../sync/context';
import { requireAdmin } from '../admin-auth';
import { errors } from '../schemas';

const Errors = { ...errors(400, 401, 403, 404, 426, 500), 409: errors(400)[400]! };

export interface ProxyAdminOptions {
  store: Store;
  /** The operator token; absent: CENTER_ADMIN_TOKEN from the environment. */
  adminToken?: string | undefined;
  now?: () => number;
}

/** The operators' routes: create, list, revoke. */
export const proxyAdminRoutes: FastifyPluginAsyncZod<ProxyAdminOptions> = async (app, opts) => {
  const proxies = new ProxyStore(opts.store, opts.now ?? Date.now);
  // The token is checked before the body: a caller without it learns nothing of the schema.
  const operator = async (req: FastifyRequest) => requireAdmin(req, opts.adminToken ?? process.env.CENTER_ADMIN_TOKEN);

  app.post(
    '/v1/admin/proxy-authorisations',
    {
      preValidation: operator,
      schema: {
        summary: '创建代办授权 (管理)',
        description:
          'Authorises a window to accept the listed national items of another region (the exact region of the implementations) from validFrom to validTo inclusive (Asia/Shanghai). ' +
          'The window must be active, the region known and outside the window’s own scope, each item implemented (active) there. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['proxy'],
        body: CreateProxyAuthorisationRequest,
        response: { 201: ProxyAuthorisation, ...Errors },
      },
    },
    async (req, reply) => {
      return reply.code(201).send(await proxies.create(req.body));
    },
  );

  app.get(
    '/v1/admin/proxy-authorisations',
    {
      preValidation: operator,
      schema: {
        summary: '代办授权列表 (管理)',
        description: 'Every authorisation (revoked ones included), optionally of one window, one target region, or in force on one date. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['proxy'],
        querystring: ProxyAuthorisationQuery,
        response: { 200: ProxyAuthorisationList, ...Errors },
      },
    },
    async (req) => {
      return { authorisations: await proxies.list(req.query) };
    },
  );

  app.post(
    '/v1/admin/proxy-authorisations/:id/revoke',
    {
      preValidation: operator,
      schema: {
        summary: '撤销代办授权 (管理)',
        description: 'Revokes an authorisation from now on: cases received before the revocation stay covered, later ones are refused (proxy_unauthorised). Bearer CENTER_ADMIN_TOKEN.',
        tags: ['proxy'],
        params: z.object({ id: z.uuid() }),
        body: RevokeProxyAuthorisationRequest,
        response: { 200: ProxyAuthorisation, ...Errors },
      },
    },
    async (req) => {
      return proxies.revoke(req.params.id, req.body);
    },
  );
};

/** The sync service's: the operators' routes and the device's own. */
export const proxyRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  const proxies = new ProxyStore(ctx.store, ctx.now);
  await app.register(proxyAdminRoutes, { store: ctx.store, adminToken: ctx.adminToken, now: ctx.now });

  app.get(
    '/v1/sync/proxy-authorisations',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '本窗口的代办授权',
        description:
          'The signing device’s window’s proxy authorisations that are not revoked and not yet ended (including those starting later), with the window’s own regions and the center’s date. Signed.',
        tags: ['sync'],
        response: { 200: DeviceProxyAuthorisations, ...Errors },
      },
    },
    async (req) => proxies.forDevice(deviceOf(req)),
  );
};
