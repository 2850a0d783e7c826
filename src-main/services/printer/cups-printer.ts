/**
 * CUPS print queues, through the `lpstat` and `lp` commands (Linux, including UOS and
 * Kylin; macOS). Never through a shell: every call is execFile with an argument array,
 * the queue must be one `lpstat -e` lists now (and look like a CUPS name: no white space,
 * '/', '#', nor a leading '-'), and the file is a temporary absolute path we created, so
 * nothing the renderer sends can become an option or a command.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileSafe, PrinterError, type PrintDone, type PrinterBackend, type PrinterInfo, type PrintJob } from './types';

export const CUPS_PREFIX = 'cups:';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs a program with arguments (no shell); rejects with code ENOENT when it is not installed. */
export type Runner = (cmd: string, args: readonly string[]) => Promise<RunResult>;

export function execFileRunner(env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Runner {
  return (cmd, args) =>
    new Promise((resolve, reject) => {
      execFile(cmd, [...args], { env: { ...env, LC_ALL: 'C', LANG: 'C' }, timeout: timeoutMs, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
        if (err && typeof (err as { code?: unknown }).code !== 'number') return reject(err);
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout: String(stdout), stderr: String(stderr) });
      });
    });
}

/** A CUPS destination name: printable, no space, '/', '#', no leading '-' (so never an option). */
export function isSafeQueueName(name: string): boolean {
  return /^[^\s/#\\\-\p{Cc}][^\s/#\\\p{Cc}]{0,126}$/u.test(name);
}

/** Control characters out, at most 100 characters: a job title, never anything else. */
export function jobTitle(title: string): string {
  return [...title.replace(/\p{Cc}+/gu, ' ').trim()].slice(0, 100).join('') || 'result';
}

/** The `lp` arguments for one print (exported for the test that pins them). */
export function lpArgs(queue: string, copies: number, title: string, file: string): string[] {
  if (!isSafeQueueName(queue)) throw new PrinterError('bad_printer_name', `打印机名称不合法：${queue} (bad printer name)`);
  if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new PrinterError('printer_failed', `份数不合法：${copies} (bad copies)`);
  if (!path.isAbsolute(file)) throw new PrinterError('printer_failed', '打印文件路径必须是绝对路径 (absolute file path expected)');
  return ['-d', queue, '-n', String(copies), '-t', jobTitle(title), '-o', 'document-format=application/pdf', file];
}

export interface CupsOptions {
  run?: Runner;
  /** Program names or paths (tests). */
  lp?: string;
  lpstat?: string;
  tmpDir?: string;
}

export class CupsPrinters implements PrinterBackend {
  readonly kind = 'cups' as const;
  private readonly run: Runner;

  constructor(private readonly o: CupsOptions = {}) {
    this.run = o.run ?? execFileRunner();
  }

  /** Queue names `lpstat -e` lists; [] when CUPS is not installed or not running. */
  async queues(): Promise<string[]> {
    let r: RunResult;
    try {
      r = await this.run(this.o.lpstat ?? 'lpstat', ['-e']);
    } catch {
      return [];
    }
    if (r.code !== 0) return [];
    return r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && isSafeQueueName(l));
  }

  private async defaultQueue(): Promise<string | null> {
    try {
      const r = await this.run(this.o.lpstat ?? 'lpstat', ['-d']);
      return /destination:\s*(\S+)\s*$/m.exec(r.stdout)?.[1] ?? null;
    } catch {
      return null;
    }
  }

  async list(): Promise<PrinterInfo[]> {
    const queues = await this.queues();
    if (!queues.length) return [];
    const def = await this.defaultQueue();
    return queues.map((q) => ({ id: `${CUPS_PREFIX}${q}`, name: q, kind: 'cups' as const, isDefault: q === def, detail: 'CUPS' }));
  }

  async print(id: string, job: PrintJob): Promise<PrintDone> {
    if (!id.startsWith(CUPS_PREFIX)) throw new PrinterError('unknown_printer', `没有打印机 ${id} (unknown printer)`);
    const queue = id.slice(CUPS_PREFIX.length);
    if (!isSafeQueueName(queue)) throw new PrinterError('bad_printer_name', `打印机名称不合法：${queue} (bad printer name)`);
    if (!(await this.queues()).includes(queue)) throw new PrinterError('unknown_printer', `打印机 ${queue} 不存在或未启用 (no such CUPS queue)`);
    const dir = await fs.mkdtemp(path.join(this.o.tmpDir ?? os.tmpdir(), 'yc-print-'));
    const file = path.join(dir, `${fileSafe(job.name)}.pdf`);
    try {
      await fs.writeFile(file, job.pdf, { mode: 0o600 });
      let r: RunResult;
      try {
        r = await this.run(this.o.lp ?? 'lp', lpArgs(queue, job.copies, job.title, file));
      } catch (err) {
        throw new PrinterError('printer_unavailable', `无法调用 lp：${(err as Error).message} (lp not available)`);
      }
      if (r.code !== 0) throw new PrinterError('printer_failed', `打印机 ${queue} 拒绝了打印任务：${r.stderr.trim() || `lp 退出码 ${r.code}`} (lp failed)`);
      const jobId = /request id is (\S+)/.exec(r.stdout)?.[1];
      return jobId ? { jobId } : {};
    } finally {
      // lp has handed the file to the spooler when it returns.
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
