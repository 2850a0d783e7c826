import { describe, expect, it, vi } from 'vitest';
import { ClerkApiError, channels, type Settings } from '../../../src-shared/protocol/clerk-api';
import { decodeWire, encodeWire } from '../../../src-shared/protocol/wire';
import { acceptFor, readPickedFiles } from '../../../src-renderer/platform/browserFiles';
import { detectPlatform, electronClient, httpClient, toClerkApiError, type ClerkBridge } from '../../../src-renderer/platform/clerkClient';
import { extractToken, takeLaunchToken, TOKEN_STORAGE_KEY } from '../../../src-renderer/platform/token';

const SETTINGS: Settings = {
  locale: 'zh-CN',
  centerUrl: 'http://127.0.0.1:4780',
  windowId: 'w-130102-01',
  clerkId: 'c-130102-01-1',
  autoLockMinutes: 15,
};

function jsonResponse(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

describe('launch token', () => {
  it('takes the token out of the fragment and keeps the route', () => {
    expect(extractToken('#token=abc123')).toEqual({ token: 'abc123', hash: '' });
    expect(extractToken('#/intake?token=abc&x=1')).toEqual({ token: 'abc', hash: '#/intake?x=1' });
    expect(extractToken('#/cases?token=abc')).toEqual({ token: 'abc', hash: '#/cases' });
    expect(extractToken('#/intake')).toEqual({ token: null, hash: '#/intake' });
    expect(extractToken('')).toEqual({ token: null, hash: '' });
    expect(extractToken('#token=')).toEqual({ token: null, hash: '' });
  });

  it('stores a fresh token, strips it from the address bar, and reuses it after a reload', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const replaceState = vi.fn();
    const first = takeLaunchToken({
      location: { hash: '#token=t0ken', pathname: '/', search: '' },
      history: { replaceState, state: null },
      storage,
    });
    expect(first).toBe('t0ken');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('t0ken');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');

    const reload = takeLaunchToken({ location: { hash: '#/settings', pathname: '/', search: '' }, history: { replaceState, state: null }, storage });
    expect(reload).toBe('t0ken');
    expect(replaceState).toHaveBeenCalledTimes(1);
  });

  it('prefers a new launch token over a stored one', () => {
    const store = new Map([[TOKEN_STORAGE_KEY, 'old']]);
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const t = takeLaunchToken({ location: { hash: '#token=new', pathname: '/', search: '' }, history: { replaceState: () => {}, state: null }, storage });
    expect(t).toBe('new');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('reports no token in browser mode when neither the URL nor the tab has one', () => {
    const win = { location: { origin: 'http://127.0.0.1:5173' } } as unknown as Window;
    expect(detectPlatform(win, () => null).kind).toBe('browser-no-token');
    expect(detectPlatform(win, () => 'tok').kind).toBe('browser');
    const bridge: ClerkBridge = {};
    expect(detectPlatform({ ...win, yichuang: bridge } as unknown as Window, () => null).kind).toBe('electron');
  });
});

describe('http client (browser mode)', () => {
  it('POSTs wire-encoded arguments to /api/<channel> with the bearer token and decodes the result', async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse(200, encodeWire({ ...SETTINGS, locale: 'en' })));
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 'secret', fetch });
    const r = await client['settings:set']({ locale: 'en' });
    expect(r.locale).toBe('en');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:5190/api/settings:set');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer secret');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(decodeWire(init?.body as string)).toEqual({ locale: 'en' });
  });

  it('rejects bad arguments before sending, naming the field', async () => {
    const fetch = vi.fn();
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch });
    const err = await client['settings:set']({ centerUrl: 'ftp://x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkApiError);
    expect((err as ClerkApiError).code).toBe('bad_args');
    expect((err as ClerkApiError).field).toBe('centerUrl');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects a result that breaks the contract', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, encodeWire({ ...SETTINGS, autoLockMinutes: 0 })));
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch });
    await expect(client['settings:get']({})).rejects.toMatchObject({ code: 'bad_result', field: 'autoLockMinutes' });
  });

  it('turns an ApiError body into ClerkApiError with code and field', async () => {
    const fetch = vi.fn(async () => jsonResponse(400, JSON.stringify({ code: 'bad_args', message: '中心地址无效', field: 'centerUrl' })));
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch });
    await expect(client['settings:set']({ windowId: 'w' })).rejects.toMatchObject({ code: 'bad_args', message: '中心地址无效', field: 'centerUrl' });
  });

  it('tells the app when the token is rejected', async () => {
    const onForbidden = vi.fn();
    const fetch = vi.fn(async () => jsonResponse(401, JSON.stringify({ code: 'forbidden', message: 'wrong token' })));
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch, onForbidden });
    await expect(client['app:info']({})).rejects.toMatchObject({ code: 'forbidden' });
    expect(onForbidden).toHaveBeenCalledOnce();
  });

  it('reports a non-JSON error page and an unreachable host as failures', async () => {
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch: async () => new Response('<html>', { status: 502 }) });
    await expect(client['app:info']({})).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('502') });
    const down = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down['app:info']({})).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('Failed to fetch') });
  });

  it('answers files:open in the renderer, never over HTTP', async () => {
    const fetch = vi.fn();
    const data = new Uint8Array([1, 2, 3]);
    const openFiles = vi.fn(async () => ({ canceled: false, files: [{ name: 'a.pdf', mediaType: 'application/pdf', size: 3, data }] }));
    const client = httpClient({ origin: 'http://127.0.0.1:5190', token: 't', fetch, openFiles });
    const r = await client['files:open']({ multiple: true, maxBytes: 10 });
    expect(r.files[0]!.data).toEqual(data);
    expect(openFiles).toHaveBeenCalledWith({ multiple: true, maxBytes: 10 });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('electron client', () => {
  it('calls the preload function of the channel and validates both ways', async () => {
    const bridge: ClerkBridge = { 'settings:get': vi.fn(async () => SETTINGS) };
    const client = electronClient(bridge);
    expect(await client['settings:get']({})).toEqual(SETTINGS);
    await expect(client['settings:set']({ autoLockMinutes: 9999 })).rejects.toMatchObject({ code: 'bad_args', field: 'autoLockMinutes' });
    await expect(client['app:info']({})).rejects.toMatchObject({ code: 'unknown_channel' });
  });

  it('keeps code and field of errors thrown by main, and cleans the IPC wrapper text', () => {
    expect(toClerkApiError({ code: 'bad_args', message: 'x', field: 'locale' })).toMatchObject({ code: 'bad_args', field: 'locale' });
    const wrapped = toClerkApiError(new Error("Error invoking remote method 'settings:set': ClerkApiError: 窗口编号无效"));
    expect(wrapped.code).toBe('failed');
    expect(wrapped.message).toBe('窗口编号无效');
  });

  it('covers every channel of the contract', () => {
    const client = electronClient({});
    expect(Object.keys(client).sort()).toEqual([...channels].sort());
  });
});

describe('browser file picker limits', () => {
  const pdf = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });

  it('builds the accept attribute from the filters', () => {
    expect(acceptFor({ filters: [{ name: '扫描件', extensions: ['pdf', 'jpg'] }, { name: '图片', extensions: ['jpg', 'png'] }] })).toBe('.pdf,.jpg,.png');
    expect(acceptFor({})).toBeUndefined();
  });

  it('reads chosen files into bytes with name, type and size', async () => {
    const [f] = await readPickedFiles([new File([new Uint8Array([7, 8])], '申请书.pdf', { type: '' })], {});
    expect(f).toMatchObject({ name: '申请书.pdf', mediaType: 'application/pdf', size: 2 });
    expect(f!.data).toEqual(new Uint8Array([7, 8]));
  });

  it('refuses a file over maxBytes with a Chinese message naming the file and the limit', async () => {
    const err = await readPickedFiles([pdf('营业执照.pdf', 2048)], { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkApiError);
    expect((err as ClerkApiError).message).toMatch(/^文件“营业执照\.pdf”大小为 2\.0 KB，超过上限 1\.0 KB/);
    expect((err as ClerkApiError).field).toBe('maxBytes');
  });

  it('refuses a file whose extension is not in the filters, and several files when one was asked for', async () => {
    await expect(readPickedFiles([pdf('a.exe', 1)], { filters: [{ name: 'PDF', extensions: ['pdf'] }] })).rejects.toMatchObject({ field: 'filters' });
    await expect(readPickedFiles([pdf('a.pdf', 1), pdf('b.pdf', 1)], {})).rejects.toMatchObject({ field: 'multiple' });
    expect(await readPickedFiles([pdf('a.pdf', 1), pdf('b.pdf', 1)], { multiple: true })).toHaveLength(2);
  });
});
