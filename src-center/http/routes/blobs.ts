/**
 * Blobs (sync port, signed): which byte ranges the center holds, and one chunk at a time.
 * See src-center/sync/blobs.ts for storage and hash verification.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BlobChunkQuery, BlobState, BlobStatusRequest, BlobStatusResponse } from '../../../src-shared/protocol/sync';
import { Sha256Hex } from '../../../src-shared/domain/event-chain';
import { signed, type SyncContext } from '../../sync/context';
import { blobStates, putChunk } from '../../sync/blobs';
import { HttpError } from '../errors';
import { errors } from '../schemas';

export const blobRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.post(
    '/v1/sync/blobs/status',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '扫描件上传进度',
        description: 'For each blob: complete (hash verified), partial (the byte ranges held) or absent. Signed.',
        tags: ['sync'],
        body: BlobStatusRequest,
        response: { 200: BlobStatusResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => ({ blobs: await blobStates(ctx.store.db, req.body.blobs) }),
  );

  app.put(
    '/v1/sync/blobs/:sha256',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '上传扫描件分块',
        description:
          'Body: the bytes [offset, offset + length) of the blob, application/octet-stream, at most 4 MiB. Bytes already held are skipped; ' +
          'when the blob is whole its SHA-256 is checked (422 and the bytes discarded on mismatch). Answers the blob state. Signed.',
        tags: ['sync'],
        params: z.object({ sha256: Sha256Hex }),
        querystring: BlobChunkQuery,
        response: { 200: BlobState, ...errors(400, 401, 403, 426, 500), 409: errors(400)[400]!, 413: errors(400)[400]!, 422: errors(400)[400]! },
      },
    },
    async (req) => {
      const body = req.body as unknown;
      if (!(body instanceof Uint8Array))
        throw new HttpError(415, 'unsupported_media_type', '分块必须以 application/octet-stream 发送 (send chunks as application/octet-stream)', 'content-type');
      return putChunk(ctx.store.db, req.params.sha256, req.query.size, req.query.offset, body);
    },
  );
};
