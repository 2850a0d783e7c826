import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpIdCardReader, IdCardReadError, READ_RULES } from '../../../src-main/services/id-reader';
import { validateResidentId } from '../../../src-shared/domain/identifiers';
import { JPEG, PERSON, PERSON2, TINY_BMP_TOP_DOWN_RGB, TODAY, captureLog, readRgbPng, tinyBmp, withWrongCheck } from './fixtures';

/** A fake vendor service on 127.0.0.1:0; `answers` are served in turn (the last repeats). */
interface Answer {
  status?: number;
  body?: string | Buffer;
  contentType?: string;
  hang?: boolean;
}
let server: http.Server;
let base: string;
let answers: Answer[];
let requests: { method: string; url: string; body: string; host: string }[];

beforeEach(async () => {
  answers = [];
  requests = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString(), host: req.headers.host ?? '' });
      const a = (answers.length > 1 ? answers.shift() : answers[0]) ?? { status: 404 };
      if (a.hang) return; // never answers
      res.writeHead(a.status ?? 200, { 'Content-Type': a.contentType ?? 'application/json; charset=utf-8' });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

const json = (v: unknown): Answer => ({ body: JSON.stringify(v) });
const reader = (extra: Partial<ConstructorParameters<typeof HttpIdCardReader>[0]> = {}) =>
  new HttpIdCardReader({ url: `${base}/api/readcard`, today: () => TODAY, pollMs: 20, ...extra });

async function failure(p: Promise<unknown>): Promise<IdCardReadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdCardReadError);
  return err as IdCardReadError;
}

describe('HttpIdCardReader against a local vendor service', () => {
  it('reads a card given in the generic shape, photo bytes included', async () => {
    answers = [json({ ...PERSON, sex: '男', photo: Buffer.from(JPEG).toString('base64') })];
    const read = await reader().read({ timeoutMs: 3000 });
    expect(read).toEqual({ ...PERSON, documentType: '111', photo: JPEG });
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/readcard' });
  });

  it('maps the SDK-style PascalCase shape: compact dates, 长期, and a BMP photo turned into PNG', async () => {
    answers = [
      json({
        Name: PERSON2.name,
        Sex: '女',
        Nation: '11', // GB 3304 code of 满
        Born: '19850612',
        Address: PERSON2.address,
        IDCardNo: PERSON2.idNumber,
        GrantDept: PERSON2.issuer,
        UserLifeBegin: '20140102',
        UserLifeEnd: '长期',
        PhotoBase64: Buffer.from(tinyBmp()).toString('base64'),
      }),
    ];
    const read = await reader().read({ timeoutMs: 3000 });
    const { photo, ...text } = read;
    expect(text).toEqual({ ...PERSON2, documentType: '111' });
    const png = readRgbPng(photo!);
    expect([png.width, png.height]).toEqual([2, 2]);
    expect(png.pixels).toEqual(TINY_BMP_TOP_DOWN_RGB);
  });

  it('maps the pinyin shape inside a status envelope, answered in GBK', async () => {
    const body = JSON.stringify({
      code: 0,
      msg: '成功',
      data: {
        xm: PERSON.name,
        xb: '1',
        mz: '汉族',
        csrq: '1990.03.07',
        zz: PERSON.address,
        gmsfhm: PERSON.idNumber.toLowerCase(),
        qfjg: PERSON.issuer,
        yxqx: '2016.05.20-2036.05.20',
      },
    });
    answers = [{ body: gbk(body), contentType: 'application/json; charset=GBK' }];
    const read = await reader().read({ timeoutMs: 3000 });
    expect(read).toEqual({ ...PERSON, documentType: '111' });
  });

  it('keeps asking while the service says there is no card, and reads the card placed later', async () => {
    answers = [json({ code: -1, msg: '请放卡' }), json({ code: -1, msg: '请放卡' }), json(PERSON)];
    const read = await reader().read({ timeoutMs: 5000 });
    expect(read.idNumber).toBe(PERSON.idNumber);
    expect(requests.length).toBe(3);
  });

  it('says "no card" (with the service’s words) when no card is placed in time', async () => {
    answers = [json({ resultFlag: -1, errMsg: '读卡失败：未放卡' })];
    const err = await failure(reader().read({ timeoutMs: 300 }));
    expect(err.reason).toBe('no_card');
    expect(err.message).toContain('没有读到身份证');
    expect(err.message).toContain('未放卡');
    expect(err.code).toBe('failed');
  });

  it('gives up with "timeout" when the service never answers', async () => {
    answers = [{ hang: true }];
    const err = await failure(reader().read({ timeoutMs: 300 }));
    expect(err.reason).toBe('timeout');
    expect(err.message).toContain('没有应答');
  });

  it('refuses a read whose number fails the check digit, naming the rule', async () => {
    answers = [json({ ...PERSON, idNumber: withWrongCheck(PERSON.idNumber) })];
    const err = await failure(reader().read({ timeoutMs: 3000 }));
    expect(err.reason).toBe('bad_data');
    expect(err.field).toBe('idNumber');
    expect(err.rule).toBe('GB 11643-1999 MOD 11-2');
    expect(err.message).toContain('校验位');
    expect(err.message).toContain('MOD 11-2');
  });

  it.each([
    ['sex disagreeing with the sequence code', { sex: '女' }, 'sex', READ_RULES.sexAgrees],
    ['a birth date disagreeing with the number', { birthDate: '1990-03-08' }, 'birthDate', READ_RULES.birthAgrees],
    ['an impossible validity date', { validFrom: '20230230' }, 'validFrom', READ_RULES.dateFormat],
    ['a validity period running backwards', { validTo: '2010-01-01' }, 'validTo', READ_RULES.validity],
    ['an unknown sex code', { sex: '9' }, 'sex', READ_RULES.sexCode],
    ['an unknown nation code', { nation: '77' }, 'nation', READ_RULES.nationCode],
    ['a missing name', { name: '   ' }, 'name', READ_RULES.required],
  ])('refuses %s, naming the field and rule', async (_what, change, field, rule) => {
    answers = [json({ ...PERSON, ...change })];
    const err = await failure(reader().read({ timeoutMs: 3000 }));
    expect([err.reason, err.field, err.rule]).toEqual(['bad_data', field, rule]);
    expect(err.message).toContain(rule);
  });

  it('refuses an answer in a shape it does not know, listing the shapes it does', async () => {
    answers = [json({ person: { fullName: PERSON.name } })];
    const err = await failure(reader().read({ timeoutMs: 3000 }));
    expect(err.reason).toBe('bad_data');
    expect(err.message).toContain('generic, sdk-pascal, pinyin');
  });

  it('reports a service error status as unavailable', async () => {
    answers = [{ status: 500, body: 'Internal error', contentType: 'text/plain' }];
    const err = await failure(reader().read({ timeoutMs: 3000 }));
    expect(err.reason).toBe('unavailable');
    expect(err.message).toContain('HTTP 500');
  });

  it('reports a service that is not running, and status() says so', async () => {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const r = new HttpIdCardReader({ url: `http://127.0.0.1:${port}/read`, today: () => TODAY });
    const err = await failure(r.read({ timeoutMs: 3000 }));
    expect(err.reason).toBe('unavailable');
    expect(err.message).toContain('ECONNREFUSED');
    expect(await r.status()).toMatchObject({ available: false, kind: 'http' });
    server = http.createServer().listen(0, '127.0.0.1'); // for afterEach
  });

  it('status() reports a running service available without reading a card', async () => {
    answers = [json(PERSON)];
    expect(await reader().status()).toMatchObject({ available: true, kind: 'http' });
    expect(requests).toEqual([]);
  });

  it('POSTs a JSON body when configured to', async () => {
    answers = [json(PERSON)];
    await reader({ method: 'POST', body: { cmd: 'read' } }).read({ timeoutMs: 3000 });
    expect(requests[0]).toMatchObject({ method: 'POST', body: '{"cmd":"read"}' });
  });

  it('reaches a localhost URL, resolved to loopback', async () => {
    answers = [json(PERSON)];
    const port = (server.address() as AddressInfo).port;
    const read = await reader({ url: `http://localhost:${port}/api/readcard` }).read({ timeoutMs: 3000 });
    expect(read.idNumber).toBe(PERSON.idNumber);
    expect(requests[0]!.host).toBe(`localhost:${port}`);
  });

  it.each([
    'http://192.168.1.20:8989/readcard',
    'http://10.0.0.1/readcard',
    'http://reader.example.com/readcard',
    'http://127.0.0.1.nip.io/readcard',
    'https://127.0.0.1:8443/readcard',
    'http://user:pw@127.0.0.1/readcard',
    'not a url',
  ])('refuses the non-loopback or unsafe URL %s before any request', (url) => {
    let err: unknown;
    try {
      new HttpIdCardReader({ url });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IdCardReadError);
    expect((err as IdCardReadError).reason).toBe('refused');
    expect((err as IdCardReadError).field).toBe('url');
  });

  it('accepts the loopback forms 127.x.x.x and [::1]', () => {
    expect(() => new HttpIdCardReader({ url: 'http://127.0.0.2:1/x' })).not.toThrow();
    expect(() => new HttpIdCardReader({ url: 'http://[::1]:1/x' })).not.toThrow();
  });

  it('logs reads with the name and number masked', async () => {
    answers = [json(PERSON)];
    const { lines, log } = captureLog();
    await reader({ log }).read({ timeoutMs: 3000 });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(all).not.toContain(PERSON.idNumber);
    expect(all).not.toContain(PERSON.idNumber.slice(6, 14)); // the birth-date digits
    expect(all).not.toContain(PERSON.name);
    expect(all).toContain(PERSON.name[0]! + '*');
  });

  it('the generated fixture numbers are themselves valid (guards the fixtures)', () => {
    for (const p of [PERSON, PERSON2]) expect(validateResidentId(p.idNumber, { today: TODAY }).ok).toBe(true);
  });
});

/** GBK bytes of a string, via the platform's GB18030 tables (a superset agreeing on GBK). */
function gbk(s: string): Buffer {
  // Node has no GBK encoder; build the bytes by decoding every 2-byte code and indexing it.
  const table = gbkTable();
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}

let table: Map<string, number> | undefined;
function gbkTable(): Map<string, number> {
  if (table) return table;
  table = new Map();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (hi << 8) | lo);
    }
  return table;
}
