/**
 * JSON with bytes: the browser-mode host carries clerk-api values over HTTP, where
 * Uint8Array must survive the trip. Bytes travel as {"$bytes": base64}.
 */
import { fromUint8Array, isValid, toUint8Array } from 'js-base64';

export function bytesToBase64(bytes: Uint8Array): string {
  return fromUint8Array(bytes);
}

export function base64ToBytes(s: string): Uint8Array {
  if (!isValid(s)) throw new Error('base64: not valid base64');
  return toUint8Array(s);
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: bytesToBase64(v) } : v,
  );
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof o.$bytes === 'string') return base64ToBytes(o.$bytes);
    }
    return v;
  });
}
