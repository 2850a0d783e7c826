/**
 * ID card data is personal data: the reader hook talks to loopback only. A URL naming any
 * other host is refused when the reader is configured, and "localhost" is resolved here
 * and must resolve to a loopback address (a hosts-file entry cannot send reads elsewhere).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { IdCardReadError } from './types';

export function isLoopbackAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, '');
  if (isIP(a) === 4) return a.split('.')[0] === '127';
  if (isIP(a) === 6) {
    const lower = a.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped ? mapped[1]!.split('.')[0] === '127' : false;
  }
  return false;
}

/** Parses and checks a reader URL: http:, a loopback host, no credentials. Throws 'refused'. */
export function checkLoopbackUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new IdCardReadError('refused', `身份证阅读器地址无效: "${raw.slice(0, 100)}" (reader URL is not a URL)`, 'url', 'URL');
  }
  if (u.protocol !== 'http:')
    throw new IdCardReadError('refused', `身份证阅读器地址必须是 http:// 本机地址，现为 ${u.protocol} (reader URL must be http on loopback)`, 'url', 'loopback');
  if (u.username || u.password)
    throw new IdCardReadError('refused', '身份证阅读器地址不能包含用户名或密码 (no credentials in the reader URL)', 'url', 'loopback');
  const host = u.hostname;
  if (!(host === 'localhost' || isLoopbackAddress(host)))
    throw new IdCardReadError(
      'refused',
      `身份证阅读器只能连接本机 (127.0.0.1 / ::1 / localhost)，拒绝连接 ${host}：身份证信息是个人信息，不得经网络传输 (reader URL must be loopback)`,
      'url',
      'loopback',
    );
  return u;
}

/** The address to connect to: the literal, or localhost's resolution if it is loopback. */
export async function resolveLoopback(u: URL): Promise<string> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackAddress(host)) return host;
  const addrs = await lookup(host, { all: true });
  const ok = addrs.find((a) => isLoopbackAddress(a.address));
  if (!ok || addrs.some((a) => !isLoopbackAddress(a.address)))
    throw new IdCardReadError('refused', `${host} 没有解析到本机地址，拒绝连接 (reader host does not resolve to loopback)`, 'url', 'loopback');
  return ok.address;
}
