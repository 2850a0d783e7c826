/**
 * 出件 at the window, against fake-indexeddb and a stand-in for main: results arrive by
 * pull, their PDFs are downloaded and kept with the case (one event + blob, synced),
 * prints and hand-overs are logged on the case's hash-chained log, a reprint needs a
 * reason, a revoked result never prints, and a refusal by main logs nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { YichuangDb } from '../../../src-renderer/db/database';
import { CasesRepository } from '../../../src-renderer/db/casesRepository';
import { ResultLogRepository } from '../../../src-renderer/db/resultLogRepository';
import { drainResultLog } from '../../../src-renderer/features/results/resultLogSync';
import type { ResultLogAnswer, ResultLogEntry } from '../../../src-shared/protocol/result-log';
import { sha256OfBytes } from '../../../src-renderer/db/hashing';
import { SyncStateDb } from '../../../src-renderer/sync/syncDb';
import { fetchPendingResults } from '../../../src-renderer/features/results/fetchResults';
import { printResult } from '../../../src-renderer/features/results/printResult';
import { HandOverError, registerHandOver } from '../../../src-renderer/features/results/handOver';
import { loadResultEntries } from '../../../src-renderer/features/results/resultsData';
import { countByFilter, matchesQuery, sortEntries, type ResultChange } from '../../../src-renderer/features/results/resultsModel';
import { DomainRuleError } from '../../../src-shared/domain/errors';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import type { ResultPrintArgs, ResultPrintOutcome } from '../../../src-shared/protocol/clerk-results';
import type { SyncCallResult, SyncResultPdf } from '../../../src-shared/protocol/clerk-sync';
import { ITEMS } from '../renderer/fixtures';
import { commitCase } from '../sync/outbox-fixture';

const dbs: { delete(): Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete();
});

const enc = new TextEncoder();

async function world() {
  const db = new YichuangDb(`results-${crypto.randomUUID()}`);
  const state = new SyncStateDb(`results-sync-${crypto.randomUUID()}`);
  dbs.push(db, state);
  const cases = new CasesRepository(db);
  const resultLog = new ResultLogRepository(db);
  const item = ITEMS.find((i) => i.caseType === '2') ?? ITEMS[0]!;
  const { caseId } = await commitCase(db, { item });
  const kase = (await cases.get(caseId))!;
  const pdfs = new Map<string, Uint8Array<ArrayBuffer>>();
  const clerk = new FakeMain(pdfs);
  let pos = 0;
  const pull = async (over: Partial<ResultChange> & { resultId: string; pdf?: Uint8Array<ArrayBuffer> }) => {
    const pdf = over.pdf ?? enc.encode(`%PDF-1.7 result ${over.resultId}\n%%EOF\n`);
    const sha256 = await sha256OfBytes(pdf);
    pdfs.set(over.resultId, pdf);
    pos++;
    const { pdf: _pdf, ...rest } = over;
    const change: ResultChange = {
      kind: 'result',
      position: `1.${pos}`,
      at: '2026-12-01T10:00:00+08:00',
      regionCode: '130102',
      caseId,
      caseNumber: kase.caseNumber,
      resultKind: 'licence',
      title: '准予行政许可决定书',
      verificationCode: 'ABCD-EFGH-JKMN-PQRS',
      sha256,
      size: pdf.length,
      issuedAt: `2026-12-01T10:00:0${pos}+08:00`,
      status: 'valid',
      collectWindowId: 'w-130102-01',
      ...rest,
    };
    await state.storePulled([change], change.position);
    return { change, pdf, sha256 };
  };
  return { db, state, cases, resultLog, caseId, kase, clerk, pull };
}

/** main: serves result PDFs (optionally corrupted) and answers prints as told. */
class FakeMain {
  prints: ResultPrintArgs[] = [];
  corrupt = false;
  refuse: ResultPrintOutcome | null = null;
  constructor(private readonly pdfs: Map<string, Uint8Array<ArrayBuffer>>) {}
  async 'sync:result-pdf'(a: { resultId: string; sha256: string }): Promise<SyncCallResult<SyncResultPdf>> {
    const pdf = this.pdfs.get(a.resultId);
    if (!pdf) return { ok: false, error: { kind: 'rejected', message: '没有这个结果', status: 404 } };
    const bytes = this.corrupt ? pdf.map((b, i) => (i === 3 ? b ^ 1 : b)) : pdf;
    return { ok: true, value: { pdf: bytes, sha256: a.sha256 } };
  }
  async 'results:print'(a: ResultPrintArgs): Promise<ResultPrintOutcome> {
    this.prints.push(a);
    if (this.refuse) return this.refuse;
    const browser = a.printerId === 'browser';
    return {
      ok: true,
      printerId: a.printerId,
      printerName: browser ? '浏览器打印' : '另存为PDF',
      kind: browser ? 'browser' : 'directory',
      copies: a.copies,
      printedAt: '2026-12-01T10:05:00.000Z',
      reprint: a.previousPrints > 0,
      ...(a.reason ? { reason: a.reason.trim() } : {}),
      pagePrints: browser,
      verified: { ok: true, signer: '河北省政务服务电子印章', organisation: null, signedAt: null, timestamped: true, signatures: 1 },
    };
  }
}

/** main + the center for the result log: enrolled as AB12CD of w-130102-01; refuses the entry types it is told to. */
class FakeCenter {
  enrolled = true;
  refuse = new Set<string>();
  received: ResultLogEntry[] = [];
  async 'device:status'() {
    return { enrolled: this.enrolled, deviceId: this.enrolled ? 'AB12CD' : null, windowId: this.enrolled ? 'w-130102-01' : null, regionCode: '130102', certSha256: null, certNotAfter: null, keyProtection: 'scrypt' as const, syncUrl: null, rootSha256: null };
  }
  async 'sync:result-log'(a: { entries: ResultLogEntry[] }) {
    this.received.push(...a.entries);
    const results: ResultLogAnswer[] = a.entries.map((x) =>
      this.refuse.has(x.type)
        ? { id: x.id, status: 'rejected', code: 'already_collected', field: 'resultId', message: '该结果已在窗口 w-130104-01 登记领取' }
        : { id: x.id, status: 'accepted', receivedAt: '2026-12-01T02:10:00.000Z' },
    );
    return { ok: true as const, value: { results } };
  }
}

const entryOf = async (w: Awaited<ReturnType<typeof world>>, resultId: string) => (await loadResultEntries(w.state, w.cases, w.resultLog, 'w-130102-01')).find((e) => e.info.resultId === resultId)!;
const R1 = '7b0f6a5e-1c1d-4f5e-9a40-2b1e0c9d8f70';
const R2 = '0d9a2c4e-5b6f-4a7b-8c9d-0e1f2a3b4c5d';
const R3 = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

describe('results at the window', () => {
  it('downloads a pulled result once, keeping the bytes with the case and logging it for sync', async () => {
    const w = await world();
    const { pdf, sha256 } = await w.pull({ resultId: R1 });
    expect((await entryOf(w, R1)).stage).toBe('awaiting-download');

    const report = await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c-130102-01-1' });
    expect(report).toEqual({ fetched: [R1], failed: [] });
    const e = await entryOf(w, R1);
    expect(e.stage).toBe('awaiting-print');
    expect(e.history.received).toMatchObject({ resultId: R1, sha256, verificationCode: 'ABCD-EFGH-JKMN-PQRS' });
    const blob = await w.cases.blob(sha256);
    expect(new Uint8Array(await blob!.blob.arrayBuffer())).toEqual(pdf);
    expect(blob!.caseIds).toEqual([w.caseId]);
    // The event goes out with its blob named; the chain still verifies.
    const out = await w.db.outbox.where('caseId').equals(w.caseId).toArray();
    expect(out.at(-1)).toMatchObject({ event: { type: 'result-received', actor: 'c-130102-01-1' }, blobs: [sha256] });
    expect((await w.cases.verify(w.caseId)).ok).toBe(true);
    // Nothing left to download.
    expect(await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' })).toEqual({ fetched: [], failed: [] });
  });

  it('refuses bytes that are not the published ones, for cases held here or elsewhere, and skips revoked results', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await w.pull({ resultId: R2, status: 'revoked' });
    await w.pull({ resultId: R3, caseId: crypto.randomUUID() });
    w.clerk.corrupt = true;
    const report = await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' });
    expect(report.fetched).toEqual([]);
    expect(report.failed.map((f) => f.resultId).sort()).toEqual([R1, R3].sort());
    expect(report.failed[0]!.message).toMatch(/文件已被改动/);
    const stages = Object.fromEntries((await loadResultEntries(w.state, w.cases, w.resultLog, 'w-130102-01')).map((e) => [e.info.resultId, e.stage]));
    expect(stages).toEqual({ [R1]: 'awaiting-download', [R2]: 'revoked', [R3]: 'awaiting-download' });
    expect((await w.cases.events(w.caseId)).some((e) => e.type === 'result-received')).toBe(false);
    expect(await w.db.resultLog.count()).toBe(0);
  });

  it('collects a result for a case accepted elsewhere: downloaded, printed and handed over into the result log, then sent once', async () => {
    const w = await world();
    const elsewhere = crypto.randomUUID();
    const { pdf, sha256 } = await w.pull({ resultId: R3, caseId: elsewhere, caseNumber: '13010420261201A1B2C3000001X' });
    expect((await entryOf(w, R3)).log).toEqual([]);
    expect(await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c-130102-01-1' })).toEqual({ fetched: [R3], failed: [] });
    let e = await entryOf(w, R3);
    expect(e.kase).toBeNull();
    expect(e.stage).toBe('awaiting-print');
    expect(new Uint8Array(await (await w.cases.blob(sha256))!.blob.arrayBuffer())).toEqual(pdf);

    await printResult(w, e, { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c-130102-01-1' });
    const input = { collectorName: '张三', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123), idChecked: true, collectorRole: 'applicant' };
    await registerHandOver(w, await entryOf(w, R3), input, { clerkId: 'c-130102-01-1', today: '2026-12-01' });
    e = await entryOf(w, R3);
    expect(e.stage).toBe('collected');
    expect(e.log!.map((r) => [r.type, r.state])).toEqual([
      ['result-received', 'pending'],
      ['result-printed', 'pending'],
      ['result-collected', 'pending'],
    ]);
    // Nothing went into this window's own case or outbox.
    expect((await w.db.outbox.toArray()).some((r) => r.caseId === elsewhere)).toBe(false);

    // Not enrolled: nothing is sent, everything stays pending.
    const center = new FakeCenter();
    center.enrolled = false;
    expect(await drainResultLog(w.resultLog, center)).toEqual({ sent: 0, rejected: 0, left: 3 });
    center.enrolled = true;
    // The center takes the download and the print, refuses the hand-over (already handed over elsewhere).
    center.refuse = new Set(['result-collected']);
    expect(await drainResultLog(w.resultLog, center)).toEqual({ sent: 2, rejected: 1, left: 0 });
    expect(center.received.map((x) => [x.type, x.deviceId, x.windowId, x.resultId, x.caseId])).toEqual([
      ['result-received', 'AB12CD', 'w-130102-01', R3, elsewhere],
      ['result-printed', 'AB12CD', 'w-130102-01', R3, elsewhere],
      ['result-collected', 'AB12CD', 'w-130102-01', R3, elsewhere],
    ]);
    e = await entryOf(w, R3);
    expect(e.log!.map((r) => r.state)).toEqual(['sent', 'sent', 'rejected']);
    expect(e.log![2]!.rejection).toMatchObject({ code: 'already_collected', field: 'resultId' });
    // Nothing is sent twice.
    expect(await drainResultLog(w.resultLog, center)).toEqual({ sent: 0, rejected: 0, left: 0 });
    expect(center.received).toHaveLength(3);
  });

  it('leaves out a result of another window of the county (neither accepted nor collected here): not listed, not fetched', async () => {
    const w = await world();
    await w.pull({ resultId: R3, caseId: crypto.randomUUID(), collectWindowId: 'w-130102-02' });
    expect(await loadResultEntries(w.state, w.cases, w.resultLog, 'w-130102-01')).toEqual([]);
    expect(await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' })).toEqual({ fetched: [], failed: [] });
    // The collect window itself sees it.
    expect((await loadResultEntries(w.state, w.cases, w.resultLog, 'w-130102-02')).map((e) => e.stage)).toEqual(['awaiting-download']);
  });

  it('shows a result the center says was handed over at another window as collected, and refuses a second hand-over', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' });
    await printResult(w, await entryOf(w, R1), { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c' });
    await w.pull({ resultId: R1, handedOver: { windowId: 'w-130104-01', at: '2026-12-02T02:00:00.000Z' } });
    // A later change without it (a revocation, say) does not undo it.
    await w.pull({ resultId: R1 });
    const e = await entryOf(w, R1);
    expect(e.stage).toBe('collected');
    expect(e.info.handedOver).toEqual({ windowId: 'w-130104-01', at: '2026-12-02T02:00:00.000Z' });
    const input = { collectorName: '张三', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123), idChecked: true, collectorRole: 'applicant' };
    const err = await registerHandOver(w, e, input, { clerkId: 'c', today: '2026-12-02' }).catch((x: unknown) => x);
    expect((err as HandOverError).problems.map((p) => p.field)).toEqual(['status']);
    expect((await w.cases.events(w.caseId)).some((x) => x.type === 'result-collected')).toBe(false);
  });

  it('keeps a revoked result revoked, even if a later change says valid', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await w.pull({ resultId: R1, status: 'revoked' });
    await w.pull({ resultId: R1, status: 'valid' });
    expect((await entryOf(w, R1)).stage).toBe('revoked');
  });

  it('prints through main, logs each print, and asks for a reason to reprint', async () => {
    const w = await world();
    const { pdf, sha256 } = await w.pull({ resultId: R1 });
    await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' });

    const first = await printResult(w, await entryOf(w, R1), { printerId: 'dir:save-as-pdf', copies: 2, clerkId: 'c-130102-01-1' });
    expect(first.ok).toBe(true);
    expect(w.clerk.prints[0]).toMatchObject({ sha256, resultId: R1, copies: 2, previousPrints: 0, caseNumber: w.kase.caseNumber });
    expect(w.clerk.prints[0]!.pdf).toEqual(pdf);
    let e = await entryOf(w, R1);
    expect(e.stage).toBe('printed');
    expect(e.history.prints).toEqual([{ resultId: R1, copies: 2, printer: '另存为PDF', clerkId: 'c-130102-01-1', at: '2026-12-01T10:05:00.000Z', reprint: false }]);

    const noReason = await printResult(w, e, { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c-130102-01-1', reason: ' 丢 ' }).catch((err: unknown) => err);
    expect(noReason).toBeInstanceOf(DomainRuleError);
    expect((noReason as DomainRuleError).field).toBe('reason');
    expect(w.clerk.prints).toHaveLength(1);

    let pagePrinted = 0;
    await printResult(w, e, { printerId: 'browser', copies: 1, clerkId: 'c-130102-01-2', reason: '申请人遗失', pagePrint: () => pagePrinted++ });
    expect(pagePrinted).toBe(1);
    e = await entryOf(w, R1);
    expect(e.history.prints[1]).toMatchObject({ reprint: true, reason: '申请人遗失', printer: '浏览器打印', clerkId: 'c-130102-01-2' });
    const printed = (await w.db.outbox.where('caseId').equals(w.caseId).toArray()).filter((r) => r.event.type === 'result-printed');
    expect(printed).toHaveLength(2);
    expect((await w.cases.verify(w.caseId)).ok).toBe(true);
  });

  it('logs nothing when main refuses, and never sends a revoked result to main', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' });
    w.clerk.refuse = { ok: false, stage: 'verify', code: 'tampered', reason: '文件已被改动，不能打印 (the file was changed)', problems: [] };
    const out = await printResult(w, await entryOf(w, R1), { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c' });
    expect(out).toMatchObject({ ok: false, code: 'tampered' });
    expect((await entryOf(w, R1)).history.prints).toEqual([]);

    await w.pull({ resultId: R1, status: 'revoked' });
    const before = w.clerk.prints.length;
    await expect(printResult(w, await entryOf(w, R1), { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c' })).rejects.toThrow(/已被撤销/);
    expect(w.clerk.prints).toHaveLength(before);
  });

  it('registers the hand-over of a printed result with a checked ID, and refuses a bad one', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await fetchPendingResults({ clerk: w.clerk, cases: w.cases, resultLog: w.resultLog, state: w.state, windowId: 'w-130102-01', actor: 'c' });
    const input = { collectorName: '张三', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123), idChecked: true, collectorRole: 'applicant' };
    // Not printed yet.
    await expect(registerHandOver(w, await entryOf(w, R1), input, { clerkId: 'c', today: '2026-12-01' })).rejects.toBeInstanceOf(HandOverError);
    await printResult(w, await entryOf(w, R1), { printerId: 'dir:save-as-pdf', copies: 1, clerkId: 'c' });
    const bad = await registerHandOver(w, await entryOf(w, R1), { ...input, idChecked: false }, { clerkId: 'c', today: '2026-12-01' }).catch((err: unknown) => err);
    expect((bad as HandOverError).problems.map((p) => p.field)).toEqual(['idChecked']);
    await registerHandOver(w, await entryOf(w, R1), input, { clerkId: 'c-130102-01-1', today: '2026-12-01' });
    const e = await entryOf(w, R1);
    expect(e.stage).toBe('collected');
    expect(e.history.collected).toMatchObject({ collectorName: '张三', idChecked: true, collectorRole: 'applicant', clerkId: 'c-130102-01-1' });
    expect((await w.cases.verify(w.caseId)).ok).toBe(true);
  });

  it('finds results by case number, applicant name and verification code; counts them per tab', async () => {
    const w = await world();
    await w.pull({ resultId: R1 });
    await w.pull({ resultId: R2, status: 'revoked', verificationCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' });
    const entries = sortEntries(await loadResultEntries(w.state, w.cases, w.resultLog, 'w-130102-01'));
    expect(entries.map((e) => e.info.resultId)).toEqual([R1, R2]);
    expect(entries.filter((e) => matchesQuery(e, w.kase.caseNumber.slice(0, 10)))).toHaveLength(2);
    expect(entries.filter((e) => matchesQuery(e, '张三')).map((e) => e.info.resultId)).toEqual([R1, R2]);
    expect(entries.filter((e) => matchesQuery(e, 'zzzz')).map((e) => e.info.resultId)).toEqual([R2]);
    expect(entries.filter((e) => matchesQuery(e, '李四'))).toEqual([]);
    expect(countByFilter(entries)).toEqual({ todo: 1, printed: 0, collected: 0, revoked: 1, all: 2 });
  });
});
