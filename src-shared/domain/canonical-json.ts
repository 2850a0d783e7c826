/**
 * Canonical JSON for hashing, following RFC 8785 (JSON Canonicalization Scheme) for the
 * values this project hashes:
 *   - object members sorted by key in UTF-16 code-unit order, no white space;
 *   - strings and numbers serialised as ECMAScript `JSON.stringify` does (which is what
 *     RFC 8785 prescribes: shortest round-trip numbers, minimal string escapes);
 *   - only JSON data: null, booleans, finite numbers, strings, arrays, plain objects.
 *
 * Differences from RFC 8785, on purpose: an object member whose value is `undefined` is
 * left out (as `JSON.stringify` and a JSON round trip do, so a record hashes the same
 * before and after it crosses the wire); everything else that is not JSON — NaN, Infinity,
 * `undefined` in an array, bigint, Date, Map, class instances, lone surrogates, cycles —
 * throws a `TypeError` instead of being silently coerced.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw new TypeError(`canonicalJson: lone surrogate in string at ${path}`);
  return JSON.stringify(s);
}

export function canonicalJson(value: unknown): string {
  const stack: object[] = [];
  const enc = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
        return JSON.stringify(v); // -0 → "0", shortest round-trip form
      case 'string':
        return encodeString(v, path);
      case 'object': {
        if (stack.includes(v)) throw new TypeError(`canonicalJson: cycle at ${path}`);
        stack.push(v);
        try {
          if (Array.isArray(v)) {
            return `[${v
              .map((item, i) => {
                if (item === undefined) throw new TypeError(`canonicalJson: undefined in array at ${path}[${i}]`);
                return enc(item, `${path}[${i}]`);
              })
              .join(',')}]`;
          }
          if (!isPlainObject(v)) throw new TypeError(`canonicalJson: not a plain object at ${path} (${Object.prototype.toString.call(v)})`);
          const keys = Object.keys(v).sort();
          const parts: string[] = [];
          for (const k of keys) {
            const item = v[k];
            if (item === undefined) continue;
            parts.push(`${encodeString(k, path)}:${enc(item, `${path}.${k}`)}`);
          }
          return `{${parts.join(',')}}`;
        } finally {
          stack.pop();
        }
      }
      default:
        throw new TypeError(`canonicalJson: ${typeof v} is not JSON at ${path}`);
    }
  };
  return enc(value, '$');
}

/** SHA-256 of a string (UTF-8) or bytes, lower-case hex. Web Crypto: browser, worker, Node ≥ 20. */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
