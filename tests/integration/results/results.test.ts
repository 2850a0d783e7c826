/**
 * Result documents end to end at the center, on PGlite and — with DATABASE_URL — PostgreSQL:
 * issuance (render, province seal + province timestamp, blob, row, change, the caller's
 * writes, all or nothing), the document verifying against the province root, its text,
 * the public verification JSON and page, the document-hash check, revocation, the device
 * route's scope and the change windows pull.
 */
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-center/app';
import { HttpError } from '../../../src-center/http/errors';
import { CenterPki } from '../../../src-center/pki/index';
import { issueResult, normalizeCode, revokeResult } from '../../../src-center/results/index';
import { buildSyncApp } from '../../../src-center/sync/app';
import { readBlob } from '../../../src-center/sync/blobs';
import { createSyncAuthority } from '../../../src-center/sync/authority';
import { openStore, type Store } from '../../../src-center/store/index';
import { verifyPdf } from '../../../src-node/pades';
import { createDemoPki } from '../../../src-node/pki';
import { signRecord, signRequest, signResultLogEntry } from '../../../src-node/sync-auth';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import { appendEvent, type CaseEvent } from '../../../src-shared/domain/event-chain';
import { ResultLogResponse, ResultTrail, type ResultLogEntry } from '../../../src-shared/protocol/result-log';
import type { SyncRecord } from '../../../src-shared/protocol/sync';
import { resultLogOf } from '../../../src-center/sync/result-log-route';
import { ErrorBody, PullResponse, type Change } from '../../../src-shared/protocol/sync';
import { ResultInfo, VerificationAnswer } from '../../../src-shared/protocol/workflow';
import { pdftotext, squash, writePdf } from '../../unit/documents/pdf-tools';
import { backends, type Place } from '../center/backends';
import { ADMIN_TOKEN, call, caseEvents, enroll, implementationFor, makeRoot, push, recordsFor, type TestDevice } from '../sync/harness';

let pkiDir: string;
let pki: CenterPki;
let rootDer: Buffer;
const savedEnv = { token: process.env.CENTER_ADMIN_TOKEN, url: process.env.CENTER_PUBLIC_URL };
const PUBLIC_URL = 'https://zwfw.example.gov.cn';

beforeAll(async () => {
  pkiDir = mkdtempSync(path.join(os.tmpdir(), 'yc-results-pki-'));
  await createDemoPki(pkiDir, { keyAlgorithm: 'ecdsa-p256', pin: '135790' });
  pki = await CenterPki.open(pkiDir);
  rootDer = new crypto.X509Certificate(readFileSync(path.join(pkiDir, 'root.pem'))).raw;
  process.env.CENTER_ADMIN_TOKEN = ADMIN_TOKEN;
  process.env.CENTER_PUBLIC_URL = `${PUBLIC_URL}/`;
}, 120_000);

afterAll(() => {
  rmSync(pkiDir, { recursive: true, force: true });
  for (const [k, v] of [
    ['CENTER_ADMIN_TOKEN', savedEnv.token],
    ['CENTER_PUBLIC_URL', savedEnv.url],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const licence = (caseId: string, caseNumber: string, over: Partial<Parameters<typeof issueResult>[2]> = {}): Parameters<typeof issueResult>[2] => ({
  caseId,
  caseNumber,
  kind: 'licence',
  title: '食品经营许可证',
  body: '经营项目：预包装食品销售（含冷藏冷冻食品）。\n经营场所：石家庄市长安区中山东路1号。',
  validUntil: '2031-11-25',
  collectWindowId: 'w-130102-01',
  applicantName: '石家庄市𠈌记食品有限公司',
  itemName: '食品经营许可（新办）',
  issuedBy: { reviewerId: 'r-130102-scjg-1', departmentName: '石家庄市长安区市场监督管理局' },
  ...over,
});

/** A signed GET through app.inject, body kept as bytes. */
async function signedGet(app: FastifyInstance, dev: TestDevice, url: string) {
  const headers = signRequest({ deviceId: dev.deviceId, certSha256: dev.certSha256, privateKey: dev.privateKey }, { method: 'GET', target: url });
  return app.inject({ method: 'GET', url, headers: { ...headers, 'x-yichuang-schema': '1' } });
}

const resultChanges = (changes: Change[], resultId: string) =>
  changes.filter((c): c is Extract<Change, { kind: 'result' }> => c.kind === 'result' && c.resultId === resultId);

async function pullOnce(app: FastifyInstance, dev: TestDevice): Promise<Change[]> {
  const out: Change[] = [];
  let cursor = '';
  for (;;) {
    const res = await call(app, dev, 'GET', `/v1/sync/changes?cursor=${cursor}`);
    expect(res.status).toBe(200);
    const page = PullResponse.parse(res.body);
    out.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return out;
  }
}

/**
 * Everything the device pulls, once `expected` result changes of `resultId` are in it. On
 * PostgreSQL the pull horizon is cluster-wide: a writing transaction of another test file
 * on the same server holds committed rows back a moment (never loses them), so keep
 * pulling. Without `resultId`, one pull (use it after another device already saw the change:
 * the horizon only moves forward).
 */
async function pullAll(app: FastifyInstance, dev: TestDevice, resultId?: string, expected = 1): Promise<Change[]> {
  let changes = await pullOnce(app, dev);
  for (let i = 0; resultId && i < 400 && resultChanges(changes, resultId).length < expected; i++) {
    await new Promise((r) => setTimeout(r, 25));
    changes = await pullOnce(app, dev);
  }
  return changes;
}

describe.each(backends)('results on $name', (backend) => {
  let place: Place;
  let store: Store;
  let pub: FastifyInstance;
  let sync: FastifyInstance;
  let a: TestDevice; // 长安区 130102: accepts the cases
  let b: TestDevice; // 桥西区 130104: collect window of case 2
  let c: TestDevice; // 正定县 130123: neither
  let case1: { caseId: string; caseNumber: string; events: CaseEvent[] };
  let nextSeqOfA = 0;
  let case2: { caseId: string; caseNumber: string; events: CaseEvent[] };
  let issued: ResultInfo;
  let elsewhere: ResultInfo;
  let pdf: Buffer;

  beforeAll(async () => {
    place = await backend.fresh();
    store = await openStore(place.opts);
    pub = await buildApp(store, { pkiDir });
    sync = (await buildSyncApp(store, { authority: createSyncAuthority(makeRoot()), tls: false, adminToken: ADMIN_TOKEN })).app;
    a = await enroll(sync, 'w-130102-01');
    b = await enroll(sync, 'w-130104-01');
    c = await enroll(sync, 'w-130123-01');
    const item = await implementationFor(store, '130102');
    let seq = 1;
    for (const n of [1, 2]) {
      const k = await caseEvents({ device: a, item, caseSeq: n });
      const res = await push(sync, a, recordsFor(a, k.events, seq));
      seq += k.events.length;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (n === 1) case1 = k;
      else case2 = k;
    }
    nextSeqOfA = seq;
  });
  afterAll(async () => {
    await sync?.close();
    await pub?.close();
    await store?.close();
    await place?.cleanup();
  });

  it('issues a licence sealed by the province with a province timestamp, and runs the caller’s writes in the same transaction', async () => {
    let seenInTx = -1;
    issued = await issueResult(store.db, pki, licence(case1.caseId, case1.caseNumber), async (tx, info) => {
      const [r] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM results WHERE result_id = $1', [info.resultId]);
      seenInTx = r!.n;
    });
    expect(seenInTx).toBe(1);
    expect(ResultInfo.parse(issued)).toEqual(issued);
    expect(issued).toMatchObject({ caseId: case1.caseId, caseNumber: case1.caseNumber, resultKind: 'licence', title: '食品经营许可证', status: 'valid', collectWindowId: 'w-130102-01' });
    expect(issued.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);

    pdf = (await readBlob(store.db, issued.sha256))!;
    expect(pdf).not.toBeNull();
    expect(pdf.length).toBe(issued.size);
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(issued.sha256);

    const v = await verifyPdf(pdf, { trustRoots: [rootDer], crls: [await pki.crlDer()] });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.signatures).toHaveLength(1);
    const sig = v.signatures[0]!;
    expect(sig.fieldName).toBe('province-seal');
    expect(sig.signer?.commonName).toBe('河北省政务服务电子印章');
    expect(sig.coversWholeDocument).toBe(true);
    expect(sig.timestamp?.valid).toBe(true);
    expect(sig.timeSource).toBe('timestamp');
    for (const check of ['signature', 'chain', 'timestamp', 'revocation'] as const) expect(sig.checks[check]?.ok, check).toBe(true);
  });

  it('prints the Chinese title, the parties, the verification code and the public URL as extractable text', () => {
    const text = squash(pdftotext(writePdf(pdf, 'result')));
    for (const s of ['食品经营许可证', '石家庄市长安区市场监督管理局', '石家庄市𠈌记食品有限公司', '食品经营许可（新办）', issued.verificationCode, issued.caseNumber, '2031年11月25日', '预包装食品销售'])
      expect(text, s).toContain(s);
    expect(text).toContain(`${PUBLIC_URL}/verify/`);
  });

  it('does not verify against another root', async () => {
    const v = await verifyPdf(pdf, { trustRoots: [makeRoot('别省根CA').certDer], crls: [await pki.crlDer()] });
    expect(v.ok).toBe(false);
  });

  it('answers the public verification JSON: genuine with a masked case number and no applicant', async () => {
    const res = await pub.inject({ method: 'GET', url: `/v1/verify/${issued.verificationCode}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const answer = VerificationAnswer.parse(res.json());
    expect(answer).toMatchObject({ status: 'genuine', code: issued.verificationCode, title: '食品经营许可证', kind: 'licence', issuer: '石家庄市长安区市场监督管理局', documentSha256: issued.sha256 });
    if (answer.status !== 'genuine') throw new Error('not genuine');
    expect(answer.caseNumber).not.toBe(issued.caseNumber);
    expect(answer.caseNumber.slice(0, 6)).toBe(issued.caseNumber.slice(0, 6));
    expect(answer.caseNumber.slice(-4)).toBe(issued.caseNumber.slice(-4));
    expect(res.body).not.toContain('𠈌记');
    expect(res.body).not.toContain(issued.caseNumber);

    // Typed by hand: lower case, without hyphens, O for 0 and l for 1 read the same.
    const typed = issued.verificationCode.replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    const again = await pub.inject({ method: 'GET', url: `/v1/verify/${typed}` });
    expect(again.json()).toMatchObject({ status: 'genuine', code: issued.verificationCode });
  });

  it('answers unknown for a well-formed code nobody issued, and 400 naming the field for one that cannot be a code', async () => {
    let other = 'ABCD-EFGH-JKMN-PQRS';
    if (other === issued.verificationCode) other = 'ZZZZ-ZZZZ-ZZZZ-ZZZZ';
    const res = await pub.inject({ method: 'GET', url: `/v1/verify/${other}` });
    expect(res.statusCode).toBe(200);
    expect(VerificationAnswer.parse(res.json())).toEqual({ status: 'unknown', code: other });

    for (const bad of ['ABCD-EFGH-JKMN-PQR', 'ABCD-EFGH-JKMN-PQRU', 'ABCD-EFGH-JKMN-PQRS-T']) {
      const r = await pub.inject({ method: 'GET', url: `/v1/verify/${encodeURIComponent(bad)}` });
      expect(r.statusCode, bad).toBe(400);
      const body = ErrorBody.parse(r.json());
      expect(body.field).toBe('code');
      expect(body.message).toMatch(/核验码/);
    }
  });

  it('shows a self-contained Chinese page with a strict CSP, output escaped', async () => {
    const res = await pub.inject({ method: 'GET', url: `/verify/${issued.verificationCode}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const html = res.body;
    expect(html).toContain('真实有效');
    expect(html).toContain('食品经营许可证');
    expect(html).toContain(issued.verificationCode);
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\//i);
    // The one inline style is the one the CSP allows, byte for byte.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`);

    const unknown = await pub.inject({ method: 'GET', url: '/verify/ZZZZ-ZZZZ-ZZZZ-ZZZY' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('未找到');

    const hostile = await pub.inject({ method: 'GET', url: `/verify/${encodeURIComponent('<script>alert(1)</script>')}` });
    expect(hostile.statusCode).toBe(400);
    expect(hostile.body).toContain('核验码格式不正确');
    expect(hostile.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile.body).not.toContain('<script>');

    const form = await pub.inject({ method: 'GET', url: `/verify?code=${issued.verificationCode.toLowerCase()}` });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/verify/${issued.verificationCode}`);
  });

  it('tells whether uploaded bytes are exactly an issued result', async () => {
    const check = (body: Buffer, type = 'application/pdf') => pub.inject({ method: 'POST', url: '/v1/verify/document', headers: { 'content-type': type }, payload: body });
    const same = await check(pdf);
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ match: true, sha256: issued.sha256, size: pdf.length, verification: { status: 'genuine', code: issued.verificationCode } });

    const flipped = Buffer.from(pdf);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = flipped[at]! ^ 0x01;
    const other = await check(flipped);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ match: false, verification: null });
    expect(other.json().sha256).not.toBe(issued.sha256);

    expect((await check(Buffer.from('not a pdf at all'))).statusCode).toBe(400);
    const json = await check(Buffer.from('{"a":1}'), 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json().field).toBe('content-type');
    const huge = await check(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().field).toBe('body');
  });

  it('lets a device of the collect window’s county fetch the PDF, and no other county', async () => {
    const url = `/v1/sync/results/${issued.resultId}/pdf`;
    const ok = await signedGet(sync, a, url);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.headers['x-content-sha256']).toBe(issued.sha256);
    expect(Buffer.compare(ok.rawPayload, pdf)).toBe(0);

    for (const dev of [b, c]) {
      const r = await signedGet(sync, dev, url);
      expect(r.statusCode, dev.regionCode).toBe(404);
    }
    const unsigned = await sync.inject({ method: 'GET', url, headers: { 'x-yichuang-schema': '1' } });
    expect(unsigned.statusCode).toBe(401);
    const nobody = await signedGet(sync, a, `/v1/sync/results/${crypto.randomUUID()}/pdf`);
    expect(nobody.statusCode).toBe(404);
  });

  it('puts the result into the pull of the collect window’s county only', async () => {
    const forA = resultChanges(await pullAll(sync, a, issued.resultId), issued.resultId);
    expect(forA).toHaveLength(1);
    expect(forA[0]).toMatchObject({ ...issued, kind: 'result', regionCode: '130102' });
    expect(resultChanges(await pullAll(sync, c), issued.resultId)).toHaveLength(0);
    expect(resultChanges(await pullAll(sync, b), issued.resultId)).toHaveLength(0);
  });

  it('sends a result collected elsewhere to the collect county and to the accepting county', async () => {
    const r = (elsewhere = await issueResult(store.db, pki, {
      ...licence(case2.caseId, case2.caseNumber),
      kind: 'approval',
      title: '准予行政许可决定书',
      body: '经审查，你单位的申请符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。',
      collectWindowId: 'w-130104-01',
    }));
    const url = `/v1/sync/results/${r.resultId}/pdf`;
    expect((await signedGet(sync, b, url)).statusCode).toBe(200);
    expect((await signedGet(sync, a, url)).statusCode).toBe(200);
    expect((await signedGet(sync, c, url)).statusCode).toBe(404);
    expect(resultChanges(await pullAll(sync, b, r.resultId), r.resultId).map((x) => x.regionCode)).toEqual(['130104']);
    expect(resultChanges(await pullAll(sync, a, r.resultId), r.resultId).map((x) => x.regionCode)).toEqual(['130102']);
    expect(resultChanges(await pullAll(sync, c), r.resultId)).toHaveLength(0);
  });

  it('takes the collect window’s result log (download, prints, one hand-over) and refuses other counties, forgeries and a second hand-over', async () => {
    const r = elsewhere;
    const at = new Date().toISOString();
    const base = (dev: TestDevice, over: { caseId?: string } = {}) => ({ id: crypto.randomUUID(), deviceId: dev.deviceId, windowId: dev.windowId, resultId: r.resultId, caseId: r.caseId, at, actor: 'c-130104-01-1', ...over });
    const received = { ...base(b), type: 'result-received' as const, data: { resultId: r.resultId, verificationCode: r.verificationCode, sha256: r.sha256, title: r.title } };
    const printed = { ...base(b), type: 'result-printed' as const, data: { resultId: r.resultId, copies: 2, printer: '另存为PDF', clerkId: 'c-130104-01-1', at, reprint: false } };
    const handOver = (dev: TestDevice) => ({
      ...base(dev),
      type: 'result-collected' as const,
      data: { resultId: r.resultId, collectorName: '王𠈌', documentType: '111' as const, documentNumber: makeResidentId('130104', '1988-02-29', 57), idChecked: true as const, collectorRole: 'applicant' as const, at, clerkId: 'c-130104-01-1' },
    });
    const collected = handOver(b);
    const send = async (dev: TestDevice, entries: { entry: ResultLogEntry; key?: TestDevice }[]) => {
      const res = await call(sync, dev, 'POST', '/v1/sync/result-log', { entries: entries.map((x) => ({ entry: x.entry, signature: signResultLogEntry(x.entry, (x.key ?? dev).privateKey) })) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return ResultLogResponse.parse(res.body).results;
    };

    const first = await send(b, [{ entry: received }, { entry: printed }, { entry: collected }]);
    expect(first.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    // A resend is answered with the original time; the same id with other content is a conflict.
    const again = await send(b, [{ entry: printed }]);
    expect(again).toEqual([{ id: printed.id, status: 'duplicate', receivedAt: (first[1] as { receivedAt: string }).receivedAt }]);
    const changed = await send(b, [{ entry: { ...printed, data: { ...printed.data, copies: 3 } } }]);
    expect(changed[0]).toMatchObject({ status: 'rejected', code: 'conflict', field: 'id' });

    // Handed over once, wherever.
    const second = await send(b, [{ entry: handOver(b) }]);
    expect(second[0]).toMatchObject({ status: 'rejected', code: 'already_collected', field: 'resultId' });
    expect((second[0] as { message: string }).message).toContain('w-130104-01');

    // Another county learns nothing; another case, device or key is refused, naming the field.
    const stranger = await send(c, [{ entry: { ...printed, ...base(c) } }]);
    expect(stranger[0]).toMatchObject({ status: 'rejected', code: 'unknown_result', field: 'resultId' });
    const otherCase = await send(b, [{ entry: { ...printed, ...base(b, { caseId: case1.caseId }) } }]);
    expect(otherCase[0]).toMatchObject({ status: 'rejected', code: 'case_mismatch', field: 'caseId' });
    const asA = await send(b, [{ entry: { ...printed, ...base(a) } }]);
    expect(asA[0]).toMatchObject({ status: 'rejected', code: 'device_mismatch', field: 'deviceId' });
    const forged = await send(b, [{ entry: { ...printed, ...base(b) }, key: c }]);
    expect(forged[0]).toMatchObject({ status: 'rejected', code: 'bad_signature', field: 'signature' });
    // A record's signature does not pass for an entry's (domain-separated).
    const entry = { ...printed, ...base(b) };
    const res = await call(sync, b, 'POST', '/v1/sync/result-log', { entries: [{ entry, signature: signRecord(entry as unknown as SyncRecord, b.privateKey) }] });
    expect(ResultLogResponse.parse(res.body).results[0]).toMatchObject({ status: 'rejected', code: 'bad_signature' });
    // Unsigned: 401.
    const unsigned = await sync.inject({ method: 'POST', url: '/v1/sync/result-log', headers: { 'x-yichuang-schema': '1', 'content-type': 'application/json' }, payload: JSON.stringify({ entries: [] }) });
    expect(unsigned.statusCode).toBe(401);

    // Another window of a county that sees the result (the accepting county) is neither the collect nor the accepting window.
    const a2 = await enroll(sync, 'w-130102-02');
    const notMine = await send(a2, [{ entry: { ...printed, ...base(a2) } }]);
    expect(notMine[0]).toMatchObject({ status: 'rejected', code: 'not_collect_window', field: 'windowId' });

    // The accepting county learns of the hand-over at the collect window.
    const forA = resultChanges(await pullAll(sync, a, r.resultId, 2), r.resultId);
    expect(forA.at(-1)?.handedOver).toEqual({ windowId: 'w-130104-01', at });

    // The center holds exactly the three facts, in order, as signed.
    expect((await resultLogOf(store.db, r.resultId)).map((x) => [x.type, x.id])).toEqual([
      ['result-received', received.id],
      ['result-printed', printed.id],
      ['result-collected', collected.id],
    ]);
  });

  it('announces a hand-over at the accepting window (its case event) to the result’s counties', async () => {
    const at = new Date().toISOString();
    const ev = await appendEvent(case1.events.at(-1)!, {
      caseId: case1.caseId,
      type: 'result-collected',
      at,
      actor: 'c-130102-01-1',
      data: { resultId: issued.resultId, collectorName: '张三', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123), idChecked: true, collectorRole: 'applicant', at, clerkId: 'c-130102-01-1' },
    });
    const res = await push(sync, a, recordsFor(a, [ev], nextSeqOfA++));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const changes = resultChanges(await pullAll(sync, a, issued.resultId, 2), issued.resultId);
    expect(changes.at(-1)?.handedOver).toEqual({ windowId: 'w-130102-01', at });
  });

  it("gives operators a result's trail: both windows' facts, copies printed, and a second hand-over at the accepting window flagged", async () => {
    // The accepting window, offline, hands over the result the collect window already handed
    // over: its case event is a fact of the case's hash chain, so the center keeps it.
    const at = new Date(Date.now() + 1000).toISOString();
    const documentNumber = makeResidentId('130102', '1975-06-01', 31);
    const ev = await appendEvent(case2.events.at(-1)!, {
      caseId: case2.caseId,
      type: 'result-collected',
      at,
      actor: 'c-130102-01-1',
      data: { resultId: elsewhere.resultId, collectorName: '李四', documentType: '111', documentNumber, idChecked: true, collectorRole: 'agent', at, clerkId: 'c-130102-01-1' },
    });
    const pushed = await push(sync, a, recordsFor(a, [ev], nextSeqOfA++));
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);

    const url = `/v1/admin/results/${elsewhere.verificationCode}/log`;
    expect((await pub.inject({ method: 'GET', url })).statusCode).toBe(401);
    const res = await pub.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.statusCode, res.body).toBe(200);
    const trail = ResultTrail.parse(res.json());
    expect(trail.entries.map((e) => [e.type, e.source, e.windowId])).toEqual([
      ['result-received', 'result-log', 'w-130104-01'],
      ['result-printed', 'result-log', 'w-130104-01'],
      ['result-collected', 'result-log', 'w-130104-01'],
      ['result-collected', 'case-log', 'w-130102-01'],
    ]);
    expect(trail).toMatchObject({ resultId: elsewhere.resultId, status: 'valid', collectWindowId: 'w-130104-01', printedCopies: 2, handOvers: 2, handedOverTwice: true });
    expect(trail.entries[1]).toMatchObject({ copies: 2, printer: '另存为PDF', reprint: false });
    expect(trail.entries[3]).toMatchObject({ collectorName: '李四', collectorRole: 'agent', actor: 'c-130102-01-1' });
    // Document numbers are masked: the first 3 and the last 4 characters only.
    expect(trail.entries[3]!.documentNumber).toBe(`130${'*'.repeat(11)}${documentNumber.slice(-4)}`);
    expect(res.body).not.toContain(documentNumber);

    // A result nobody handed over twice says so; a code nobody issued is 404, one that cannot be a code 400, both naming the field.
    const single = ResultTrail.parse((await pub.inject({ method: 'GET', url: `/v1/admin/results/${issued.verificationCode}/log`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json());
    expect(single).toMatchObject({ handOvers: 1, handedOverTwice: false });
    const unknown = await pub.inject({ method: 'GET', url: '/v1/admin/results/ABCD-EFGH-JKMN-PQRS/log', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(unknown.statusCode).toBe(404);
    expect(ErrorBody.parse(unknown.json())).toMatchObject({ error: 'not_found', field: 'code' });
    const bad = await pub.inject({ method: 'GET', url: '/v1/admin/results/not-a-code/log', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(bad.statusCode).toBe(400);
    expect(ErrorBody.parse(bad.json()).field).toBe('code');
  });

  it('keeps one valid result per case and kind, and refuses the opposite outcome', async () => {
    const again = issueResult(store.db, pki, licence(case1.caseId, case1.caseNumber));
    await expect(again).rejects.toMatchObject({ statusCode: 409, field: 'kind' });
    const refusal = issueResult(store.db, pki, {
      ...licence(case1.caseId, case1.caseNumber),
      kind: 'refusal',
      title: '不予行政许可决定书',
      validUntil: undefined,
    });
    await expect(refusal).rejects.toMatchObject({ statusCode: 409 });

    // Two reviewers issuing at the same moment: exactly one licence.
    const caseId = crypto.randomUUID();
    const both = await Promise.allSettled([issueResult(store.db, pki, licence(caseId, 'CONCURRENT-1')), issueResult(store.db, pki, licence(caseId, 'CONCURRENT-1'))]);
    expect(both.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const lost = both.find((x): x is PromiseRejectedResult => x.status === 'rejected')!;
    expect(lost.reason).toMatchObject({ statusCode: 409, code: 'result_exists' });
    const [n] = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM results WHERE case_id = $1', [caseId]);
    expect(n!.n).toBe(1);
  });

  it('refuses bad input naming the field, and leaves nothing behind when the caller’s writes fail', async () => {
    const bad = async (over: Partial<Parameters<typeof issueResult>[2]>, field: string) => {
      const err = await issueResult(store.db, pki, licence(crypto.randomUUID(), 'X', over)).catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(HttpError);
      expect((err as HttpError).statusCode).toBe(400);
      expect((err as HttpError).field).toBe(field);
    };
    await bad({ collectWindowId: 'w-999999-99' }, 'collectWindowId');
    await bad({ kind: 'refusal', title: '不予行政许可决定书' }, 'validUntil');
    await bad({ validUntil: '2001-01-01' }, 'validUntil');
    await bad({ title: '证' }, 'title');
    await bad({ caseId: case1.caseId, caseNumber: '130102202509300000000000000' }, 'caseNumber');

    const count = async () => {
      const [r] = await store.db.query<{ results: number; changes: number; blobs: number }>(
        `SELECT (SELECT count(*)::int FROM results) AS results, (SELECT count(*)::int FROM sync_changes WHERE kind = 'result') AS changes,
                (SELECT count(*)::int FROM sync_blobs) AS blobs`,
      );
      return r!;
    };
    const before = await count();
    const failing = issueResult(store.db, pki, licence(crypto.randomUUID(), 'X'), async () => {
      throw new Error('progress event refused');
    });
    await expect(failing).rejects.toThrow('progress event refused');
    expect(await count()).toEqual(before);
  });

  it('revokes through the operator endpoint: verification says revoked, windows pull the new status, a new licence may follow', async () => {
    const url = `/v1/admin/results/${issued.verificationCode}/revoke`;
    const noToken = await pub.inject({ method: 'POST', url, payload: { reason: '申请人以欺骗手段取得许可' } });
    expect(noToken.statusCode).toBe(401);
    const res = await pub.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { reason: '申请人以欺骗手段取得许可' } });
    expect(res.statusCode).toBe(200);
    expect(ResultInfo.parse(res.json())).toMatchObject({ resultId: issued.resultId, status: 'revoked' });
    const twice = await pub.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { reason: '重复撤销' } });
    expect(twice.statusCode).toBe(409);
    // The operator's trail says when and why.
    const trail = ResultTrail.parse((await pub.inject({ method: 'GET', url: `/v1/admin/results/${issued.verificationCode}/log`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json());
    expect(trail).toMatchObject({ status: 'revoked', revocationReason: '申请人以欺骗手段取得许可', title: issued.title });
    expect(Date.parse(trail.revokedAt!)).toBeGreaterThan(Date.parse(issued.issuedAt));

    const answer = VerificationAnswer.parse((await pub.inject({ method: 'GET', url: `/v1/verify/${issued.verificationCode}` })).json());
    expect(answer).toMatchObject({ status: 'revoked', code: issued.verificationCode, revocationReason: '申请人以欺骗手段取得许可', documentSha256: issued.sha256 });
    const page = await pub.inject({ method: 'GET', url: `/verify/${issued.verificationCode}` });
    expect(page.body).toContain('已撤销');
    expect(page.body).toContain('申请人以欺骗手段取得许可');
    const doc = await pub.inject({ method: 'POST', url: '/v1/verify/document', headers: { 'content-type': 'application/pdf' }, payload: pdf });
    expect(doc.json()).toMatchObject({ match: true, verification: { status: 'revoked' } });

    // Issued, handed over at the accepting window (the test above), revoked.
    const changes = resultChanges(await pullAll(sync, a, issued.resultId, 3), issued.resultId);
    expect(changes.map((x) => x.status)).toEqual(['valid', 'valid', 'revoked']);
    // The PDF stays available to its county, marked revoked.
    const fetched = await signedGet(sync, a, `/v1/sync/results/${issued.resultId}/pdf`);
    expect(fetched.headers['x-result-status']).toBe('revoked');

    await expect(revokeResult(store.db, 'ZZZZ-ZZZZ-ZZZZ-ZZZX', '不存在的文书')).rejects.toMatchObject({ statusCode: 404 });
    // Rows never change otherwise, and are never deleted.
    await expect(store.db.query(`UPDATE results SET title = 'x' WHERE result_id = $1`, [issued.resultId])).rejects.toThrow(/只能由有效改为撤销/);
    await expect(store.db.query('DELETE FROM results WHERE result_id = $1', [issued.resultId])).rejects.toThrow(/不能删除/);

    const renewed = await issueResult(store.db, pki, licence(case1.caseId, case1.caseNumber));
    expect(renewed.verificationCode).not.toBe(issued.verificationCode);
    expect(normalizeCode(renewed.verificationCode)).toBe(renewed.verificationCode);
  });
});
