/**
 * A reader whose vendor service answers on a local HTTP port (many counter readers ship
 * one: GET or POST http://127.0.0.1:<port>/<path> → JSON with the card). Loopback only
 * (see loopback.ts). While the service says "no card" we ask again every `pollMs` until
 * the time is up, so the clerk may click 读卡 first and place the card after.
 */
import http from 'node:http';
import net from 'node:net';
import type { IsoDate } from '../../../src-shared/domain/dates';
import { describeRead } from './mask';
import { localToday, toIdCardRead } from './normalise';
import { checkLoopbackUrl, resolveLoopback } from './loopback';
import { IdCardReadError, silentLog, type IdCardRead, type IdCardReader, type IdCardReaderStatus, type IdReaderLog } from './types';
import { parseVendorJson, SUPPORTED_SHAPES, type VendorParse } from './vendors';

export interface HttpIdCardReaderOptions {
  /** The service's read URL; must be http:// on 127.0.0.0/8, ::1 or localhost. */
  url: string;
  method?: 'GET' | 'POST';
  /** JSON body for POST; default {}. */
  body?: unknown;
  /** Wait between asks while there is no card, ms; default 300. */
  pollMs?: number;
  /** Largest answer accepted, bytes; default 2 MB (a photo in base64 is ~40 KB). */
  maxBytes?: number;
  today?: () => IsoDate;
  log?: IdReaderLog;
}

interface Answer {
  status: number;
  text: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export class HttpIdCardReader implements IdCardReader {
  private readonly url: URL;
  private readonly log: IdReaderLog;

  /** Throws IdCardReadError('refused') for a URL that is not loopback http. */
  constructor(private readonly opts: HttpIdCardReaderOptions) {
    this.url = checkLoopbackUrl(opts.url);
    this.log = opts.log ?? silentLog;
  }

  async read({ timeoutMs }: { timeoutMs: number }): Promise<IdCardRead> {
    const deadline = Date.now() + timeoutMs;
    let sawNoCard: { message?: string } | null = null;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw noCard(timeoutMs, sawNoCard?.message);
      let answer: Answer;
      try {
        answer = await this.ask(left);
      } catch (err) {
        if (err instanceof IdCardReadError && err.reason === 'timeout' && sawNoCard) throw noCard(timeoutMs, sawNoCard.message);
        throw err;
      }
      const ok = answer.status >= 200 && answer.status <= 299;
      const parsed: VendorParse =
        answer.status === 204 || (ok && answer.text.trim() === '') ? { kind: 'no_card' } : parseJson(answer.text);
      if (parsed.kind === 'card') {
        const read = toIdCardRead(parsed.fields, { today: (this.opts.today ?? localToday)(), log: this.log });
        this.log.info(`身份证阅读器(http): 读到 ${describeRead(read)} [${parsed.adapter}]`);
        return read;
      }
      if (parsed.kind === 'no_card') {
        sawNoCard = parsed.message === undefined ? {} : { message: parsed.message };
        await sleep(Math.min(this.opts.pollMs ?? 300, deadline - Date.now()));
        continue;
      }
      if (!ok)
        throw new IdCardReadError('unavailable', `身份证阅读器服务出错 (HTTP ${answer.status})，请检查读卡器服务 (reader service error)`);
      throw new IdCardReadError(
        'bad_data',
        `身份证阅读器服务返回的数据格式无法识别 (支持: ${SUPPORTED_SHAPES})，请检查读卡器服务的版本和配置 (unrecognised reader answer)`,
        undefined,
        'vendor shape',
      );
    }
  }

  async status(): Promise<IdCardReaderStatus> {
    const detail = `${this.opts.method ?? 'GET'} ${this.url.origin}${this.url.pathname}`;
    try {
      const host = await resolveLoopback(this.url);
      await new Promise<void>((resolve, reject) => {
        const sock = net.connect({ host, port: port(this.url) });
        sock.setTimeout(1000, () => sock.destroy(new Error('timeout')));
        sock.once('connect', () => {
          sock.end();
          resolve();
        });
        sock.once('error', reject);
      });
      return { available: true, kind: 'http', detail };
    } catch {
      return { available: false, kind: 'http', detail: `${detail}: 读卡器服务未运行 (service not reachable)` };
    }
  }

  private async ask(timeoutMs: number): Promise<Answer> {
    const host = await resolveLoopback(this.url);
    const method = this.opts.method ?? 'GET';
    const payload = method === 'POST' ? Buffer.from(JSON.stringify(this.opts.body ?? {})) : undefined;
    const max = this.opts.maxBytes ?? 2 * 1024 * 1024;
    const where = `${this.url.host}`;
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        {
          host,
          port: port(this.url),
          path: this.url.pathname + this.url.search,
          method,
          headers: {
            Host: this.url.host,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > max) {
              clearTimeout(timer);
              req.destroy();
              reject(new IdCardReadError('bad_data', `身份证阅读器服务的应答超过 ${max} 字节 (answer too large)`, undefined, 'size'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            clearTimeout(timer);
            try {
              resolve({ status: res.statusCode ?? 0, text: decode(Buffer.concat(chunks), res.headers['content-type']) });
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', (err) => reject(unavailable(where, err)));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        reject(new IdCardReadError('timeout', `身份证阅读器在 ${Math.ceil(timeoutMs / 1000)} 秒内没有应答，请检查读卡器 (reader did not answer in time)`));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(unavailable(where, err));
      });
      req.end(payload);
    });
  }
}

function port(u: URL): number {
  return u.port ? Number(u.port) : 80;
}

function unavailable(where: string, err: Error): IdCardReadError {
  const code = (err as NodeJS.ErrnoException).code ?? err.message;
  return new IdCardReadError('unavailable', `连接不上身份证阅读器服务 ${where} (${code})，请确认读卡器已连接、读卡服务已启动 (reader service not reachable)`);
}

function noCard(timeoutMs: number, vendorMessage?: string): IdCardReadError {
  return new IdCardReadError(
    'no_card',
    `${Math.ceil(timeoutMs / 1000)} 秒内没有读到身份证，请把身份证放在阅读器上再读${vendorMessage ? ` (读卡器: ${vendorMessage})` : ''} (no card on the reader)`,
  );
}

/** UTF-8 unless the service declares another charset; undeclared non-UTF-8 is tried as GB 18030. */
function decode(body: Buffer, contentType: string | undefined): string {
  const declared = /charset=([^;\s]+)/i.exec(contentType ?? '')?.[1]?.replace(/"/g, '').toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(body);
    } catch {
      throw new IdCardReadError('bad_data', `身份证阅读器服务使用了无法识别的字符集 ${declared} (unknown charset)`, undefined, 'charset');
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function parseJson(text: string): VendorParse {
  try {
    return parseVendorJson(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return { kind: 'unknown' };
  }
}
