import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CasesRepository, IntakeRuleError } from '../../../src-renderer/db/casesRepository';
import { YichuangDb } from '../../../src-renderer/db/database';
import { DraftsRepository } from '../../../src-renderer/db/draftsRepository';
import { sha256OfBlob, sha256OfBytes } from '../../../src-renderer/db/hashing';
import { OutboxRepository } from '../../../src-renderer/db/outboxRepository';
import { checkIntake, normalise, type IntakeCommitBase } from '../../../src-renderer/features/intake/commit';
import type { RenderDocumentArgs } from '../../../src-renderer/features/intake/documents';
import { newIntake, withItem } from '../../../src-renderer/features/intake/model';
import { DocumentRenderError, saveIntake } from '../../../src-renderer/features/intake/save';
import { bundledCalendar } from '../../../src-shared/domain/calendar';
import { parseCaseNumber } from '../../../src-shared/domain/case-number';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';
import { FOOD, pdfWithPages } from './fixtures';

const dbs: YichuangDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const WINDOW = { id: 'w-130102-01', name: '综合受理1号窗口', regionCode: '130102', centerName: '长安区政务服务中心' };

async function setup() {
  const db = new YichuangDb(`test-intake-${crypto.randomUUID()}`);
  dbs.push(db);
  const cases = new CasesRepository(db);
  const drafts = new DraftsRepository(db);
  const id = crypto.randomUUID();

  // A scanned material, stored as a draft blob the moment it was attached.
  const scanBlob = new Blob([(await pdfWithPages(2)) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  const scanSha = await sha256OfBlob(scanBlob);
  await drafts.putBlob(id, { sha256: scanSha, blob: scanBlob, mediaType: 'application/pdf', name: '申请表.pdf' });
  // And one the clerk replaced later: still in the draft, no longer referenced.
  const stale = new Blob([(await pdfWithPages(1)) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  await drafts.putBlob(id, { sha256: await sha256OfBlob(stale), blob: stale, mediaType: 'application/pdf', name: 'old.pdf' });

  const d = withItem(newIntake(id, new Date().toISOString()), FOOD, 4);
  d.person = { documentType: '111', documentNumber: makeResidentId('130102', '1985-03-15', 123), name: '张三', phone: '', address: '' };
  d.form = { entityName: '好味小吃', area: '85', form: '餐饮服务经营者' };
  for (const m of FOOD.materials)
    if (m.required) d.materials[m.id] = { originalSeen: m.originals > 0, copiesReceived: m.copies, scan: m.id === 'form' ? { sha256: scanSha, name: '申请表.pdf', mediaType: 'application/pdf', size: scanBlob.size, pages: 2 } : null };
  d.decision.kind = 'accept';
  await drafts.save({ id, step: 3, data: d, title: 'x' });

  const today = new Date().toISOString().slice(0, 10);
  const check = checkIntake(normalise(d), { now: new Date().toISOString(), today, windowId: WINDOW.id, clerkId: 'c-130102-01-1', window: WINDOW, calendar: bundledCalendar() });
  expect(check.problems).toEqual([]);
  return { db, cases, drafts, id, scanSha, base: check.commit! };
}

/** main's documents:render as the renderer sees it: a real PDF with its SHA-256. */
function clerkRendering(opts: { fail?: string; wrongSha?: boolean } = {}) {
  const calls: RenderDocumentArgs[] = [];
  const clerk = {
    'documents:render': async (args: RenderDocumentArgs) => {
      calls.push(args);
      if (opts.fail) throw new Error(opts.fail);
      const pdf = await pdfWithPages(1);
      return { pdf, sha256: opts.wrongSha ? '0'.repeat(64) : await sha256OfBytes(pdf), pages: 1, documentNumber: 'D-1', verificationCode: 'V-1', signed: false };
    },
  } as unknown as ClerkClient;
  return { clerk, calls };
}

const opts = (id: string, extra: object = {}) => ({ draftId: id, window: WINDOW, clerkName: '张丽华', now: new Date().toISOString(), ...extra });

describe('saving a decided intake', () => {
  it('numbers the case, renders its document from the record, and commits case, scans and document together', async () => {
    const { db, cases, drafts, id, scanSha, base } = await setup();
    const { clerk, calls } = clerkRendering();
    const numbers: string[] = [];
    const r = await saveIntake({ cases, drafts, clerk }, base, opts(id, { onNumber: (n: string) => numbers.push(n) }));

    expect(parseCaseNumber(r.caseNumber).ok).toBe(true);
    expect(numbers).toEqual([r.caseNumber]);
    // The document was rendered from the record as committed.
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'acceptance', window: WINDOW, clerkName: '张丽华', case: { id, caseNumber: r.caseNumber, status: 'accepted', decision: base.decision } });

    expect(r.row).toMatchObject({ id, caseNumber: r.caseNumber, status: 'accepted' });
    expect((await cases.blob(scanSha))?.caseIds).toEqual([id]);
    const doc = await cases.blob(r.document.sha256);
    expect(doc).toMatchObject({ name: `${r.caseNumber}-受理通知书.pdf`, mediaType: 'application/pdf' });
    expect(await sha256OfBlob(doc!.blob)).toBe(r.document.sha256);
    const events = await cases.events(id);
    expect(events.at(-1)?.data).toMatchObject({ document: { type: 'acceptance', sha256: r.document.sha256 } });
    expect(await new OutboxRepository(db).all()).toHaveLength(2);
    // The draft and its scans are gone with the commit; the stale scan was not carried into the case.
    expect(await drafts.get(id)).toBeUndefined();
    expect(await drafts.blobs(id)).toEqual([]);
    expect(await db.blobs.count()).toBe(2);
  });

  it('no document, no decision: a failed render records nothing and keeps the draft; a retry reuses the number', async () => {
    const { db, cases, drafts, id, base } = await setup();
    let given: string | undefined;
    const failing = clerkRendering({ fail: '字体文件缺失' });
    await expect(saveIntake({ cases, drafts, clerk: failing.clerk }, base, opts(id, { onNumber: (n: string) => (given = n) }))).rejects.toEqual(
      expect.objectContaining({ name: 'DocumentRenderError', detail: '字体文件缺失' }),
    );
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await drafts.get(id)).toBeDefined();
    expect(await drafts.blobs(id)).toHaveLength(2);

    const ok = clerkRendering();
    const r = await saveIntake({ cases, drafts, clerk: ok.clerk }, base, opts(id, { caseNumber: given }));
    expect(r.caseNumber).toBe(given);
  });

  it('refuses a document whose bytes do not match the SHA-256 main reported, and a missing channel', async () => {
    const { db, cases, drafts, id, base } = await setup();
    await expect(saveIntake({ cases, drafts, clerk: clerkRendering({ wrongSha: true }).clerk }, base, opts(id))).rejects.toBeInstanceOf(DocumentRenderError);
    await expect(saveIntake({ cases, drafts, clerk: {} as ClerkClient }, base, opts(id))).rejects.toBeInstanceOf(DocumentRenderError);
    expect(await db.cases.count()).toBe(0);
  });

  it('a scan whose bytes are gone from the draft stops the commit (nothing written)', async () => {
    const { db, cases, drafts, id, scanSha, base } = await setup();
    await drafts.removeBlob(id, scanSha);
    const withLostScan: IntakeCommitBase = base;
    await expect(saveIntake({ cases, drafts, clerk: clerkRendering().clerk }, withLostScan, opts(id))).rejects.toBeInstanceOf(IntakeRuleError);
    expect(await db.cases.count()).toBe(0);
    expect(await drafts.get(id)).toBeDefined();
  });
});
