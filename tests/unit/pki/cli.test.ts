import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../src-main/cli/yichuang';
import { openssl, tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('yichuang CLI', () => {
  it('pki demo DIR --pin writes the PKI and pki.json, and refuses to overwrite without --force', async () => {
    const t = tempDir('yc-cli-');
    cleanups.push(t.cleanup);
    const dir = path.join(t.dir, 'pki');
    const io = capture();
    expect(await main(['pki', 'demo', dir, '--pin', '123456'], io)).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'pki.json'), 'utf8'));
    expect(manifest.entries.every((e: { pin: string }) => e.pin === '123456')).toBe(true);
    expect(existsSync(path.join(dir, 'root.pem'))).toBe(true);
    expect(io.stdout.join('\n')).toContain('窗口受理员 王𠈌');
    const clerk = manifest.entries.find((e: { clerkId?: string }) => e.clerkId === 'c-130102-01-1');
    expect(openssl(['pkcs12', '-in', clerk.p12, '-passin', 'pass:123456', '-nokeys'], dir).status).toBe(0);

    const again = capture();
    expect(await main(['pki', 'demo', dir], again)).toBe(1);
    expect(again.stderr.join('\n')).toContain('--force');
    expect(JSON.parse(readFileSync(path.join(dir, 'pki.json'), 'utf8')).entries[0].serial).toBe(manifest.entries[0].serial);
  }, 60_000);

  it('unknown commands and bad options print usage and exit 2', async () => {
    for (const argv of [[], ['frobnicate'], ['pki'], ['pki', 'sign', 'x'], ['pki', 'demo'], ['pki', 'demo', 'a', 'b'], ['pki', 'demo', 'x', '--bogus'], ['pki', 'demo', 'x', '--pin', '12']]) {
      const io = capture();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.stderr.join('\n'), argv.join(' ')).toMatch(/用法 \(usage\): yichuang/);
    }
    const io = capture();
    await main(['pki', 'demo', 'x', '--key-algorithm', 'dsa'], io);
    expect(io.stderr.join('\n')).toContain('--key-algorithm');
  });

  it('--help prints usage and exits 0', async () => {
    const top = capture();
    expect(await main(['--help'], top)).toBe(0);
    expect(top.stdout.join('\n')).toContain('pki demo');
    const sub = capture();
    expect(await main(['pki', 'demo', '--help'], sub)).toBe(0);
    expect(sub.stdout.join('\n')).toContain('--pin');
  });

  it('bin/yichuang.js runs the TypeScript CLI without a build', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/yichuang.js'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('pki demo');
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin/yichuang.js'), 'nope'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  }, 60_000);
});
