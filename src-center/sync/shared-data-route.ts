/**
 * Shared-data verification on the sync service (issue 6, part 5): any enrolled window
 * device, in signed requests, may check a person or an organisation against the
 * province's shared data and list a holder's electronic licences. Every question is
 * audit-logged (src-center/shared-data/lookups.ts).
 *
 *   POST /v1/sync/verify/person        VerifyPersonRequest        → VerifyPersonResponse
 *   POST /v1/sync/verify/organisation  VerifyOrganisationRequest  → VerifyOrganisationResponse
 *   POST /v1/sync/licences             LicencesRequest            → LicencesResponse
 *
 * The demo data (synthetic, src-center/shared-data/generate.ts) is loaded once per
 * database: in the background when the service starts listening, or by the first
 * question, whichever comes first; closing the service waits for a load in progress.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  LicencesRequest,
  LicencesResponse,
  VerifyOrganisationRequest,
  VerifyOrganisationResponse,
  VerifyPersonRequest,
  VerifyPersonResponse,
} from '../../src-shared/protocol/shared-data';
import { errors } from '../http/schemas';
import { licencesOf, verifyOrganisation, verifyPerson } from '../shared-data/lookups';
import { seedSharedData, type SharedDataSeedResult } from '../shared-data/seed';
import type { Db } from '../store/index';
import { deviceOf, signed, type SyncContext } from './context';

/** One load per database handle, shared by every app built on it. */
const loads = new WeakMap<Db, Promise<SharedDataSeedResult>>();

/** Loads the synthetic shared data if this database lacks it (once per handle; a failure is retried on the next call). */
export function ensureSharedData(db: Db, log?: FastifyBaseLogger): Promise<SharedDataSeedResult> {
  let p = loads.get(db);
  if (!p) {
    p = seedSharedData(db).then(
      (r) => {
        if (r.loaded) log?.info({ persons: r.persons, organisations: r.organisations, licences: r.licences, ms: r.ms }, '共享数据（演示合成数据）已载入 (shared data loaded)');
        return r;
      },
      (e: unknown) => {
        loads.delete(db);
        throw e;
      },
    );
    loads.set(db, p);
  }
  return p;
}

export const sharedDataRoutes: FastifyPluginAsyncZod<SyncContext> = async (app, ctx) => {
  const db = ctx.store.db;
  let warming: Promise<unknown> | null = null;
  app.addHook('onListen', async () => {
    warming = ensureSharedData(db, app.log).catch((e: unknown) => app.log.error({ err: e }, '共享数据载入失败，将在首次查询时重试 (shared data load failed)'));
  });
  app.addHook('onClose', async () => {
    await warming;
  });

  const who = (req: Parameters<typeof deviceOf>[0]) => {
    const d = deviceOf(req);
    return { deviceId: d.deviceId, windowId: d.windowId };
  };

  app.post(
    '/v1/sync/verify/person',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '核验自然人身份（人口库）',
        description: 'ID number and name against the shared population data: match, name_mismatch, not_found or deceased. Never returns the registered name. Audit-logged. Signed.',
        tags: ['shared-data'],
        body: VerifyPersonRequest,
        response: { 200: VerifyPersonResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => {
      await ensureSharedData(db, req.log);
      return verifyPerson(db, who(req), req.body);
    },
  );

  app.post(
    '/v1/sync/verify/organisation',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '核验法人单位（法人库）',
        description:
          'Credit code, name and legal representative against the shared legal-person data: match, mismatch (with the fields that differ), not_found, deregistered or revoked. Never returns the registered values. Audit-logged. Signed.',
        tags: ['shared-data'],
        body: VerifyOrganisationRequest,
        response: { 200: VerifyOrganisationResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => {
      await ensureSharedData(db, req.log);
      return verifyOrganisation(db, who(req), req.body);
    },
  );

  app.post(
    '/v1/sync/licences',
    {
      preValidation: signed(ctx),
      schema: {
        summary: '查询电子证照',
        description: "A holder's electronic licences (ID number or credit code) with their trust grades A–D and status as of now. Audit-logged. Signed.",
        tags: ['shared-data'],
        body: LicencesRequest,
        response: { 200: LicencesResponse, ...errors(400, 401, 403, 426, 500) },
      },
    },
    async (req) => {
      await ensureSharedData(db, req.log);
      return licencesOf(db, who(req), req.body, new Date(ctx.now()));
    },
  );
};
