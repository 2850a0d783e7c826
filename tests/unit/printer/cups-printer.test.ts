/**
 * The CUPS backend against stand-in `lp` and `lpstat` programs that record the arguments
 * they receive: the command line is an argument array (no shell), a printer name that
 * could be an option or a command is refused, a title full of shell syntax arrives as one
 * literal argument, and the file lp gets holds exactly the verified bytes.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsPrinters, execFileRunner, isSafeQueueName, lpArgs, PrinterError } from '../../../src-main/services/printer';

let bin: string;
let log: string;
let queues: string;
const pwned = path.join(os.tmpdir(), `yc-pwned-${process.pid}`);

function script(name: string, body: string) {
  const f = path.join(bin, name);
  writeFileSync(f, `#!/bin/sh\n${body}\n`);
  chmodSync(f, 0o755);
  return f;
}

beforeAll(() => {
  bin = mkdtempSync(path.join(os.tmpdir(), 'yc-fake-cups-'));
  log = path.join(bin, 'log');
  queues = path.join(bin, 'queues');
  writeFileSync(queues, 'Office_Laser\n-oevil\nFront-Desk\n');
  script('lpstat', `case "$1" in -e) cat "${queues}" ;; -d) echo "system default destination: Front-Desk" ;; esac`);
  // Records each argument on its own NUL-terminated record, and a copy of the file printed.
  script('lp', `for a in "$@"; do printf '%s\\0' "$a"; done > "${log}"\nfor last; do :; done\ncp "$last" "${log}.pdf"\n[ -n "$LP_FAIL" ] && { echo "lp: error - printer offline" >&2; exit 1; }\necho "request id is Front-Desk-42 (1 file(s))"`);
});
afterAll(() => {
  rmSync(bin, { recursive: true, force: true });
  rmSync(pwned, { force: true });
});

const cups = (env: NodeJS.ProcessEnv = process.env) => new CupsPrinters({ run: execFileRunner(env), lp: path.join(bin, 'lp'), lpstat: path.join(bin, 'lpstat') });
const pdf = Buffer.from('%PDF-1.7\n' + 'x'.repeat(100) + '\n%%EOF\n');
const recorded = () => readFileSync(log, 'utf8').split('\0').slice(0, -1);

describe('CupsPrinters', () => {
  it('lists the queues lpstat knows, marks the default, and drops a name that looks like an option', async () => {
    expect(await cups().list()).toEqual([
      { id: 'cups:Office_Laser', name: 'Office_Laser', kind: 'cups', isDefault: false, detail: 'CUPS' },
      { id: 'cups:Front-Desk', name: 'Front-Desk', kind: 'cups', isDefault: true, detail: 'CUPS' },
    ]);
  });

  it('prints with lp -d -n -t as separate arguments, shell syntax in the title arriving literally', async () => {
    const title = `准予行政许可决定书 $(touch ${pwned}) \`touch ${pwned}\`; touch ${pwned}`;
    const done = await cups().print('cups:Front-Desk', { pdf, copies: 2, title, name: '130102-0001' });
    expect(done.jobId).toBe('Front-Desk-42');
    const args = recorded();
    expect(args.slice(0, 8)).toEqual(['-d', 'Front-Desk', '-n', '2', '-t', title, '-o', 'document-format=application/pdf']);
    expect(path.isAbsolute(args[8]!)).toBe(true);
    expect(existsSync(pwned)).toBe(false);
    // lp got exactly these bytes, and the temporary copy is gone afterwards.
    expect(Buffer.compare(readFileSync(`${log}.pdf`), pdf)).toBe(0);
    expect(existsSync(args[8]!)).toBe(false);
  });

  it('refuses a printer that is not a current queue, or whose name could be an option or a command', async () => {
    for (const id of ['cups:-oevil', 'cups:Front-Desk; touch /tmp/x', 'cups:Nope', 'cups:../x', 'dir:save-as-pdf']) {
      await expect(cups().print(id, { pdf, copies: 1, title: 't', name: 'n' })).rejects.toBeInstanceOf(PrinterError);
    }
    expect(isSafeQueueName('-oevil')).toBe(false);
    expect(isSafeQueueName('a b')).toBe(false);
    expect(isSafeQueueName('Front-Desk')).toBe(true);
    expect(() => lpArgs('Front-Desk', 1, 't', 'relative.pdf')).toThrow(PrinterError);
  });

  it('reports lp failing, with what lp said', async () => {
    const e = await cups({ ...process.env, LP_FAIL: '1' })
      .print('cups:Office_Laser', { pdf, copies: 1, title: 't', name: 'n' })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PrinterError);
    expect((e as PrinterError).code).toBe('printer_failed');
    expect((e as Error).message).toMatch(/printer offline/);
  });

  it('has no printers, and no error, where CUPS is not installed', async () => {
    const none = new CupsPrinters({ lp: path.join(bin, 'no-lp'), lpstat: path.join(bin, 'no-lpstat') });
    expect(await none.list()).toEqual([]);
  });
});
