/** GET /v1/windows and /v1/windows/:id: service windows and their clerks. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServiceWindow } from '../../../src-shared/domain/catalog';
import { WindowsResponse } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { HttpError } from '../errors';
import { errors } from '../schemas';

const WindowParams = z.object({
  id: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '窗口编号只能包含字母、数字和连字符，最长64位'),
});

export const windowRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/windows',
    {
      schema: {
        summary: '窗口列表',
        description: 'Active service windows of the province with their clerks.',
        tags: ['windows'],
        response: { 200: WindowsResponse, ...errors(426) },
      },
    },
    async () => ({ windows: await store.windows() }),
  );

  app.get(
    '/v1/windows/:id',
    {
      schema: {
        summary: '窗口详情',
        description: 'One service window with its clerks.',
        tags: ['windows'],
        params: WindowParams,
        response: { 200: ServiceWindow, ...errors(400, 404, 426) },
      },
    },
    async (req) => {
      const w = await store.window(req.params.id);
      if (!w) throw new HttpError(404, 'window_not_found', `窗口 ${req.params.id} 不存在 (id: no such window)`, 'id');
      return w;
    },
  );
};
