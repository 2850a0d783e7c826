/**
 * The clerk-api client: the renderer's only way to main. Two bindings of the one
 * contract (src-shared/protocol/clerk-api.ts):
 *  - Electron: the preload exposes `window.yichuang`, one async function per channel;
 *  - browser mode: POST /api/<channel> on the page's own origin with the launch token.
 * Both validate arguments before sending and results after receiving.
 */
import {
  ApiError,
  channels,
  ClerkApiError,
  parseArgs,
  parseResult,
  rendererSideInBrowser,
  type Channel,
  type ClerkClient,
  type OpenFilesArgs,
} from '../../src-shared/protocol/clerk-api';
import { decodeWire, encodeWire } from '../../src-shared/protocol/wire';
import { openFilesInBrowser } from './browserFiles';
import { platformMessages } from './messages';

/** What the Electron preload exposes through contextBridge. */
export type ClerkBridge = { [C in Channel]?: (args: unknown) => Promise<unknown> };

declare global {
  interface Window {
    yichuang?: ClerkBridge;
  }
}

type RawCall = (channel: Channel, args: unknown) => Promise<unknown>;

/** Wrap a raw transport into a typed client that validates both ways. */
export function validatingClient(call: RawCall): ClerkClient {
  const client: Partial<Record<Channel, (args: unknown) => Promise<unknown>>> = {};
  for (const ch of channels) {
    client[ch] = async (args: unknown) => {
      const parsed = parseArgs(ch, args);
      const result = await call(ch, parsed);
      return parseResult(ch, result);
    };
  }
  return client as ClerkClient;
}

const API_CODES = new Set(ApiError.shape.code.options);

/** Turn whatever crossed the bridge into a ClerkApiError, keeping code and field when present. */
export function toClerkApiError(e: unknown): ClerkApiError {
  if (e instanceof ClerkApiError) return e;
  const parsed = ApiError.safeParse(e);
  if (parsed.success) return new ClerkApiError(parsed.data.code, parsed.data.message, parsed.data.field);
  const obj = (e ?? {}) as { code?: unknown; message?: unknown; field?: unknown };
  let message = typeof obj.message === 'string' ? obj.message : String(e);
  // ipcRenderer.invoke wraps errors as "Error invoking remote method 'ch': Name: message".
  message = message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  const code = typeof obj.code === 'string' && API_CODES.has(obj.code as ApiError['code']) ? (obj.code as ApiError['code']) : 'failed';
  return new ClerkApiError(code, message, typeof obj.field === 'string' ? obj.field : undefined);
}

export function electronClient(bridge: ClerkBridge): ClerkClient {
  return validatingClient(async (channel, args) => {
    const fn = bridge[channel];
    if (typeof fn !== 'function') throw new ClerkApiError('unknown_channel', platformMessages.noBridgeChannel(channel));
    try {
      return await fn(args);
    } catch (e) {
      throw toClerkApiError(e);
    }
  });
}

export interface HttpClientOptions {
  /** The page's origin, e.g. http://127.0.0.1:5173 */
  origin: string;
  token: string;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** files:open in the browser; replaceable in tests. */
  openFiles?: (args: OpenFilesArgs) => Promise<unknown>;
  /** Called when the host rejects the token (401/403), e.g. to show the launch-URL message. */
  onForbidden?: () => void;
}

export function httpClient(opts: HttpClientOptions): ClerkClient {
  const f = opts.fetch ?? ((i, init) => globalThis.fetch(i, init));
  const openFiles = opts.openFiles ?? ((a: OpenFilesArgs) => openFilesInBrowser(a));
  return validatingClient(async (channel, args) => {
    if (rendererSideInBrowser.has(channel)) {
      if (channel === 'files:open') return openFiles(args as OpenFilesArgs);
      throw new ClerkApiError('unknown_channel', platformMessages.noBridgeChannel(channel));
    }
    let res: Response;
    try {
      res = await f(new URL(`/api/${channel}`, opts.origin).toString(), {
        method: 'POST',
        headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' },
        body: encodeWire(args),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ClerkApiError('failed', platformMessages.network(channel, (e as Error)?.message ?? String(e)));
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      try {
        return decodeWire(text);
      } catch {
        throw new ClerkApiError('bad_result', platformMessages.badBody(channel));
      }
    }
    if (res.status === 401 || res.status === 403) opts.onForbidden?.();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const err = ApiError.safeParse(body);
    if (err.success) throw new ClerkApiError(err.data.code, err.data.message, err.data.field);
    if (res.status === 401 || res.status === 403) throw new ClerkApiError('forbidden', platformMessages.forbidden());
    throw new ClerkApiError('failed', platformMessages.httpStatus(channel, res.status));
  });
}

export type Platform =
  | { kind: 'electron'; client: ClerkClient }
  | { kind: 'browser'; client: ClerkClient }
  | { kind: 'browser-no-token' };

/**
 * Which binding do we have? Electron's preload object if present, else browser mode
 * with the launch token (from the address bar or this tab's sessionStorage).
 */
export function detectPlatform(
  win: Window = window,
  takeToken: () => string | null,
  onForbidden?: () => void,
): Platform {
  const bridge = win.yichuang;
  if (bridge && typeof bridge === 'object') return { kind: 'electron', client: electronClient(bridge) };
  const token = takeToken();
  if (!token) return { kind: 'browser-no-token' };
  return { kind: 'browser', client: httpClient({ origin: win.location.origin, token, onForbidden }) };
}
