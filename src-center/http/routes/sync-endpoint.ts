/** GET /v1/sync-endpoint (public HTTP port): where the HTTPS sync service listens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SyncEndpoint } from '../../../src-shared/protocol/sync';
import type { SyncEndpointSource } from '../../sync/server';
import { HttpError } from '../errors';
import { errors } from '../schemas';

export const syncEndpointRoutes: FastifyPluginAsyncZod<{ source: SyncEndpointSource }> = async (app, { source }) => {
  app.get(
    '/v1/sync-endpoint',
    {
      schema: {
        summary: '同步服务地址',
        description:
          'The HTTPS address of the sync service (enrollment, push, blobs, pull) and the fingerprint of the province root it is certified by. ' +
          'CENTER_SYNC_PUBLIC_URL overrides the address (proxies).',
        tags: ['system'],
        response: { 200: SyncEndpoint, ...errors(404, 426) },
      },
    },
    async (req) => {
      if (!source.port || !source.rootSha256)
        throw new HttpError(404, 'sync_disabled', '本中心未启用同步服务 (CENTER_SYNC_PORT=off or not started)');
      const host = req.hostname.includes(':') && !req.hostname.startsWith('[') ? `[${req.hostname}]` : req.hostname;
      return { url: source.publicUrl ?? `https://${host}:${source.port}`, rootSha256: source.rootSha256 };
    },
  );
};
