/** GET /v1/sync/changes (sync port, signed): changes after a cursor, scoped to the device's county and role. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PullQuery, PullResponse } from '../../../src-shared/protocol/sync';
import { deviceOf, signed, type SyncContext } from '../../sync/context';
import { pullChangesJson } from '../../sync/changes';
import { errors } from '../schemas';

export const pullRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.get(
    '/v1/sync/changes',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '拉取变更',
        description:
          "Catalog versions, calendar years, CRLs, notices and the status events of the device's county's cases, after the cursor. " +
          'The cursor never passes over a change committed later by a slower transaction. Signed.',
        tags: ['sync'],
        querystring: PullQuery,
        response: { 200: PullResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req, reply) => {
      const page = await pullChangesJson(ctx.store.db, deviceOf(req), req.query.cursor, req.query.limit ?? 500);
      // The changes arrive as JSON text from the database (see pullChangesJson); clients validate.
      const body = `{"changes":[${page.changesJson.join(',')}],"cursor":${JSON.stringify(page.cursor)},"more":${page.more},"serverTime":"${new Date(ctx.now()).toISOString()}"}`;
      return reply.type('application/json; charset=utf-8').send(body as unknown as PullResponse);
    },
  );
};
