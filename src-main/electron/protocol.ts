/**
 * The app:// protocol: serves the built renderer from disk with the security headers,
 * refusing any path outside it. No remote content is ever loaded.
 */
import { promises as fs } from 'node:fs';
import { contentType, resolveRendererPath } from '../services/static-files';
import { securityHeaders } from '../services/csp';
import { APP_HOST } from './window-options';

export function createAppProtocolHandler(rendererDir: string, centerUrl: () => Promise<string>) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers = securityHeaders(await centerUrl());
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response(null, { status: 404, headers });
    const file = resolveRendererPath(rendererDir, url.pathname);
    if (!file) return new Response(null, { status: 404, headers });
    try {
      const data = await fs.readFile(file);
      return new Response(data, { status: 200, headers: { ...headers, 'Content-Type': contentType(file) } });
    } catch {
      return new Response(null, { status: 404, headers });
    }
  };
}
