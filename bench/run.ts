/**
 * `npm run bench [-- id ...]`: runs the named benchmarks (all by default) and prints
 * each figure with its same-run baseline and the ratio.
 */
import os from 'node:os';
import { formatFigure, type Benchmark } from './harness';
import { benchmarks } from './benchmarks';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const list: Benchmark[] = wanted.length ? benchmarks.filter((b) => wanted.includes(b.id)) : benchmarks;
  const unknown = wanted.filter((w) => !benchmarks.some((b) => b.id === w));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.id).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  console.log(`yichuang bench — node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  for (const b of list) {
    console.log(`\n[${b.id}] ${b.title}`);
    const t0 = performance.now();
    try {
      for (const f of await b.run()) console.log(formatFigure(f));
    } catch (err) {
      process.exitCode = 1;
      console.log(`  FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

await main();
