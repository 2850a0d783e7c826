/** The directory printer 另存为PDF writes the exact bytes it was given, one file per copy, inside its directory. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECTORY_PRINTER_ID, DirectoryPrinter, PrinterError } from '../../../src-main/services/printer';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'yc-dirprinter-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x80, 0x0d, 0x0a]);

describe('DirectoryPrinter', () => {
  it('lists itself as 另存为PDF with its directory', async () => {
    const dir = tmp();
    expect(await new DirectoryPrinter(dir).list()).toEqual([{ id: DIRECTORY_PRINTER_ID, name: '另存为PDF', kind: 'directory', isDefault: false, detail: dir }]);
  });

  it('writes the exact bytes, one file per copy, creating the directory', async () => {
    const dir = path.join(tmp(), 'prints', 'nested');
    const printer = new DirectoryPrinter(dir, () => new Date('2026-12-01T02:03:04Z'));
    const done = await printer.print(DIRECTORY_PRINTER_ID, { pdf, copies: 3, title: '准予行政许可决定书', name: '130102-20261201-AB12CD-0001-7b0f6a5e' });
    expect(done.files).toHaveLength(3);
    for (const f of done.files!) {
      expect(path.dirname(f)).toBe(dir);
      expect(Buffer.compare(readFileSync(f), Buffer.from(pdf))).toBe(0);
      // China time in the name, then the case number.
      expect(path.basename(f)).toMatch(/^20261201-100304-130102-20261201-AB12CD-0001-7b0f6a5e-[0-9a-f]{6}-\dof3\.pdf$/);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('never writes outside its directory, whatever the name holds, and never overwrites', async () => {
    const dir = tmp();
    const printer = new DirectoryPrinter(dir, () => new Date('2026-12-01T02:03:04Z'));
    const a = await printer.print(DIRECTORY_PRINTER_ID, { pdf, copies: 1, title: 't', name: '../../etc/passwd' });
    const b = await printer.print(DIRECTORY_PRINTER_ID, { pdf, copies: 1, title: 't', name: '../../etc/passwd' });
    expect(path.dirname(a.files![0]!)).toBe(dir);
    expect(a.files![0]).not.toBe(b.files![0]);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('refuses another printer id', async () => {
    await expect(new DirectoryPrinter(tmp()).print('cups:x', { pdf, copies: 1, title: 't', name: 'n' })).rejects.toBeInstanceOf(PrinterError);
  });
});
