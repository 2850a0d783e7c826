// `npm test`: every check and every test, in the order that fails fastest:
// typecheck, lint (layering, cycles), unit + integration (Vitest; the center suites run
// on PGlite and, when DATABASE_URL is set, on PostgreSQL too), build, end-to-end
// (Playwright in Chromium). Prints one closing line: "N passed, N failed".
// Pass stage names to run only some: `npm test -- unit e2e`.
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib/procs.js';

const node = process.execPath;
const bin = (p) => path.join(root, 'node_modules', p);
const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const stages = [
  { name: 'typecheck', cmd: [node, bin('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', cmd: [node, bin('eslint/bin/eslint.js'), '.'] },
  {
    name: 'cycles',
    cmd: [node, bin('madge/bin/cli.js'), '--circular', '--warning', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', 'src-shared', 'src-node', 'src-main', 'src-renderer', 'src-center', 'src-console', 'src-ui'],
  },
  {
    name: 'unit',
    cmd: [node, bin('vitest/vitest.mjs'), 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`],
    counts: () => vitestCounts('unit.json'),
  },
  {
    name: 'integration',
    cmd: [node, bin('vitest/vitest.mjs'), 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/integration.json`],
    counts: () => vitestCounts('integration.json'),
  },
  {
    name: 'build',
    cmd: [node, bin('vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    then: [
      [node, bin('vite/bin/vite.js'), 'build', '--config', 'vite.console.config.ts', '--logLevel', 'warn'],
      [node, 'scripts/build-node.js'],
    ],
  },
  {
    name: 'e2e',
    cmd: [node, bin('@playwright/test/cli.js'), 'test'],
    env: { CI: '1' },
    counts: () => playwrightCounts('e2e.json'),
  },
];

function readJson(file) {
  const p = path.join(results, file);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}
function vitestCounts(file) {
  const j = readJson(file);
  return j ? { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests } : null;
}
function playwrightCounts(file) {
  const j = readJson(file);
  return j ? { passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped } : null;
}

const wanted = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
for (const stage of stages) {
  if (wanted.length && !wanted.includes(stage.name)) continue;
  console.log(`\n=== ${stage.name}`);
  const t0 = Date.now();
  const env = { ...process.env, ...(stage.env ?? {}) };
  let code = await run(stage.cmd[0], stage.cmd.slice(1), { env });
  for (const next of stage.then ?? []) if (code === 0) code = await run(next[0], next.slice(1), { env });
  const c = stage.counts?.();
  if (c) {
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    // A runner that crashed before reporting counts as a failure.
    if (code !== 0 && c.failed === 0) failed += 1;
  } else if (code === 0) passed += 1;
  else failed += 1;
  summary.push(`${stage.name.padEnd(12)} ${code === 0 ? 'ok  ' : 'FAIL'} ${((Date.now() - t0) / 1000).toFixed(1)} s${c ? `  (${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''})` : ''}`);
}
console.log(`\n${summary.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
