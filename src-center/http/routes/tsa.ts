/**
 * POST /v1/tsa: the province's RFC 3161 timestamp service. Body: a DER TimeStampReq
 * (application/timestamp-query); answer: a DER TimeStampResp (application/timestamp-reply),
 * status granted with a token signed by the TSA certificate, or a rejection naming the
 * reason (PKIFailureInfo and a Chinese status text). The clerk app stamps each signature
 * value with it (PAdES B-T); `openssl ts -query … | curl --data-binary @- …` works too.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CenterPki } from '../../pki/index';
import { TSP_MEDIA } from '../../../src-node/pades/tsp';
import { HttpError } from '../errors';

/** A TimeStampReq is a few hundred bytes; anything far larger is not one. */
const MAX_REQUEST_BYTES = 16 * 1024;

export const tsaRoutes: FastifyPluginAsyncZod<{ pki: () => Promise<CenterPki> }> = async (app, { pki }) => {
  app.addContentTypeParser(TSP_MEDIA.query, { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    '/v1/tsa',
    {
      schema: {
        summary: '时间戳服务 (RFC 3161)',
        description:
          'Body: DER TimeStampReq (Content-Type application/timestamp-query). Answer: DER TimeStampResp (application/timestamp-reply): 200 with a token signed by the province TSA certificate, 400 with a rejection (PKIFailureInfo, status text).',
        tags: ['pki'],
        consumes: [TSP_MEDIA.query],
        produces: [TSP_MEDIA.reply],
      },
    },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== TSP_MEDIA.query) {
        throw new HttpError(415, 'unsupported_media_type', `Content-Type 必须是 ${TSP_MEDIA.query}，收到 ${type || '（无）'} (Content-Type must be ${TSP_MEDIA.query})`, 'content-type');
      }
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new HttpError(400, 'validation_failed', `请求体必须是 DER 编码的 TimeStampReq（Content-Type: ${TSP_MEDIA.query}）(body must be a DER TimeStampReq)`, 'body');
      }
      const answer = await (await pki()).timestamp(body);
      return reply.code(answer.status).type(TSP_MEDIA.reply).header('cache-control', 'no-store').send(answer.body);
    },
  );
};
