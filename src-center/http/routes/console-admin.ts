/**
 * Reviewer accounts, for operators (bearer CENTER_ADMIN_TOKEN):
 *   POST /v1/admin/reviewers                          create (password ≥ 10 characters; 409 name taken)
 *   POST /v1/admin/reviewers/:username/password       reset the password; ends the reviewer's sessions
 *   POST /v1/admin/reviewers/:username/deactivate     no more logins; ends the reviewer's sessions
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Reviewer } from '../../../src-shared/protocol/console';
import type { Store } from '../../store/index';
import { PASSWORD_MIN_LENGTH } from '../../workflow/passwords';
import { createReviewer, deactivateReviewer, resetPassword } from '../../workflow/reviewers';
import { requireAdmin } from '../admin-auth';
import { consoleErrors } from './console-auth';

export const CreateReviewerRequest = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名须为3–64位小写字母、数字、点、下划线或连字符，并以字母或数字开头'),
  name: z.string().trim().min(1, '请填写审查人员姓名').max(64, '姓名最多64字'),
  departmentCode: z.string().trim().min(1, '请填写所属部门编码').max(32),
  password: z.string().min(PASSWORD_MIN_LENGTH, `密码至少${PASSWORD_MIN_LENGTH}个字符`).max(256, '密码最多256个字符'),
});
export type CreateReviewerRequest = z.infer<typeof CreateReviewerRequest>;

export const ResetPasswordRequest = z.object({
  password: z.string().min(PASSWORD_MIN_LENGTH, `密码至少${PASSWORD_MIN_LENGTH}个字符`).max(256, '密码最多256个字符'),
});

const UsernameParams = z.object({ username: z.string().trim().min(1, '请填写用户名').max(64, '用户名最多64个字符') });

export const consoleAdminRoutes: FastifyPluginAsyncZod<{ store: Store; adminToken?: string | undefined }> = async (app, { store, adminToken }) => {
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
