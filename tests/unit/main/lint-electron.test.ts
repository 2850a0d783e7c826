// The Electronegativity gate passes our main process and fails a known-bad one.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const lint = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'scripts/lint-electron.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run lint:electron', () => {
  it('finds no HIGH issue in src-main', () => {
    const r = lint();
    expect(r.stdout).toMatch(/findings, 0 HIGH$/m);
    expect(r.status).toBe(0);
  }, 120_000);

  it('fails on an insecure BrowserWindow', () => {
    const r = lint('--input', path.join(root, 'tests/fixtures/insecure-electron'));
    expect(r.stdout).toMatch(/HIGH\s+CONTEXT_ISOLATION_JS_CHECK/);
    expect(r.stdout).toMatch(/[1-9]\d* HIGH/);
    expect(r.status).toBe(1);
  }, 120_000);
});
