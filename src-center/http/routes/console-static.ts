/**
 * The department console's single-page app, built by Vite into dist/console, served at
 * /console/ when that directory holds an index.html (otherwise nothing is registered).
 * Paths under /console/ that are not files answer index.html, so the app's own routes
 * survive a reload. Strict headers: the console loads nothing from elsewhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function harden(reply: FastifyReply | { setHeader(name: string, value: string): void }): void {
  const set = (k: string, v: string) => ('setHeader' in reply ? reply.setHeader(k, v) : reply.header(k, v));
  set('content-security-policy', CSP);
  set('x-content-type-options', 'nosniff');
  set('x-frame-options', 'DENY');
  set('referrer-policy', 'no-referrer');
}

/** Registers /console/ when the built console exists; returns whether it did. */
export async function registerConsoleApp(app: FastifyInstance, dir: string = DEFAULT_CONSOLE_DIR): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  app.get('/console', async (_req, reply) => reply.redirect('/console/', 301));
  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root: dir,
        prefix: '/',
        index: ['index.html'],
        wildcard: true,
        cacheControl: false,
        // Hashed assets may be cached; index.html must not be (it names the current assets).
        setHeaders: (res, path) => {
          harden(res);
          res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      scope.setNotFoundHandler(async (req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        // A missing asset is a 404; any other GET is a route of the app.
        if (req.method !== 'GET' || /\.[a-z0-9]{1,8}$/i.test(path))
          return reply.code(404).send({ error: 'not_found', message: `文件不存在：${path} (no such file)` });
        harden(reply);
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
      });
    },
    { prefix: '/console' },
  );
  return true;
}
