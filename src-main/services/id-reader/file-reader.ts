/**
 * A reader whose vendor service drops each read into a folder: either a JSON file (any
 * shape of vendors.ts) or the chip's text record wz.txt, with the photo beside it
 * (zp.bmp / zp.jpg / zp.png, or a photo named like the JSON file).
 *
 * Only reads written after the request count: a file already there when the clerk
 * clicks 读卡 belongs to the previous applicant and is ignored (unless `acceptRecentMs`
 * allows a read made just before the click). A file that changes during the wait counts
 * even if coarse file-system timestamps put it a moment before the click. The folder is
 * polled (fs.watch is unreliable on network and some Windows folders).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { IsoDate } from '../../../src-shared/domain/dates';
import { describeRead } from './mask';
import { localToday, toIdCardRead, type RawIdCardFields } from './normalise';
import { IdCardReadError, silentLog, type IdCardRead, type IdCardReader, type IdCardReaderStatus, type IdReaderLog } from './types';
import { parseVendorJson, SUPPORTED_SHAPES } from './vendors';
import { parseWzTxt } from './wz-txt';
import { toJpegOrPng } from './photo';

export interface FileIdCardReaderOptions {
  dir: string;
  /** Between looks at the folder, ms; default 200. */
  pollMs?: number;
  /** Also accept a read written up to this long before the request, ms; default 0. */
  acceptRecentMs?: number;
  /** After the text is found, wait up to this long for its photo file, ms; default 500. */
  photoGraceMs?: number;
  today?: () => IsoDate;
  log?: IdReaderLog;
}

/** How far a changed file's timestamp may lag the clock (coarse file-system clocks). */
const CLOCK_SLACK_MS = 2000;
const PHOTO_EXT = ['.jpg', '.jpeg', '.png', '.bmp'];
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface Entry {
  name: string;
  mtimeMs: number;
  size: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export class FileIdCardReader implements IdCardReader {
  private readonly log: IdReaderLog;

  constructor(private readonly opts: FileIdCardReaderOptions) {
    this.log = opts.log ?? silentLog;
  }

  async read({ timeoutMs }: { timeoutMs: number }): Promise<IdCardRead> {
    const since = Date.now();
    const deadline = since + timeoutMs;
    const before = new Map((await this.scan()).map((e) => [e.name, e]));
    const fresh = (e: Entry): boolean => {
      if (e.mtimeMs >= since - (this.opts.acceptRecentMs ?? 0)) return true;
      const old = before.get(e.name);
      const changed = !old || old.mtimeMs !== e.mtimeMs || old.size !== e.size;
      return changed && e.mtimeMs >= since - CLOCK_SLACK_MS;
    };
    for (;;) {
      const entries = (await this.scan()).filter(fresh);
      // Newest first; a file that is half written, says "no card" or is not a read
      // (a service's own status file, say) does not hide an older fresh read.
      const texts = entries.filter((e) => isTextFile(e.name)).sort((a, b) => b.mtimeMs - a.mtimeMs);
      let pending: IdCardReadError | null = null;
      for (const text of texts) {
        const got = await this.parse(text);
        if (got.kind === 'card') return this.complete(got.fields, text.name, fresh, deadline);
        if (got.kind === 'unknown')
          pending ??= new IdCardReadError(
            'bad_data',
            `读卡文件 ${text.name} 的格式无法识别 (支持: ${SUPPORTED_SHAPES} 或 wz.txt)，请检查读卡器服务的配置 (unrecognised read file)`,
            undefined,
            'vendor shape',
          );
        if (got.kind === 'partial') pending ??= got.error;
      }
      if (Date.now() >= deadline) {
        if (pending) throw pending;
        throw new IdCardReadError(
          'no_card',
          `${Math.ceil(timeoutMs / 1000)} 秒内没有读到身份证：读卡服务没有在 ${this.opts.dir} 写出新的读卡结果，请把身份证放在阅读器上再读 (no new read in the folder)`,
        );
      }
      await sleep(Math.min(this.opts.pollMs ?? 200, deadline - Date.now()));
    }
  }

  /** Checks the text (a bad read fails now, before any wait for a photo), then adds its photo. */
  private async complete(fields: RawIdCardFields, textName: string, fresh: (e: Entry) => boolean, deadline: number): Promise<IdCardRead> {
    const today = (this.opts.today ?? localToday)();
    let result = toIdCardRead(fields, { today, log: this.log });
    if (!result.photo) {
      const graceEnd = Math.min(deadline, Date.now() + (this.opts.photoGraceMs ?? 500));
      for (;;) {
        const photo = await this.freshPhoto(textName, fresh);
        if (photo) {
          result = toIdCardRead({ ...fields, photo }, { today, log: this.log });
          break;
        }
        if (Date.now() >= graceEnd) break;
        await sleep(Math.min(this.opts.pollMs ?? 200, graceEnd - Date.now()));
      }
    }
    this.log.info(`身份证阅读器(file): 读到 ${describeRead(result)}`);
    return result;
  }

  async status(): Promise<IdCardReaderStatus> {
    try {
      const st = await fs.stat(this.opts.dir);
      if (!st.isDirectory()) return { available: false, kind: 'file', detail: `${this.opts.dir} 不是文件夹 (not a folder)` };
      await fs.access(this.opts.dir, fsConstants.R_OK);
      return { available: true, kind: 'file', detail: this.opts.dir };
    } catch {
      return { available: false, kind: 'file', detail: `${this.opts.dir} 不存在或不可读 (folder missing or unreadable)` };
    }
  }

  private async scan(): Promise<Entry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.opts.dir);
    } catch (err) {
      throw new IdCardReadError(
        'unavailable',
        `读卡目录 ${this.opts.dir} 无法读取 (${(err as NodeJS.ErrnoException).code ?? 'error'})，请检查 YICHUANG_IDREADER 配置和读卡服务 (read folder unavailable)`,
      );
    }
    const out: Entry[] = [];
    for (const name of names) {
      if (!isTextFile(name) && !isPhotoFile(name)) continue;
      try {
        const st = await fs.stat(path.join(this.opts.dir, name));
        if (st.isFile()) out.push({ name, mtimeMs: st.mtimeMs, size: st.size });
      } catch {
        // gone between readdir and stat: the service is rewriting it
      }
    }
    return out;
  }

  private async parse(
    e: Entry,
  ): Promise<
    { kind: 'card'; fields: RawIdCardFields } | { kind: 'partial'; error: IdCardReadError } | { kind: 'none' } | { kind: 'unknown' }
  > {
    const partial = (why: string) => ({
      kind: 'partial' as const,
      error: new IdCardReadError('bad_data', `读卡文件 ${e.name} 不完整或已损坏 (${why})，请重新读卡 (read file incomplete)`, undefined, why),
    });
    if (e.size > MAX_FILE_BYTES) return partial(`超过 ${MAX_FILE_BYTES} 字节`);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.join(this.opts.dir, e.name));
    } catch {
      return partial('无法读取');
    }
    if (e.name.toLowerCase() === 'wz.txt') {
      const fields = parseWzTxt(bytes);
      return fields ? { kind: 'card', fields } : partial('wz.txt 不足 256 字节');
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      return partial('不是完整的 JSON');
    }
    const p = parseVendorJson(json);
    if (p.kind === 'card') return { kind: 'card', fields: p.fields };
    // A file saying "no card" is not a read: keep waiting for one.
    if (p.kind === 'no_card') return { kind: 'none' };
    return { kind: 'unknown' };
  }

  /** The photo written for this read: named like the text file, else zp.*; fresh ones only. */
  private async freshPhoto(textName: string, fresh: (e: Entry) => boolean): Promise<Uint8Array | undefined> {
    const base = path.parse(textName).name.toLowerCase();
    const photos = (await this.scan()).filter((e) => isPhotoFile(e.name) && fresh(e) && e.size > 0 && e.size <= MAX_FILE_BYTES);
    const stem = (n: string) => path.parse(n).name.toLowerCase();
    const pick = photos.find((e) => stem(e.name) === base && base !== 'wz') ?? photos.find((e) => stem(e.name) === 'zp');
    if (!pick) return undefined;
    try {
      // A photo still being written does not decode yet: look again within the grace time.
      const bytes = new Uint8Array(await fs.readFile(path.join(this.opts.dir, pick.name)));
      return toJpegOrPng(bytes) ?? undefined;
    } catch {
      return undefined;
    }
  }
}

function isTextFile(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'wz.txt' || (n.endsWith('.json') && !n.startsWith('.'));
}

function isPhotoFile(name: string): boolean {
  return PHOTO_EXT.includes(path.extname(name).toLowerCase());
}
