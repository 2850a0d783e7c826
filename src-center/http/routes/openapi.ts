/** GET /openapi.json: the OpenAPI 3 document generated from the route schemas. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const OpenApiDocument = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe('OpenAPI 3 document');

export const openapiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/openapi.json',
    {
      schema: {
        summary: '接口文档（OpenAPI 3）',
        description: 'The OpenAPI document of this center, generated from the route schemas.',
        tags: ['system'],
        response: { 200: OpenApiDocument },
      },
    },
    async () => app.swagger() as unknown as z.infer<typeof OpenApiDocument>,
  );
};
