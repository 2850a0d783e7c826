/**
 * Browser mode: the same clerk-api the Electron preload offers, served over HTTP to a
 * browser on this machine only, so the app runs (and is tested) where Electron is
 * absent.
 *
 * Guards, since any local page or process can reach a loopback port:
 * - binds 127.0.0.1 only;
 * - the Host header must name this host and port (defeats DNS rebinding), and a
 *   present Origin must be this origin (defeats cross-site requests);
 * - every API call carries the random per-launch token (32 bytes), compared in
 *   constant time; the token travels in the URL fragment, which browsers never send;
 * - only POST with application/json, bounded bodies, allow-listed channels, and the
 *   shared dispatch validates arguments and results.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../../src-shared/protocol/wire';
import { ClerkApiError, isChannel } from '../../src-shared/protocol/clerk-api';
import { createDispatch, createHandlers, toApiError, type HostServices } from '../clerk-handlers';
import { contentType, resolveRendererPath } from '../services/static-files';
import { securityHeaders } from '../services/csp';

export interface BrowserHostOptions {
  rendererDir: string;
  services: HostServices;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  maxBodyBytes?: number;
}

export interface BrowserHost {
  url: string;
  /** The URL to open: carries the token in the fragment. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const dispatch = createDispatch(createHandlers(opts.services));
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, toApiError(err));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return sendJson(res, 421, { code: 'forbidden', message: 'Host 不被允许 (host not allowed)' });
    }
    const url = req.url ?? '/';
    if (url.startsWith(API_PREFIX)) return handleApi(req, res, url.slice(API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    return serveStatic(req, res, url);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { code: 'forbidden', message: '只接受 POST (POST only)' });
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && reqOrigin !== origin)
      return sendJson(res, 403, { code: 'forbidden', message: '来源不被允许 (origin not allowed)' });
    if (!checkToken(req.headers.authorization))
      return sendJson(res, 401, { code: 'forbidden', message: '缺少或错误的启动令牌 (missing or wrong launch token)' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendJson(res, 415, { code: 'bad_args', message: 'Content-Type 必须是 application/json' });
    if (!isChannel(channel))
      return sendJson(res, 404, new ClerkApiError('unknown_channel', `未知的调用: ${channel.slice(0, 60)}`).toJSON());
    let body: string;
    try {
      body = await readBody(req, maxBody);
    } catch (err) {
      return sendJson(res, 413, toApiError(err));
    }
    let args: unknown;
    try {
      args = body.length ? decodeWire(body) : {};
    } catch {
      return sendJson(res, 400, { code: 'bad_args', message: '请求体不是有效的 JSON (body is not valid JSON)' });
    }
    try {
      const result = await dispatch(channel, args);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(encodeWire(result));
    } catch (err) {
      const e = toApiError(err);
      sendJson(res, e.code === 'bad_args' ? 400 : e.code === 'unknown_channel' ? 404 : 500, e);
    }
  }

  function checkToken(header: string | undefined): boolean {
    if (!header?.startsWith('Bearer ')) return false;
    const given = Buffer.from(header.slice(7));
    return given.length === tokenBuf.length && timingSafeEqual(given, tokenBuf);
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: string): Promise<void> {
    const file = resolveRendererPath(opts.rendererDir, url);
    const settings = await opts.services.settings.get();
    const headers = securityHeaders(settings.centerUrl);
    if (!file) {
      res.writeHead(404, headers).end();
      return;
    }
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentType(file),
      'Content-Length': data.length,
      'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/`,
    launchUrl: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new ClerkApiError('bad_args', `请求体超过 ${max} 字节 (body too large)`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
