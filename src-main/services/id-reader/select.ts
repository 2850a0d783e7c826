/**
 * Which reader this counter PC has, from YICHUANG_IDREADER:
 *   http:<url>   a vendor service on loopback, e.g. http:http://127.0.0.1:19196/readcard
 *                (a bare http://127.0.0.1:… URL is accepted too);
 *                YICHUANG_IDREADER_METHOD=POST to POST instead of GET
 *   file:<dir>   a folder where the vendor service writes each read (JSON or wz.txt + zp.*)
 *   simulator    generated test identities (tests, demos) — never chosen by default
 *   unset        no reader: idcard:read answers "未连接身份证阅读器"
 * Anything else is a configuration error, reported with what to set.
 */
import path from 'node:path';
import { FileIdCardReader } from './file-reader';
import { HttpIdCardReader } from './http-reader';
import { SimulatedIdCardReader } from './simulated-reader';
import type { IdCardReader, IdReaderLog } from './types';

export const ID_READER_ENV = 'YICHUANG_IDREADER';

export class IdReaderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdReaderConfigError';
  }
}

export function idCardReaderFromSpec(
  spec: string | undefined,
  opts: { method?: string | undefined; log?: IdReaderLog } = {},
): IdCardReader | undefined {
  const s = spec?.trim();
  if (!s) return undefined;
  const log = opts.log ? { log: opts.log } : {};
  if (s === 'simulator') return new SimulatedIdCardReader(log);
  if (s.startsWith('file:')) {
    const dir = s.slice('file:'.length).trim();
    if (!dir) throw new IdReaderConfigError(`${ID_READER_ENV}=file:<文件夹> 缺少文件夹 (folder missing)`);
    return new FileIdCardReader({ dir: path.resolve(dir), ...log });
  }
  if (s.startsWith('http:')) {
    const url = s.startsWith('http://') ? s : s.slice('http:'.length).trim();
    const method = (opts.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST')
      throw new IdReaderConfigError(`${ID_READER_ENV}_METHOD 只能是 GET 或 POST，现为 "${method}"`);
    try {
      return new HttpIdCardReader({ url, method, ...log });
    } catch (err) {
      throw new IdReaderConfigError(`${ID_READER_ENV}: ${(err as Error).message}`);
    }
  }
  throw new IdReaderConfigError(
    `${ID_READER_ENV}="${s.slice(0, 80)}" 无法识别：应为 http:<本机地址>、file:<文件夹> 或 simulator (unrecognised ID reader setting)`,
  );
}

/** The reader named by the environment (see above); throws IdReaderConfigError on a bad setting. */
export function idCardReaderFromEnv(env: NodeJS.ProcessEnv = process.env, log?: IdReaderLog): IdCardReader | undefined {
  return idCardReaderFromSpec(env[ID_READER_ENV], { method: env[`${ID_READER_ENV}_METHOD`], ...(log ? { log } : {}) });
}

/** Console log lines for main (the readers only ever log masked data). */
export const consoleIdReaderLog: IdReaderLog = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
};
