/**
 * The directory printer 另存为PDF: writes the exact verified bytes of the result, one file
 * per copy, to a directory (YICHUANG_PRINT_DIR, default <data dir>/prints). Used where no
 * printer is attached, to hand a file to another system, and by the tests (pdftotext on
 * what "printed").
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileSafe, PrinterError, type PrintDone, type PrinterBackend, type PrinterInfo, type PrintJob } from './types';

export const DIRECTORY_PRINTER_ID = 'dir:save-as-pdf';

/** 20261126-094005 in China time (the window's clock, as printed on the page). */
function stamp(d: Date): string {
  const c = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${c.slice(0, 10).replaceAll('-', '')}-${c.slice(11, 19).replaceAll(':', '')}`;
}

export class DirectoryPrinter implements PrinterBackend {
  readonly kind = 'directory' as const;

  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<PrinterInfo[]> {
    return [{ id: DIRECTORY_PRINTER_ID, name: '另存为PDF', kind: 'directory', isDefault: false, detail: this.dir }];
  }

  async print(id: string, job: PrintJob): Promise<PrintDone> {
    if (id !== DIRECTORY_PRINTER_ID) throw new PrinterError('unknown_printer', `没有打印机 ${id} (unknown printer)`);
    await fs.mkdir(this.dir, { recursive: true });
    const base = `${stamp(this.now())}-${fileSafe(job.name)}-${randomBytes(3).toString('hex')}`;
    const files: string[] = [];
    try {
      for (let i = 1; i <= job.copies; i++) {
        const file = path.join(this.dir, job.copies === 1 ? `${base}.pdf` : `${base}-${i}of${job.copies}.pdf`);
        const part = `${file}.part`;
        // 'wx': never overwrite; the rename makes the finished file appear whole.
        await fs.writeFile(part, job.pdf, { flag: 'wx', mode: 0o644 });
        await fs.rename(part, file);
        files.push(file);
      }
    } catch (err) {
      throw new PrinterError('printer_failed', `无法写入打印目录 ${this.dir}：${(err as Error).message} (cannot write the print directory)`);
    }
    return { files };
  }
}
