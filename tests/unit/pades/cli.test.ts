/**
 * `yichuang receipt` and `yichuang verify` as support staff use them: the shipped example
 * case, the demo PKI, the bin script; exit codes and one line per signature.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../src-main/cli/yichuang';
import { Case } from '../../../src-shared/domain/case';
import { demoPki, nssDb, opensslCmsVerify, extractSignatures, pdfsig, pdftotext, qpdfCheck, tempDir, type DemoPki } from './helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const EXAMPLE = path.join(ROOT, 'resources/examples/case.json');
let pki: DemoPki;
let work: string;

beforeAll(async () => {
  pki = await demoPki();
  work = tempDir('yc-cli-docs-');
}, 120_000);
afterAll(() => pki?.cleanup());

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const p12 = (id: string) => path.join(pki.dir, pki.manifest.entries.find((e) => e.id === id)!.p12);

describe('resources/examples/case.json', () => {
  it('is a valid case record with an acceptance decision', () => {
    const c = Case.parse(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    expect(c.decision?.kind).toBe('accept');
    expect(c.applicant.name).toBe('王𠈌');
  });
});

describe('yichuang receipt', () => {
  it('renders and signs the example case through bin/yichuang.js; qpdf, pdfsig, openssl and verify accept it', () => {
    const out = path.join(work, 'acceptance.pdf');
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/yichuang.js'), 'receipt', '--case', EXAMPLE, '--p12', p12('clerk:c-130102-01-1'), '--pin', pki.pin, '--seal', p12('window-seal:w-130102-01'), '--seal-pin', pki.pin, '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/长安政服受字〔\d{4}〕第000001号/);
    expect(qpdfCheck(out).status).toBe(0);
    const ps = pdfsig(out, nssDb(pki.rootPem));
    expect(ps.signatures.map((s) => [s.validation, s.certificate]), ps.output).toEqual([
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ]);
    for (const s of extractSignatures(readFileSync(out))) expect(opensslCmsVerify(s, pki.rootPem).status).toBe(0);
    expect(pdftotext(out)).toContain('王𠈌');

    const v = spawnSync(process.execPath, [path.join(ROOT, 'bin/yichuang.js'), 'verify', out, '--trust', path.join(pki.dir, 'root.pem'), '--crl', path.join(pki.dir, 'crl.der')], { cwd: ROOT, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    const lines = v.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#1 clerk-signature {2}有效 OK {2}窗口受理员 张丽华/);
    expect(lines[1]).toMatch(/^#2 window-seal {2}有效 OK .*覆盖全文$/);
  }, 60_000);

  it('--type picks another document; --json summarises', async () => {
    const c = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    c.decision = { kind: 'refuse', at: c.decision.at, clerkId: c.clerkId, reason: '申请事项依法不属于本机关职权范围' };
    c.status = 'refused';
    const file = path.join(work, 'refused.json');
    writeFileSync(file, JSON.stringify(c));
    const io = capture();
    const out = path.join(work, 'refusal.pdf');
    expect(await main(['receipt', '--case', file, '--type', 'refusal', '--p12', p12('clerk:c-130102-01-1'), '--pin', pki.pin, '--out', out, '--json'], io), io.stderr.join('\n')).toBe(0);
    const summary = JSON.parse(io.stdout.join('\n'));
    expect(summary).toMatchObject({ type: 'refusal', signatures: [{ field: 'clerk-signature' }] });
    expect(pdftotext(out)).toContain('不予受理决定书');
  }, 60_000);

  it('refuses an expired or revoked clerk certificate, naming the rule (exit 1), and bad usage (exit 2)', async () => {
    const expired = path.join(work, 'expired-case.json');
    const revoked = path.join(work, 'revoked-case.json');
    const c = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    writeFileSync(expired, JSON.stringify({ ...c, clerkId: 'c-130102-01-8', decision: { ...c.decision, clerkId: 'c-130102-01-8' } }));
    writeFileSync(revoked, JSON.stringify({ ...c, clerkId: 'c-130102-01-9', decision: { ...c.decision, clerkId: 'c-130102-01-9' } }));
    const a = capture();
    expect(await main(['receipt', '--case', expired, '--p12', p12('clerk:c-130102-01-8'), '--pin', pki.pin, '--out', path.join(work, 'x.pdf')], a)).toBe(1);
    expect(a.stderr.join('\n')).toMatch(/受理人证书不能用于签名：.*过期（规则：证书有效期）/);
    const b = capture();
    expect(await main(['receipt', '--case', revoked, '--p12', p12('clerk:c-130102-01-9'), '--pin', pki.pin, '--out', path.join(work, 'y.pdf')], b)).toBe(1);
    expect(b.stderr.join('\n')).toMatch(/被吊销.*（规则：吊销状态）/);
    const c2 = capture();
    expect(await main(['receipt', '--case', EXAMPLE, '--p12', p12('clerk:c-130102-01-2'), '--pin', pki.pin, '--out', path.join(work, 'z.pdf')], c2)).toBe(1);
    expect(c2.stderr.join('\n')).toMatch(/（规则：证书持有人）/);
    for (const argv of [['receipt', '--case', EXAMPLE], ['receipt', '--case', EXAMPLE, '--p12', 'a', '--pin', 'b', '--out', 'c', '--type', 'memo'], ['verify'], ['verify', 'nope.pdf', '--trust', 'x']]) {
      const io = capture();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
    }
  }, 60_000);
});

describe('yichuang verify', () => {
  it('exits 1 and says why when a byte changed or the root is not trusted; --json gives the structured result', async () => {
    const good = path.join(work, 'good.pdf');
    expect(await main(['receipt', '--case', EXAMPLE, '--p12', p12('clerk:c-130102-01-1'), '--pin', pki.pin, '--seal', p12('window-seal:w-130102-01'), '--seal-pin', pki.pin, '--out', good], capture())).toBe(0);
    const bad = path.join(work, 'bad.pdf');
    copyFileSync(good, bad);
    const bytes = readFileSync(bad);
    bytes[1000] = bytes[1000]! ^ 0x20;
    writeFileSync(bad, bytes);
    const io = capture();
    expect(await main(['verify', bad, '--trust', path.join(pki.dir, 'root.pem'), '--crl', path.join(pki.dir, 'crl.der')], io)).toBe(1);
    expect(io.stdout).toHaveLength(2);
    expect(io.stdout.every((l) => /无效 FAIL：.*摘要/.test(l))).toBe(true);

    const other = await demoPki({ keyAlgorithm: 'ecdsa-p256' });
    const json = capture();
    expect(await main(['verify', good, '--trust', path.join(other.dir, 'root.pem'), '--crl', path.join(other.dir, 'crl.der'), '--json'], json)).toBe(1);
    const result = JSON.parse(json.stdout.join('\n'));
    expect(result.ok).toBe(false);
    expect(result.signatures.map((s: { checks: { chain: { ok: boolean } } }) => s.checks.chain.ok)).toEqual([false, false]);
    other.cleanup();
  }, 60_000);
});
