/**
 * Signing costs, each against a same-run baseline:
 *
 *  1. sign + seal a 1-page receipt (clerk signature and window seal, two incremental
 *     updates, RSA-2048, no timestamp) — median, against rendering the same receipt;
 *  2. seal a 50 MB PDF incrementally (signPdfFile, streamed from disk) against SHA-256 of
 *     the same file (streamed, node:crypto) — the ratio shows what signing adds over
 *     hashing; and the peak memory of sealing (RSS sampled every 2 ms, and the change in
 *     resourceUsage().maxRSS), which must stay far below the file size.
 *
 * The 50 MB PDF is made by pdf-lib in a child process (so its memory does not count here):
 * pages with uncompressed random-noise RGB images, pdf-lib's default object streams and
 * cross-reference stream.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocumentWithLayout } from '../src-node/documents';
import { sampleDocumentInput } from '../src-node/documents/sample';
import { hashFileRanges, signPdfFile, signWindowDocument, signerFromP12 } from '../src-node/pades';
import { createDemoPki } from '../src-node/pki';
import { median, sample, type Benchmark, type Figure } from './harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECEIPT_RUNS = 30;
const BIG_RUNS = 3;
const BIG_MB = 50;

const GENERATOR = `
const { PDFDocument, pushGraphicsState, popGraphicsState, concatTransformationMatrix, drawObject, PDFName } = require('pdf-lib');
const crypto = require('node:crypto');
const fs = require('node:fs');
(async () => {
  const [out, mb] = process.argv.slice(1);
  const doc = await PDFDocument.create();
  const side = 1024, imageBytes = side * side * 3;
  const pages = Math.ceil((Number(mb) * 1024 * 1024) / imageBytes);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    const img = doc.context.stream(crypto.randomBytes(imageBytes), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 });
    const ref = doc.context.register(img);
    const name = page.node.newXObject('Im', ref);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(500, 0, 0, 500, 47, 171), drawObject(name), popGraphicsState());
  }
  fs.writeFileSync(out, await doc.save());
})().catch((e) => { console.error(e); process.exit(1); });
`;

function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakDelta: number; maxRssDelta: number }> {
  const before = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  return fn().then(
    (result) => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { result, peakDelta: peak - before, maxRssDelta: process.resourceUsage().maxRSS * 1024 - maxBefore };
    },
    (err: unknown) => {
      clearInterval(timer);
      throw err;
    },
  );
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export const signingBench: Benchmark = {
  id: 'signing',
  title: 'PAdES signing: sign + seal a receipt; seal a 50 MB PDF vs SHA-256 of it',
  async run(): Promise<Figure[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-signing-'));
    try {
      const manifest = await createDemoPki(path.join(dir, 'pki'), { pin: '246802' });
      const p12 = (id: string) => readFileSync(path.join(dir, 'pki', manifest.entries.find((e) => e.id === id)!.p12));
      const clerk = signerFromP12(p12('clerk:c-130102-01-2'), '246802');
      const seal = signerFromP12(p12('window-seal:w-130102-01'), '246802');

      // 1. A receipt.
      const input = sampleDocumentInput('acceptance');
      const doc = await renderDocumentWithLayout(input);
      let signedBytes = 0;
      const signRuns = await sample(RECEIPT_RUNS, async () => {
        signedBytes = (await signWindowDocument(doc, { clerk, seal })).pdf.length;
      }, 5);
      const renderRuns = await sample(RECEIPT_RUNS, () => renderDocumentWithLayout(input), 5);
      const receipt: Figure = {
        name: 'sign + seal a 1-page receipt (median)',
        value: median(signRuns),
        unit: 'ms',
        baseline: { name: 'render the same receipt (median)', value: median(renderRuns), unit: 'ms' },
        notes: `${RECEIPT_RUNS} runs, RSA-2048, ${(doc.bytes.length / 1024).toFixed(0)} kB → ${(signedBytes / 1024).toFixed(0)} kB signed`,
      };

      // 2. A 50 MB PDF.
      const big = path.join(dir, 'big.pdf');
      const gen = spawnSync(process.execPath, ['-e', GENERATOR, big, String(BIG_MB)], { cwd: ROOT, encoding: 'utf8' });
      if (gen.status !== 0) throw new Error(`generating the ${BIG_MB} MB PDF failed: ${gen.stderr}`);
      const size = statSync(big).size;
      const work = path.join(dir, 'work.pdf');
      const hashRuns: number[] = [];
      const sealRuns: number[] = [];
      let memory = { peakDelta: 0, maxRssDelta: 0 };
      // Warm the page cache and the code paths once.
      await hashFileRanges(big, [[0, size]]);
      copyFileSync(big, work);
      await signPdfFile(work, work, { signer: seal });
      for (let i = 0; i < BIG_RUNS; i++) {
        let t0 = performance.now();
        await hashFileRanges(big, [[0, size]]);
        hashRuns.push(performance.now() - t0);
        copyFileSync(big, work);
        t0 = performance.now();
        const m = await peakRss(() => signPdfFile(work, work, { signer: seal }));
        sealRuns.push(performance.now() - t0);
        memory = { peakDelta: Math.max(memory.peakDelta, m.peakDelta), maxRssDelta: Math.max(memory.maxRssDelta, m.maxRssDelta) };
      }
      const appended = statSync(work).size - size;
      const sealFig: Figure = {
        name: `seal a ${mb(size)} PDF incrementally (median)`,
        value: median(sealRuns),
        unit: 'ms',
        baseline: { name: 'SHA-256 of the same file, streamed (median)', value: median(hashRuns), unit: 'ms' },
        notes: `${BIG_RUNS} runs, ${appended} bytes appended, pdf-lib file with object streams`,
      };
      const memFig: Figure = {
        name: `peak RSS growth while sealing the ${mb(size)} PDF`,
        value: memory.peakDelta / 1048576,
        unit: 'MB',
        baseline: { name: 'file size', value: size / 1048576, unit: 'MB' },
        notes: `resourceUsage().maxRSS grew ${mb(Math.max(0, memory.maxRssDelta))}`,
      };
      return [receipt, sealFig, memFig];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
