/**
 * subjectAltName (RFC 5280 §4.2.1.6) for server certificates: dNSName [2] and
 * iPAddress [7] (4 or 16 octets). Host names are checked to be plain ASCII labels.
 */
import { isIP } from 'node:net';
import forge from 'node-forge';
import { seq, toBinary, type Asn1 } from './der';

const { asn1 } = forge;

/** The 4 (IPv4) or 16 (IPv6) octets of an address; '::' expanded. */
export function ipBytes(ip: string): Buffer {
  const v = isIP(ip);
  if (v === 4) return Buffer.from(ip.split('.').map(Number));
  if (v === 6) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const fill = ip.includes('::') ? Array<string>(8 - h.length - t.length).fill('0') : [];
    return Buffer.from(
      [...h, ...fill, ...t].flatMap((g) => {
        const n = parseInt(g || '0', 16);
        return [n >> 8, n & 0xff];
      }),
    );
  }
  throw new Error(`ipAddresses: "${ip}" 不是 IP 地址 (not an IP address)`);
}

export function subjectAltName(dnsNames: readonly string[], ips: readonly string[]): Asn1 {
  const names: Asn1[] = [];
  for (const d of dnsNames) {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(d)) throw new Error(`dnsNames: "${d}" 不是有效的主机名 (not a host name)`);
    names.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, d));
  }
  for (const ip of ips) names.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, toBinary(ipBytes(ip))));
  return seq(...names);
}
