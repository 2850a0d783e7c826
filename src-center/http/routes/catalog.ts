/**
 * GET /v1/catalog?region=&since=: the implementations a window of `region` acts on (its
 * own, its city's and the province's), with the catalog version. Without `region` the
 * province-level implementations only. `since` equal to the current version answers
 * changed:false with no items.
 *
 * A catalog version never changes once published (every catalog write creates a new
 * version), so the encoded body of (version, region) is cached; each request still
 * reads the current version from the store, so a change made by any process is seen
 * at once.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CatalogQuery, CatalogResponse } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { HttpError } from '../errors';
import { errors } from '../schemas';

/** A small LRU of encoded catalog bodies keyed by version and region. */
class BodyCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly max: number) {}
  get(key: string): string | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: string): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

export const catalogRoutes: FastifyPluginAsyncZod<{ store: Store; cacheSize?: number }> = async (app, { store, cacheSize }) => {
  const cache = new BodyCache(cacheSize ?? 32);

  app.get(
    '/v1/catalog',
    {
      schema: {
        summary: '事项目录（实施清单）',
        description:
          "The implementations of the window's region, its city and the province, with the catalog version. " +
          'Without region: the province-level implementations. With since equal to the current version: changed=false and no items.',
        tags: ['catalog'],
        querystring: CatalogQuery,
        response: { 200: CatalogResponse, ...errors(400, 404, 426) },
      },
    },
    async (req, reply) => {
      const { region, since } = req.query;
      let chain: string[];
      if (region) {
        const found = await store.regionChain(region);
        if (!found) throw new HttpError(404, 'region_not_found', `参数 region 不合法：行政区划 ${region} 不在本省区划中 (region: unknown region code)`, 'region');
        chain = found;
      } else {
        chain = [await store.provinceCode()];
      }
      const regionCode = region ?? null;
      const version = await store.catalogVersion();
      reply.header('x-catalog-version', String(version));
      if (since !== undefined && since === version) {
        return { version, regionCode, generatedAt: new Date().toISOString(), changed: false, items: [] };
      }
      const key = `${version}|${regionCode ?? ''}`;
      let body = cache.get(key);
      if (body === undefined) {
        const snap = await store.catalog(chain);
        // Encoding validates every item against the shared CatalogItem schema.
        body = JSON.stringify(
          CatalogResponse.encode({ version: snap.version, regionCode, generatedAt: new Date().toISOString(), changed: true, items: snap.items }),
        );
        if (snap.version === version) cache.set(key, body);
      }
      // A string with a JSON content type is sent as is, already encoded and validated above.
      return reply.type('application/json; charset=utf-8').send(body as unknown as CatalogResponse);
    },
  );
};
