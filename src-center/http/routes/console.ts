/**
 * The department console's API (src-shared/protocol/console.ts) on the public HTTP port.
 * A reviewer sees and acts on the steps of their own department only; another
 * department's case, step or blob is answered 404, exactly as one that does not exist.
 *
 *   POST /v1/console/login | logout, GET /v1/console/session      console-auth.ts
 *   GET  /v1/console/worklist                                     the department's steps, with warnings (rule 8)
 *   GET  /v1/console/cases/:caseId                                one case (only with a step of the department)
 *   GET  /v1/console/cases/:caseId/blobs/:sha256                  a scan / the receipt / a supplement of that case
 *   POST /v1/console/steps/:stepId/{approve,refuse,supplement,extend,pause,resume}   (CSRF)
 *   POST /v1/console/cases/:caseId/result                         the lead department issues the result (CSRF)
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Sha256Hex } from '../../../src-shared/domain/event-chain';
import {
  ApproveRequest,
  ConsoleActionResponse,
  ConsoleCase,
  ExtendRequest,
  IssueResultRequest,
  PauseRequest,
  RefuseRequest,
  ResumeRequest,
  SupplementRequest,
  WorklistQuery,
  WorklistResponse,
} from '../../../src-shared/protocol/console';
import type { CenterPki } from '../../pki/index';
import { issueResult } from '../../results/index';
import type { Store } from '../../store/index';
import { actOnStep, type StepAction } from '../../workflow/actions';
import { centerCalendar, provinceDate } from '../../workflow/calendar';
import { yellowDaysFromEnv, type WorkflowOptions } from '../../workflow/index';
import { issueCaseResult, type IssueResultFn } from '../../workflow/results';
import { blobChunks, caseBlob, caseForReviewer, sniffMime, worklist, type ViewContext } from '../../workflow/views';
import { HttpError } from '../errors';
import { consoleAuthRoutes, consoleErrors, requireSession, sessionOf } from './console-auth';

export interface ConsoleRouteOptions extends Omit<WorkflowOptions, 'consoleDir'> {
  store: Store;
  pki: () => Promise<CenterPki>;
}

const CaseParams = z.object({ caseId: z.uuid('办件标识必须是 UUID (caseId must be a UUID)') });
const StepParams = z.object({ stepId: z.uuid('审查环节标识必须是 UUID (stepId must be a UUID)') });
const BlobParams = CaseParams.extend({ sha256: Sha256Hex });

const INLINE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);

const caseNotFound = (caseId: string) =>
  new HttpError(404, 'case_not_found', `办件 ${caseId} 不存在，或本部门没有它的审查环节 (no such case for your department)`, 'caseId');

export const consoleRoutes: FastifyPluginAsyncZod<ConsoleRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const yellowDays = opts.yellowDays ?? yellowDaysFromEnv();
  const issue: IssueResultFn = opts.issueResult ?? issueResult;
  const db = opts.store.db;
  const auth = { store: opts.store, now };
  if (!app.hasRequestDecorator('consoleSession')) app.decorateRequest('consoleSession', null);
  await app.register(consoleAuthRoutes, auth);

  const viewContext = async (): Promise<ViewContext> => ({ cal: await centerCalendar(db), today: provinceDate(now()), yellowDays });
  const caseView = async (caseId: string, departmentCode: string) => {
    const c = await caseForReviewer(db, caseId, { departmentCode }, await viewContext());
    if (!c) throw caseNotFound(caseId);
    return c;
  };

  app.get(
    '/v1/console/worklist',
    {
      preValidation: requireSession(auth, false),
      schema: {
        summary: '待办清单',
        description: "The department's review steps: open (default), done or all; by case number prefix or applicant name; with deadline warnings (rule 8).",
        tags: ['console'],
        querystring: WorklistQuery,
        response: { 200: WorklistResponse, ...consoleErrors(400, 401) },
      },
    },
    async (req) => worklist(db, sessionOf(req).reviewer, req.query, await viewContext()),
  );

  app.get(
    '/v1/console/cases/:caseId',
    {
      preValidation: requireSession(auth, false),
      schema: {
        summary: '办件详情',
        description: "One case with its materials, every department's step, progress and result — only when the reviewer's department has a step on it (else 404).",
        tags: ['console'],
        params: CaseParams,
        response: { 200: ConsoleCase, ...consoleErrors(400, 401, 404) },
      },
    },
    async (req) => caseView(req.params.caseId, sessionOf(req).reviewer.departmentCode),
  );

  app.get(
    '/v1/console/cases/:caseId/blobs/:sha256',
    {
      preValidation: requireSession(auth, false),
      schema: {
        summary: '办件材料文件',
        description: 'A scan, the window receipt or a supplement the case refers to, once complete at the center. 404 for anything else.',
        tags: ['console'],
        params: BlobParams,
        response: consoleErrors(400, 401, 404),
      },
    },
    async (req, reply) => {
      const { caseId, sha256 } = req.params;
      const blob = await caseBlob(db, caseId, sha256, sessionOf(req).reviewer.departmentCode);
      if (!blob) throw new HttpError(404, 'blob_not_found', `办件 ${caseId} 没有文件 ${sha256.slice(0, 12)}…，或本部门无权查看 (no such file for this case)`, 'sha256');
      const chunks = blobChunks(db, sha256);
      const first = await chunks.next();
      const head = first.done ? Buffer.alloc(0) : first.value;
      const sniffed = sniffMime(head);
      const mime = INLINE_TYPES.has(blob.mime) ? blob.mime : sniffed;
      const disposition = INLINE_TYPES.has(mime) ? 'inline' : 'attachment';
      reply
        .header('content-type', mime)
        .header('content-length', String(blob.size))
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(blob.name)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff');
      return (reply as FastifyReply).send(
        Readable.from(
          (async function* () {
            if (!first.done) yield head;
            yield* chunks;
          })(),
        ),
      );
    },
  );

  const action = <S extends z.ZodType>(name: StepAction['kind'], summary: string, description: string, body: S, toAction: (b: z.output<S>) => StepAction) =>
    app.post(
      `/v1/console/steps/:stepId/${name}`,
      {
        preValidation: requireSession(auth, true),
        schema: {
          summary,
          description: `${description} Only a step of the reviewer's department (else 404); 409 when the step is not in the state the action needs. CSRF header required.`,
          tags: ['console'],
          params: StepParams,
          body,
          response: { 200: ConsoleActionResponse, ...consoleErrors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const { reviewer } = sessionOf(req);
        const caseId = await actOnStep(db, { reviewerId: reviewer.id, departmentCode: reviewer.departmentCode }, req.params.stepId, toAction(req.body as z.output<S>), now());
        return caseView(caseId, reviewer.departmentCode);
      },
    );

  action('approve', '审批通过', 'Approves the step; the case is approved once every department has.', ApproveRequest, (b) => ({ kind: 'approve', opinion: b.opinion }));
  action('refuse', '不予许可', 'Refuses with reasons; one refusal refuses the case and closes the other departments’ steps.', RefuseRequest, (b) => ({
    kind: 'refuse',
    reasons: b.reasons,
  }));
  action('supplement', '补正告知', 'Asks the applicant, through the window, for every missing item at once (rule 2); the step’s clock stops until the window records the supplement.', SupplementRequest, (b) => ({
    kind: 'supplement',
    items: b.items,
  }));
  action('extend', '延长期限', 'Rule 6: +N working days with approver and reason; at most 10 in all (15 for joint approval).', ExtendRequest, (b) => ({
    kind: 'extend',
    days: b.days,
    approver: b.approver,
    reason: b.reason,
  }));
  action('pause', '特别程序', 'Rule 7: a special procedure (hearing, testing, expert review…) stops the step’s clock.', PauseRequest, (b) => ({
    kind: 'pause',
    procedure: b.procedure,
    reason: b.reason,
  }));
  action('resume', '特别程序结束', 'Ends the special procedure; the due date moves on by the working days it stopped.', ResumeRequest, (b) => ({ kind: 'resume', note: b.note }));

  app.post(
    '/v1/console/cases/:caseId/result',
    {
      preValidation: requireSession(auth, true),
      schema: {
        summary: '出具办理结果',
        description:
          'The lead (implementing) department issues the licence or approval once every department approved, or the refusal decision once the case is refused: ' +
          'signed by the province (PAdES B-T), delivered to the collecting window by pull; the case is then completed. 403 for another department, 409 when the case is not ready. CSRF header required.',
        tags: ['console'],
        params: CaseParams,
        body: IssueResultRequest,
        response: { 200: ConsoleActionResponse, ...consoleErrors(400, 401, 403, 404, 409, 422, 500) },
      },
    },
    async (req) => {
      const { reviewer } = sessionOf(req);
      await issueCaseResult(db, opts.pki, issue, reviewer, req.params.caseId, req.body, now);
      return caseView(req.params.caseId, reviewer.departmentCode);
    },
  );
};
