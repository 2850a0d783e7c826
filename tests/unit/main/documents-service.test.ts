// documents:render through the clerk-api: main numbers the document, gives it a
// verification code and renders it from the case's own decision.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService, documentNumberPrefix, shortRegionName } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { sampleCase } from '../../../src-node/documents/sample';
import type { RenderedDocument } from '../../../src-shared/protocol/clerk-api';

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-docs-'));
  const documents = new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:4780' });
  const dispatch = createDispatch(
    createHandlers({ appInfo: () => makeAppInfo('browser', '0', dir), settings: new SettingsStore(dir, defaultSettings({})), documents }),
  );
  return { dir, dispatch, documents };
}

const window = { id: 'w-130102-01', name: '综合受理1号窗口', regionCode: '130102', centerName: '石家庄市长安区政务服务中心' };
const at = '2026-11-26T09:40:00+08:00';

function text(pdf: Uint8Array): string {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'yc-docs-pdf-')), 'd.pdf');
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
}

describe('documents:render', () => {
  it('names documents after the window region and kind', () => {
    expect(shortRegionName('石家庄市长安区政务服务中心')).toBe('长安');
    expect(shortRegionName('三河市政务服务中心')).toBe('三河');
    expect(documentNumberPrefix('石家庄市长安区政务服务中心', 'refusal')).toBe('长安政服不受字');
  });

  it('renders an acceptance notice with a fresh number and verification code each time', async () => {
    const { dispatch } = setup();
    const c = sampleCase({ decision: { kind: 'accept', at, clerkId: 'c-130102-01-1' } });
    const args = { type: 'acceptance', case: { ...c, status: 'accepted' }, window, clerkName: '张丽华' };
    const a = (await dispatch('documents:render', args)) as RenderedDocument;
    const b = (await dispatch('documents:render', args)) as RenderedDocument;
    expect(Buffer.from(a.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(a.documentNumber).toMatch(/^长安政服受字〔\d{4}〕第000001号$/);
    expect(b.documentNumber).toMatch(/第000002号$/);
    expect(a.verificationCode).not.toBe(b.verificationCode);
    expect(a.signed).toBe(false);
    const t = text(a.pdf);
    expect(t).toContain('受理通知书');
    expect(t).toContain('王𠈌');
    expect(t).toContain(a.documentNumber);
  });

  it('keeps counting after a restart', async () => {
    const { dir } = setup();
    const c = sampleCase({ decision: { kind: 'refuse', at, clerkId: 'c', reason: '申请事项不属于本机关职权范围' } });
    const args = { type: 'refusal' as const, case: { ...c, status: 'refused' as const }, window, clerkName: '张丽华' };
    await new DocumentService({ dataDir: dir, centerUrl: async () => 'http://x' }).render(args);
    const second = await new DocumentService({ dataDir: dir, centerUrl: async () => 'http://x' }).render(args);
    expect(second.documentNumber).toMatch(/第000002号$/);
    expect(text(second.pdf)).toContain('申请事项不属于本机关职权范围');
  });

  it('refuses a document that does not match the decision, naming the field', async () => {
    const { dispatch } = setup();
    const c = sampleCase({ decision: { kind: 'accept', at, clerkId: 'c' } });
    await expect(dispatch('documents:render', { type: 'refusal', case: c, window, clerkName: '张丽华' })).rejects.toMatchObject({
      field: 'case.decision',
    });
    await expect(dispatch('documents:render', { type: 'acceptance', case: c, window, clerkName: '' })).rejects.toMatchObject({
      code: 'bad_args',
      field: 'clerkName',
    });
  });
});
