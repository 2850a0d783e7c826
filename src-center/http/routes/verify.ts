/**
 * Public verification of the province's result documents (public HTTP port, no login):
 *
 *   GET  /v1/verify/:code          JSON VerificationAnswer: genuine / revoked / unknown
 *   GET  /verify/:code             the same as a small Chinese HTML page (what the QR code opens)
 *   GET  /verify?code=…            the page's form: 303 to /verify/:code (no code: the form alone)
 *   POST /v1/verify/document       body: the PDF (application/pdf, ≤ 20 MB) → are these exact bytes an issued result?
 *   POST /v1/admin/results/:code/revoke   operator (bearer CENTER_ADMIN_TOKEN): revoke a result
 *   GET  /v1/admin/results/:code/log      operator: the result's downloads, prints and hand-overs (results/trail.ts)
 *
 * Decisions: an unknown but well-formed code is a normal answer (200, status 'unknown'), not
 * an error — a reader of a forged paper gets an answer, not a failure; a code that cannot be
 * one is 400 naming the field `code`. Answers carry no personal data (no applicant; the case
 * number masked) and `cache-control: public, max-age=60`, so a proxy or CDN in front can
 * absorb bursts and rate-limit by path; a revocation shows within a minute. Enumeration is
 * not a threat worth a per-client limit here: codes are 80 random bits.
 */
import { createHash } from 'node:crypto';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Sha256Hex } from '../../../src-shared/domain/event-chain';
import { ResultInfo, RevokeResultRequest, VerificationAnswer } from '../../../src-shared/protocol/workflow';
import { ErrorBody } from '../../../src-shared/protocol/sync';
import { ResultTrail } from '../../../src-shared/protocol/result-log';
import { findResultByCode, findResultBySha256, normalizeCode, resultTrail, revokeResult, verificationAnswer } from '../../results/index';
import { formPage, invalidCodePage, PAGE_CSP, verificationPage } from '../../results/page';
import type { Store } from '../../store/index';
import { requireAdmin } from '../admin-auth';
import { HttpError } from '../errors';
import { errors } from '../schemas';

/** Largest document POST /v1/verify/document accepts. */
export const VERIFY_DOCUMENT_LIMIT = 20 * 1024 * 1024;

/** POST /v1/verify/document's answer. */
export const DocumentCheck = z.object({
  /** SHA-256 of the bytes received. */
  sha256: Sha256Hex,
  size: z.number().int().min(1),
  /** These exact bytes are a result document the province issued. */
  match: z.boolean(),
  /** The result's verification (genuine or revoked) when they match; null otherwise. */
  verification: VerificationAnswer.nullable(),
});
export type DocumentCheck = z.infer<typeof DocumentCheck>;

const CACHE = 'public, max-age=60';
const CodeParams = z.object({ code: z.string().max(200) });

function codeOrThrow(raw: string): string {
  const code = normalizeCode(raw);
  if (!code)
    throw new HttpError(
      400,
      'validation_failed',
      '路径参数 code 不合法：核验码应为16位字母或数字，形如 XXXX-XXXX-XXXX-XXXX (verification code: 16 Crockford base32 characters)',
      'code',
    );
  return code;
}

export const verifyRoutes: FastifyPluginAsyncZod<{ store: Store; adminToken?: string }> = async (app, { store, adminToken }) => {
  const db = store.db;
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: VERIFY_DOCUMENT_LIMIT }, (_req, body, done) => done(null, body));
  // Body-size and media-type refusals of this plugin's routes, in the center's error shape.
  app.setErrorHandler((err: FastifyError) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      throw new HttpError(413, 'document_too_large', `请求体不能超过 ${VERIFY_DOCUMENT_LIMIT / 1048576} MB (document larger than 20 MB)`, 'body');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      throw new HttpError(415, 'unsupported_media_type', 'Content-Type 必须是 application/pdf (Content-Type must be application/pdf)', 'content-type');
    throw err;
  });

  app.get(
    '/v1/verify/:code',
    {
      schema: {
        summary: '核验结果文书（JSON）',
        description:
          'Is a printed result genuine? 200 genuine / revoked (with the reason) / unknown; 400 when the code cannot be one. ' +
          'Case number masked; no personal data. Cacheable for 60 s.',
        tags: ['verify'],
        params: CodeParams,
        response: { 200: VerificationAnswer, ...errors(400, 426, 500) },
      },
    },
    async (req, reply) => {
      const code = codeOrThrow(req.params.code);
      const answer = verificationAnswer(code, await findResultByCode(db, code));
      return reply.header('cache-control', CACHE).header('x-robots-tag', 'noindex').send(answer);
    },
  );

  const htmlHeaders = { 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' };

  app.get(
    '/verify/:code',
    { schema: { summary: '核验结果文书（网页）', description: 'The public page the QR code on a result opens (Chinese, self-contained).', tags: ['verify'], params: CodeParams } },
    async (req, reply) => {
      reply.headers(htmlHeaders).type('text/html; charset=utf-8');
      const code = normalizeCode(req.params.code);
      if (!code) return reply.code(400).header('cache-control', 'no-store').send(invalidCodePage(req.params.code));
      const answer = verificationAnswer(code, await findResultByCode(db, code));
      return reply.header('cache-control', CACHE).send(verificationPage(answer));
    },
  );

  app.get(
    '/verify',
    {
      schema: {
        summary: '核验表单',
        description: 'Without a code: the form. With ?code=: 303 to /verify/:code (or the page explaining the format).',
        tags: ['verify'],
        querystring: z.object({ code: z.string().max(200).optional() }),
      },
    },
    async (req, reply) => {
      reply.headers(htmlHeaders).type('text/html; charset=utf-8');
      const given = req.query.code?.trim();
      if (!given) return reply.header('cache-control', CACHE).send(formPage());
      const code = normalizeCode(given);
      if (!code) return reply.code(400).header('cache-control', 'no-store').send(invalidCodePage(given));
      return reply.code(303).header('cache-control', 'no-store').redirect(`/verify/${code}`, 303);
    },
  );

  app.post(
    '/v1/verify/document',
    {
      bodyLimit: VERIFY_DOCUMENT_LIMIT,
      schema: {
        summary: '核验结果文书文件（按摘要）',
        description:
          'Body: the PDF exactly as received (application/pdf, at most 20 MB). Answers whether these bytes are a result the province issued ' +
          '(SHA-256 match) and its status. One changed byte is no match.',
        tags: ['verify'],
        consumes: ['application/pdf'],
        response: { 200: DocumentCheck, ...errors(400, 426, 500), 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/pdf' || !Buffer.isBuffer(req.body))
        throw new HttpError(415, 'unsupported_media_type', `Content-Type 必须是 application/pdf，收到 ${type || '（无）'} (Content-Type must be application/pdf)`, 'content-type');
      const bytes = req.body;
      if (bytes.length === 0) throw new HttpError(400, 'validation_failed', '请求体不能为空：请上传 PDF 文件 (body is empty)', 'body');
      if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0)
        throw new HttpError(400, 'validation_failed', '请求体不是 PDF 文件：开头没有 %PDF- 标记 (body is not a PDF)', 'body');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const row = await findResultBySha256(db, sha256);
      const answer: DocumentCheck = { sha256, size: bytes.length, match: row !== null, verification: row ? verificationAnswer(row.verification_code, row) : null };
      return reply.header('cache-control', 'no-store').send(answer);
    },
  );

  app.post(
    '/v1/admin/results/:code/revoke',
    {
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '撤销结果文书 (管理)',
        description: 'Operators revoke an issued result: status revoked, a new result change to the windows. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['verify'],
        params: CodeParams,
        body: RevokeResultRequest,
        response: { 200: ResultInfo, ...errors(400, 401, 403, 404, 426, 500), 409: ErrorBody },
      },
    },
    async (req) => revokeResult(db, codeOrThrow(req.params.code), req.body.reason),
  );

  app.get(
    '/v1/admin/results/:code/log',
    {
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '结果文书的下载、打印与领取记录 (管理)',
        description:
          "Operators and auditors: every download, print and hand-over of a result, from the accepting window's case log and a collect window's result log, oldest first; " +
          'copies printed, hand-overs, and handedOverTwice when two windows handed it over. Collectors’ document numbers masked. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['verify'],
        params: CodeParams,
        response: { 200: ResultTrail, ...errors(400, 401, 403, 404, 426, 500) },
      },
    },
    async (req, reply) => {
      const code = codeOrThrow(req.params.code);
      const row = await findResultByCode(db, code);
      if (!row) throw new HttpError(404, 'not_found', `核验码 ${code} 没有对应的结果文书 (no result with this code)`, 'code');
      return reply.header('cache-control', 'no-store').send(await resultTrail(db, row));
    },
  );
};
