/**
 * GET /v1/pki/root: the province root certificate (PEM), the trust anchor of every
 * signature and seal. GET /v1/pki/crl: the current certificate revocation list (DER,
 * application/pkix-crl), as named in the certificates' CRL distribution point; the clerk
 * app caches it and refuses to sign once it is past its nextUpdate.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CenterPki } from '../../pki/index';

export const pkiRoutes: FastifyPluginAsyncZod<{ pki: () => Promise<CenterPki> }> = async (app, { pki }) => {
  app.get(
    '/v1/pki/root',
    {
      schema: {
        summary: '省级根证书',
        description: 'The province root CA certificate, PEM (application/x-pem-file).',
        tags: ['pki'],
        produces: ['application/x-pem-file'],
      },
    },
    async (_req, reply) => {
      const p = await pki();
      return reply.type('application/x-pem-file').header('cache-control', 'public, max-age=3600').send(p.rootPem());
    },
  );

  app.get(
    '/v1/pki/crl',
    {
      schema: {
        summary: '证书吊销列表 (CRL)',
        description: 'The current CRL of the province root, DER (application/pkix-crl). Re-issued before its nextUpdate.',
        tags: ['pki'],
        produces: ['application/pkix-crl'],
      },
    },
    async (_req, reply) => {
      const p = await pki();
      const der = await p.crlDer();
      const maxAge = Math.max(0, Math.min(300, Math.floor((p.crlNextUpdate.getTime() - Date.now()) / 1000)));
      return reply.type('application/pkix-crl').header('cache-control', `public, max-age=${maxAge}`).send(der);
    },
  );
};
