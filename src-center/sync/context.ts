/** What the sync routes share: the store, the device registry, the operator token, the clock; and the signed-request hook. */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/index';
import type { DeviceRegistry, SyncDevice } from './registry';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact body bytes (the signature covers their hash). */
    rawBody: Buffer | null;
    /** Set by the `signed` preValidation hook. */
    syncDevice: SyncDevice | null;
  }
}

export interface SyncContext {
  store: Store;
  registry: DeviceRegistry;
  adminToken: string | undefined;
  now: () => number;
}

/** preValidation hook: the request must be signed by an enrolled device. */
export function signed(ctx: SyncContext) {
  return async (req: FastifyRequest) => {
    req.syncDevice = await ctx.registry.authenticate({ method: req.method, target: req.url, headers: req.headers, body: req.rawBody ?? new Uint8Array() });
  };
}

export function deviceOf(req: FastifyRequest): SyncDevice {
  if (!req.syncDevice) throw new Error('route is missing the signed hook');
  return req.syncDevice;
}

