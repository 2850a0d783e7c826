/**
 * Devices (sync port): operators create one-time enrollment codes and revoke devices;
 * a window's device enrolls with a CSR and a code; an enrolled device reads its status
 * (also its heartbeat: a signed request that proves the whole path works).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeviceId } from '../../../src-shared/domain/case-number';
import { CreateEnrollmentCodeRequest, DeviceStatus, EnrollmentCodeResponse, EnrollRequest } from '../../../src-shared/protocol/sync';
import { deviceOf, signed, type SyncContext } from '../../sync/context';
import { requireAdmin } from '../admin-auth';
import { HttpError } from '../errors';
import { errors } from '../schemas';

const ErrorsAll = { ...errors(400, 401, 403, 404, 426, 500), 409: errors(400)[400]! };

export const deviceRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  app.post(
    '/v1/admin/enrollment-codes',
    {
      schema: {
        summary: '生成设备登记码 (管理)',
        description: 'A one-time code for enrolling one device of the window; expires after ttlMinutes (default one day). Bearer CENTER_ADMIN_TOKEN.',
        tags: ['devices'],
        body: CreateEnrollmentCodeRequest,
        response: { 201: EnrollmentCodeResponse, ...ErrorsAll },
      },
    },
    async (req, reply) => {
      requireAdmin(req, ctx.adminToken);
      const code = await ctx.registry.createEnrollmentCode(req.body.windowId, req.body.ttlMinutes);
      return reply.code(201).send(code);
    },
  );

  app.post(
    '/v1/admin/devices/:deviceId/revoke',
    {
      schema: {
        summary: '吊销设备证书 (管理)',
        description: "Revokes every certificate of the device: its next request is refused (403). Bearer CENTER_ADMIN_TOKEN.",
        tags: ['devices'],
        params: z.object({ deviceId: DeviceId }),
        response: { 200: z.object({ deviceId: DeviceId, revoked: z.number().int() }), ...ErrorsAll },
      },
    },
    async (req) => {
      requireAdmin(req, ctx.adminToken);
      const revoked = await ctx.registry.revoke(req.params.deviceId);
      if (revoked === 0) {
        const [d] = await ctx.store.db.query('SELECT 1 FROM sync_devices WHERE device_id = $1', [req.params.deviceId]);
        if (!d) throw new HttpError(404, 'device_not_found', `设备 ${req.params.deviceId} 未登记 (unknown device)`, 'deviceId');
      }
      return { deviceId: req.params.deviceId, revoked };
    },
  );

  app.post(
    '/v1/sync/enroll',
    {
      schema: {
        summary: '设备登记',
        description:
          'The device sends a PKCS#10 request for its key and the one-time code; the center issues a device certificate from the province root, bound to the code’s window and its county.',
        tags: ['devices'],
        body: EnrollRequest,
        response: { 201: DeviceStatus, ...ErrorsAll },
      },
    },
    async (req, reply) => reply.code(201).send(await ctx.registry.enroll(req.body)),
  );

  app.get(
    '/v1/sync/device',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '本设备状态（心跳）',
        description: 'The signing device as the center knows it, with the center’s clock. Signed.',
        tags: ['devices'],
        response: { 200: DeviceStatus, ...ErrorsAll },
      },
    },
    async (req) => {
      const status = await ctx.registry.status(deviceOf(req).certSha256);
      if (!status) throw new HttpError(401, 'unknown_certificate', '中心不认识此设备证书 (unknown device certificate)', 'x-yichuang-cert');
      return status;
    },
  );
};
