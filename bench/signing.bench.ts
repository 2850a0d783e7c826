/**
 * Signing costs, each against a same-run baseline:
 *
 *  1. sign + seal a 1-page receipt (clerk signature and window seal, two incremental
 *     updates, RSA-2048, no timestamp) — median, against rendering the same receipt;
 *  2. seal a 50 MB PDF incrementally (signPdfFile, streamed from disk) against SHA-256 of
 *     the same file (streamed, node:crypto) — the ratio shows what signing adds over
 *     hashing; and the peak memory of sealing, which must stay far below the file size:
 *     measured in fresh child processes (bench/signing-memory-child.ts) as the peak RSS
 *     of one that seals the file minus that of one that only hashes it. Sampling RSS in
 *     this process read ~0 MB: its maxRSS was already raised by earlier work and freed
 *     heap was reused.
 *
 * The 50 MB PDF is made by pdf-lib in a child process (so its memory does not count here):
 * pages with uncompressed random-noise RGB images, pdf-lib's default object streams and
 * cross-reference stream.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
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
/** YICHUANG_BENCH_SIGN_MB overrides the size of the big PDF (e.g. 200 to see that the peak does not follow it). */
const BIG_MB = Number(process.env.YICHUANG_BENCH_SIGN_MB ?? 50);

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

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'signing-memory-child.ts');

/**
 * Peak RSS (bytes) of a fresh plain-Node process that seals or only hashes `file`. The
 * child is bundled with esbuild first: run through tsx, the transpiler's own peak (~180 MB)
 * hid the job's.
 */
function childPeakRss(bundle: string, args: string[]): number {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`signing-memory-child ${args[0]} failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { maxRss: number }).maxRss;
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
        await signPdfFile(work, work, { signer: seal });
        sealRuns.push(performance.now() - t0);
      }
      const appended = statSync(work).size - size;
      const sealFig: Figure = {
        name: `seal a ${mb(size)} PDF incrementally (median)`,
        value: median(sealRuns),
        unit: 'ms',
        baseline: { name: 'SHA-256 of the same file, streamed (median)', value: median(hashRuns), unit: 'ms' },
        notes: `${BIG_RUNS} runs, ${appended} bytes appended, pdf-lib file with object streams`,
      };
      // Memory: fresh processes, so nothing else this run did counts.
      const sealP12 = path.join(dir, 'pki', manifest.entries.find((e) => e.id === 'window-seal:w-130102-01')!.p12);
      const bundle = path.join(dir, 'signing-memory-child.mjs');
      await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent',
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
      const peaks = { seal: [] as number[], hash: [] as number[] };
      for (let i = 0; i < BIG_RUNS; i++) {
        copyFileSync(big, work);
        peaks.seal.push(childPeakRss(bundle, ['seal', work, sealP12, '246802']));
        peaks.hash.push(childPeakRss(bundle, ['hash', big]));
      }
      const sealPeak = median(peaks.seal);
      const hashPeak = median(peaks.hash);
      const memFig: Figure = {
        name: `peak RSS of a fresh process sealing the ${mb(size)} PDF (median)`,
        value: sealPeak / 1048576,
        unit: 'MB',
        baseline: { name: 'peak RSS of a fresh process with the same code that only hashes it', value: hashPeak / 1048576, unit: 'MB' },
        notes: `${BIG_RUNS} processes each; the file is ${mb(size)}: sealing streams it, so its peak is the code's own (fonts, PKI), not the file's`,
      };
      return [receipt, sealFig, memFig];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
