/**
 * The operator pages' HTTP client: the center's admin API (bearer CENTER_ADMIN_TOKEN) on the
 * console's own origin — proxy authorisations, reviewer accounts, a result's trail and its
 * revocation — and the public catalog, regions and windows the forms pick from. The token is
 * held in memory only (closing or reloading the page forgets it). Requests are checked
 * against the shared contract before they leave and answers before the page sees them.
 */
import { z } from 'zod';
import { CatalogResponse, RegionsResponse, WindowsResponse } from '../../src-shared/protocol/sync';
import { CreateReviewerRequest, ResetPasswordRequest, Reviewer, ReviewerAccountList } from '../../src-shared/protocol/console';
import {
  CreateProxyAuthorisationRequest,
  ProxyAuthorisation,
  ProxyAuthorisationList,
  ProxyAuthorisationQuery,
  RevokeProxyAuthorisationRequest,
} from '../../src-shared/protocol/proxy';
import { ResultTrail } from '../../src-shared/protocol/result-log';
import { ResultInfo, RevokeResultRequest, VerificationCode } from '../../src-shared/protocol/workflow';
import { checkedAnswer, checkRequest, sendJson, whereOf } from './client';

export interface OperatorApiOptions {
  token: string;
  fetch?: typeof fetch;
  base?: string;
  /** A 401: the token is wrong (or was changed at the center). */
  onUnauthorized?: () => void;
}

export function createOperatorApi(opts: OperatorApiOptions) {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = opts.base ?? '';

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, admin = true): Promise<z.output<S>> {
    const where = whereOf(method, path);
    // The admin token, never a cookie: the reviewers' session is not the operator's.
    const res = await sendJson(doFetch, base + path, { method, headers: admin ? { authorization: `Bearer ${opts.token}` } : {}, credentials: 'omit', body }, where);
    return checkedAnswer(res, schema, where, admin ? opts.onUnauthorized : undefined);
  }

  const enc = encodeURIComponent;

  // Methods are async so a request the contract refuses is a rejection, like the center's refusals.
  return {
    // ---- proxy authorisations ----
    async proxyAuthorisations(query: z.input<typeof ProxyAuthorisationQuery> = {}): Promise<ProxyAuthorisation[]> {
      const q = checkRequest(ProxyAuthorisationQuery, query, 'GET /v1/admin/proxy-authorisations');
      const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      const s = p.toString();
      return (await call('GET', `/v1/admin/proxy-authorisations${s ? `?${s}` : ''}`, ProxyAuthorisationList)).authorisations;
    },
    async createProxyAuthorisation(body: z.input<typeof CreateProxyAuthorisationRequest>): Promise<ProxyAuthorisation> {
      return call('POST', '/v1/admin/proxy-authorisations', ProxyAuthorisation, checkRequest(CreateProxyAuthorisationRequest, body, 'POST /v1/admin/proxy-authorisations'));
    },
    async revokeProxyAuthorisation(id: string, body: z.input<typeof RevokeProxyAuthorisationRequest>): Promise<ProxyAuthorisation> {
      const where = 'POST /v1/admin/proxy-authorisations/:id/revoke';
      return call('POST', `/v1/admin/proxy-authorisations/${enc(checkRequest(z.uuid(), id, where))}/revoke`, ProxyAuthorisation, checkRequest(RevokeProxyAuthorisationRequest, body, where));
    },

    // ---- reviewer accounts ----
    reviewers(): Promise<ReviewerAccountList['reviewers']> {
      return call('GET', '/v1/admin/reviewers', ReviewerAccountList).then((r) => r.reviewers);
    },
    async createReviewer(body: z.input<typeof CreateReviewerRequest>): Promise<Reviewer> {
      return call('POST', '/v1/admin/reviewers', Reviewer, checkRequest(CreateReviewerRequest, body, 'POST /v1/admin/reviewers'));
    },
    async resetPassword(username: string, body: z.input<typeof ResetPasswordRequest>): Promise<Reviewer> {
      return call('POST', `/v1/admin/reviewers/${enc(username)}/password`, Reviewer, checkRequest(ResetPasswordRequest, body, 'POST /v1/admin/reviewers/:username/password'));
    },
    deactivateReviewer(username: string): Promise<void> {
      return call('POST', `/v1/admin/reviewers/${enc(username)}/deactivate`, z.unknown(), {}).then(() => undefined);
    },

    // ---- results ----
    async resultTrail(code: string): Promise<ResultTrail> {
      const c = checkRequest(VerificationCode, code, 'GET /v1/admin/results/:code/log');
      return call('GET', `/v1/admin/results/${enc(c)}/log`, ResultTrail);
    },
    async revokeResult(code: string, body: z.input<typeof RevokeResultRequest>): Promise<ResultInfo> {
      const where = 'POST /v1/admin/results/:code/revoke';
      return call('POST', `/v1/admin/results/${enc(checkRequest(VerificationCode, code, where))}/revoke`, ResultInfo, checkRequest(RevokeResultRequest, body, where));
    },

    // ---- public look-ups for the forms ----
    windows(): Promise<WindowsResponse['windows']> {
      return call('GET', '/v1/windows', WindowsResponse, undefined, false).then((r) => r.windows);
    },
    regions(): Promise<RegionsResponse['regions']> {
      return call('GET', '/v1/regions', RegionsResponse, undefined, false).then((r) => r.regions);
    },
    /** The implementations whose own region is `region` (what a proxy authorisation for it may name). */
    implementationsOf(region: string): Promise<CatalogResponse['items']> {
      return call('GET', `/v1/catalog?region=${enc(region)}`, CatalogResponse, undefined, false).then((r) => r.items.filter((i) => i.regionCode === region));
    },
  };
}

export type OperatorApi = ReturnType<typeof createOperatorApi>;
