/** GET /v1/regions: the province's region tree (GB/T 2260), parents before children. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RegionsResponse } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { errors } from '../schemas';

export const regionRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/regions',
    {
      schema: {
        summary: '行政区划',
        description: 'The province, its cities and their county-level divisions (GB/T 2260 codes).',
        tags: ['catalog'],
        response: { 200: RegionsResponse, ...errors(426) },
      },
    },
    async () => ({ regions: await store.regions() }),
  );
};
