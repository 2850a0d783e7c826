/** GET /health: liveness plus which store the center runs on. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Health } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { CENTER_VERSION } from '../../version';
import { errors } from '../schemas';

export const healthRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/health',
    {
      schema: {
        summary: '健康检查',
        description: 'Liveness of the center and the kind of store it runs on.',
        tags: ['system'],
        response: { 200: Health, ...errors(426) },
      },
    },
    async () => ({
      status: 'ok' as const,
      service: 'yichuang-center' as const,
      version: CENTER_VERSION,
      store: store.kind,
      time: new Date().toISOString(),
    }),
  );
};
