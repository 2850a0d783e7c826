/** POST /v1/sync/push (sync port, signed): a batch of signed records, one result each, in order. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUSH_MAX_RECORDS, PushResponse } from '../../../src-shared/protocol/sync';
import { deviceOf, signed, type SyncContext } from '../../sync/context';
import { applyPush } from '../../sync/push';
import { errors } from '../schemas';

/**
 * The envelope only: each element is a SignedRecord, validated one by one so that a
 * malformed record is rejected alone (invalid_record, naming the field) instead of
 * failing the whole batch.
 */
const PushEnvelope = z.object({
  records: z
    .array(z.object({ record: z.unknown().describe('SyncRecord'), signature: z.string().min(1).max(2048) }))
    .min(1)
    .max(PUSH_MAX_RECORDS),
});

export const syncRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.post(
    '/v1/sync/push',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '提交记录',
        description:
          'Records (SignedRecord) are applied one by one, each in its own transaction: accepted (receipt), duplicate (the original receipt), ' +
          'rejected (code, field, message) or retry-later (missing blobs listed, earlier events missing, busy). Signed.',
        tags: ['sync'],
        body: PushEnvelope,
        response: { 200: PushResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => {
      const results = await applyPush(ctx.store.db, deviceOf(req), req.body.records);
      return { results, serverTime: new Date(ctx.now()).toISOString() };
    },
  );
};
