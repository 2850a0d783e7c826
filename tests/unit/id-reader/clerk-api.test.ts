// The idcard:read channel end to end on the main side: dispatch validates arguments,
// the reader checks the card, dispatch validates the result against the shared schema.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers, toApiError, type HostServices } from '../../../src-main/clerk-handlers';
import { DocumentService } from '../../../src-main/services/documents';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/host';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import {
  IdReaderConfigError,
  SimulatedIdCardReader,
  idCardReaderFromEnv,
  idCardReaderFromSpec,
  type SimulatedStep,
} from '../../../src-main/services/id-reader';
import { ClerkApiError, parseResult } from '../../../src-shared/protocol/clerk-api';
import { decodeWire, encodeWire } from '../../../src-shared/protocol/wire';
import { JPEG, PERSON, TODAY, withWrongCheck } from './fixtures';

function services(idReader?: HostServices['idReader']): HostServices {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-idcard-api-'));
  return {
    appInfo: () => makeAppInfo('electron', '0.0.1', dir),
    settings: new SettingsStore(dir, defaultSettings({})),
    documents: new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:4780' }),
    ...(idReader ? { idReader } : {}),
  };
}
const sim = (...script: SimulatedStep[]) => new SimulatedIdCardReader({ today: () => TODAY, script });

async function apiError(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClerkApiError);
  return toApiError(err);
}

describe('clerk-api idcard:read', () => {
  it('returns a validated read from the reader', async () => {
    const dispatch = createDispatch(createHandlers(services(sim({ kind: 'card', card: { ...PERSON, photo: JPEG } }))));
    const r = await dispatch('idcard:read', { timeoutMs: 2000 });
    expect(r).toEqual({ ...PERSON, documentType: '111', photo: JPEG });
  });

  it('without a reader answers clearly, in Chinese, that none is connected', async () => {
    const dispatch = createDispatch(createHandlers(services()));
    const e = await apiError(dispatch('idcard:read', {}));
    expect(e.code).toBe('failed');
    expect(e.message).toMatch(/^未连接身份证阅读器/);
  });

  it('passes a refused read on with its field and the rule in the message', async () => {
    const dispatch = createDispatch(createHandlers(services(sim({ kind: 'card', card: { ...PERSON, idNumber: withWrongCheck(PERSON.idNumber) } }))));
    const e = await apiError(dispatch('idcard:read', {}));
    expect(e).toMatchObject({ code: 'failed', field: 'idNumber' });
    expect(e.message).toContain('GB 11643-1999 MOD 11-2');
  });

  it.each([
    [{ timeoutMs: 100 }, 'timeoutMs'],
    [{ timeoutMs: 60_000 }, 'timeoutMs'],
    [{ timeoutMs: 1500.5 }, 'timeoutMs'],
    [{ timeoutMs: '2000' }, 'timeoutMs'],
  ])('refuses arguments %j before the reader runs', async (args, field) => {
    const reader = sim();
    let reads = 0;
    const counting = { read: (o: { timeoutMs: number }) => (reads++, reader.read(o)), status: () => reader.status() };
    const dispatch = createDispatch(createHandlers(services(counting)));
    const e = await apiError(dispatch('idcard:read', args));
    expect(e).toMatchObject({ code: 'bad_args', field });
    expect(reads).toBe(0);
  });

  it('refuses unknown argument keys', async () => {
    const dispatch = createDispatch(createHandlers(services(sim())));
    expect((await apiError(dispatch('idcard:read', { port: 'COM3' }))).code).toBe('bad_args');
  });

  it('the result schema itself refuses a number failing the check digit', () => {
    const bad = { ...PERSON, documentType: '111', idNumber: withWrongCheck(PERSON.idNumber) };
    expect(() => parseResult('idcard:read', bad)).toThrow(/MOD 11-2/);
    expect(() => parseResult('idcard:read', { ...bad, idNumber: PERSON.idNumber, validTo: '2036-02-30' })).toThrow(/validTo/);
  });

  describe('through the browser host', () => {
    let host: BrowserHost | undefined;
    afterEach(() => host?.close());

    it('carries the read, photo bytes included, to a browser', async () => {
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-idcard-host-'));
      mkdirSync(path.join(tmp, 'renderer'));
      writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html>');
      host = await startBrowserHost({ rendererDir: path.join(tmp, 'renderer'), services: services(sim({ kind: 'card', card: { ...PERSON, photo: JPEG } })) });
      const res = await fetch(new URL('/api/idcard:read', host.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
        body: encodeWire({ timeoutMs: 2000 }),
      });
      expect(res.status).toBe(200);
      expect(decodeWire(await res.text())).toEqual({ ...PERSON, documentType: '111', photo: JPEG });
    });
  });
});

describe('choosing the reader (YICHUANG_IDREADER)', () => {
  it('has no reader unless one is configured: reads are never faked silently', () => {
    expect(idCardReaderFromEnv({})).toBeUndefined();
    expect(idCardReaderFromEnv({ YICHUANG_IDREADER: '  ' })).toBeUndefined();
  });

  it.each([
    ['simulator', 'simulator'],
    ['file:/var/lib/idreader', 'file'],
    ['http:http://127.0.0.1:19196/readcard', 'http'],
    ['http://localhost:8989/api/ReadMsg', 'http'],
  ])('%s → a %s reader', async (spec, kind) => {
    expect((await idCardReaderFromSpec(spec)!.status()).kind).toBe(kind);
  });

  it.each([
    ['http:http://192.168.1.5:19196/readcard', '本机'],
    ['http:ftp://127.0.0.1/x', 'http://'],
    ['file:', '缺少文件夹'],
    ['usb', '无法识别'],
  ])('refuses %s with a message saying what is wrong', (spec, words) => {
    expect(() => idCardReaderFromSpec(spec)).toThrow(IdReaderConfigError);
    expect(() => idCardReaderFromSpec(spec)).toThrow(words);
  });

  it('refuses a method other than GET or POST', () => {
    expect(() => idCardReaderFromEnv({ YICHUANG_IDREADER: 'http://127.0.0.1:1/x', YICHUANG_IDREADER_METHOD: 'DELETE' })).toThrow(/GET 或 POST/);
  });
});
