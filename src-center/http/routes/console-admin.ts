/**
 * Reviewer accounts, for operators (bearer CENTER_ADMIN_TOKEN):
 *   GET  /v1/admin/reviewers                          every account, deactivated ones too
 *   POST /v1/admin/reviewers                          create (password ≥ 10 characters; 409 name taken)
 *   POST /v1/admin/reviewers/:username/password       reset the password; ends the reviewer's sessions
 *   POST /v1/admin/reviewers/:username/deactivate     no more logins; ends the reviewer's sessions
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateReviewerRequest, ResetPasswordRequest, Reviewer, ReviewerAccountList } from '../../../src-shared/protocol/console';
import type { Store } from '../../store/index';
import { createReviewer, deactivateReviewer, listReviewers, resetPassword } from '../../workflow/reviewers';
import { requireAdmin } from '../admin-auth';
import { consoleErrors } from './console-auth';

const UsernameParams = z.object({ username: z.string().trim().min(1, '请填写用户名').max(64, '用户名最多64个字符') });

export const consoleAdminRoutes: FastifyPluginAsyncZod<{ store: Store; adminToken?: string | undefined }> = async (app, { store, adminToken }) => {
  app.get(
    '/v1/admin/reviewers',
    {
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '审查人员列表 (管理)',
        description: 'Every reviewer account with its department and region, active ones first; deactivated ones too. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['console'],
        response: { 200: ReviewerAccountList, ...consoleErrors(401, 403) },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'no-store').send({ reviewers: await listReviewers(store.db) }),
  );

  app.post(
    '/v1/admin/reviewers',
    {
      // The token before the body: a stranger learns nothing about the request's shape.
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '创建审查人员 (管理)',
        description: 'Operators create a department reviewer (one department each) with a password of at least 10 characters. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['console'],
        body: CreateReviewerRequest,
        response: { 201: Reviewer, ...consoleErrors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const reviewer = await createReviewer(store.db, req.body);
      return reply.code(201).send(reviewer);
    },
  );

  app.post(
    '/v1/admin/reviewers/:username/password',
    {
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '重置审查人员密码 (管理)',
        description: "Operators set a new password (at least 10 characters); the reviewer's sessions end and the login lockout is cleared. 404 for an unknown or deactivated reviewer. Bearer CENTER_ADMIN_TOKEN.",
        tags: ['console'],
        params: UsernameParams,
        body: ResetPasswordRequest,
        response: { 200: Reviewer, ...consoleErrors(400, 401, 403, 404) },
      },
    },
    async (req) => resetPassword(store.db, req.params.username, req.body.password),
  );

  app.post(
    '/v1/admin/reviewers/:username/deactivate',
    {
      preValidation: async (req) => requireAdmin(req, adminToken ?? process.env.CENTER_ADMIN_TOKEN),
      schema: {
        summary: '停用审查人员 (管理)',
        description: "Operators deactivate a reviewer: no more logins, the reviewer's sessions end at once; decisions already made keep naming them. 404 for an unknown or already deactivated reviewer. Bearer CENTER_ADMIN_TOKEN.",
        tags: ['console'],
        params: UsernameParams,
        response: consoleErrors(400, 401, 403, 404),
      },
    },
    async (req, reply) => {
      await deactivateReviewer(store.db, req.params.username);
      // No body: the reply is untyped here because the route's schema lists only error bodies.
      return (reply as FastifyReply).code(204).send();
    },
  );
};
