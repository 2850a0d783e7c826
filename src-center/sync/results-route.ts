/**
 * GET /v1/sync/results/:resultId/pdf (sync port, signed): the sealed PDF of a result, for a
 * device of the collect window's county or of the county whose window accepted the case.
 * Any other device gets 404, exactly as for an id that does not exist (it learns nothing).
 * The bytes are streamed chunk by chunk from the blob store, with their SHA-256 in
 * x-content-sha256 (the window checks it, then verifies signature, chain and revocation
 * before it prints).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blobStream, resultForRegion } from '../results/index';
import { errors } from '../http/schemas';
import { HttpError } from '../http/errors';
import { deviceOf, signed, type SyncContext } from './context';

export const resultRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.get(
    '/v1/sync/results/:resultId/pdf',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '下载结果文书 PDF',
        description:
          "The province-sealed PDF of a result (see the 'result' change), for devices of the collect window's or the accepting window's county; " +
          'others get 404. Header x-content-sha256: the SHA-256 of the body; x-result-status: valid or revoked. Signed.',
        tags: ['sync'],
        params: z.object({ resultId: z.uuid('路径参数 resultId 必须是 UUID (resultId must be a UUID)') }),
        produces: ['application/pdf'],
        response: errors(400, 401, 403, 404, 426, 500),
      },
    },
    async (req, reply) => {
      const device = deviceOf(req);
      const row = await resultForRegion(ctx.store.db, req.params.resultId, device.regionCode);
      if (!row) throw new HttpError(404, 'not_found', `结果文书 ${req.params.resultId} 不存在或不属于本设备所在地区 (no such result for this device)`, 'resultId');
      return reply
        .type('application/pdf')
        .header('content-length', String(row.size))
        .header('x-content-sha256', row.sha256)
        .header('x-result-status', row.status)
        .header('content-disposition', `inline; filename="result-${row.result_id}.pdf"`)
        .header('cache-control', 'private, no-store')
        // A byte stream, not one of the (error) bodies the schema names.
        .send(blobStream(ctx.store.db, row.sha256) as never);
    },
  );
};
