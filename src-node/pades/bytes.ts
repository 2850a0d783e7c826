/**
 * Where a PDF's bytes come from: memory or a file read piece by piece. Signing a 50 MB file
 * reads its tail, a few objects and then streams it once through SHA-256 — it is never held
 * in memory whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs, type ReadStream } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Bytes [start, start+length) (fewer at the end of the source). */
  read(start: number, length: number): Promise<Buffer>;
  /** SHA-256 (or another node:crypto hash) over the given [offset, length] ranges, in order. */
  hashRanges(ranges: readonly (readonly [number, number])[], algorithm?: string): Promise<Buffer>;
}

export class BufferSource implements ByteSource {
  readonly buf: Buffer;
  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get size(): number {
    return this.buf.length;
  }
  async read(start: number, length: number): Promise<Buffer> {
    return this.buf.subarray(Math.max(0, start), Math.min(this.buf.length, start + length));
  }
  async hashRanges(ranges: readonly (readonly [number, number])[], algorithm = 'sha256'): Promise<Buffer> {
    const h = createHash(algorithm);
    for (const [start, len] of ranges) h.update(this.buf.subarray(start, start + len));
    return h.digest();
  }
}

export class FileSource implements ByteSource {
  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  static async open(file: string): Promise<FileSource> {
    const handle = await fs.open(file, 'r');
    try {
      const st = await handle.stat();
      return new FileSource(file, handle, st.size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async read(start: number, length: number): Promise<Buffer> {
    const s = Math.max(0, start);
    const n = Math.max(0, Math.min(this.size, start + length) - s);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.handle.read(buf, got, n - got, s + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  }

  hashRanges(ranges: readonly (readonly [number, number])[], algorithm = 'sha256'): Promise<Buffer> {
    return hashFileRanges(this.path, ranges, algorithm);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Streams the ranges of a file through a node:crypto hash (1 MiB reads, constant memory). */
export async function hashFileRanges(file: string, ranges: readonly (readonly [number, number])[], algorithm = 'sha256'): Promise<Buffer> {
  const h = createHash(algorithm);
  for (const [start, len] of ranges) {
    if (len <= 0) continue;
    const stream: ReadStream = createReadStream(file, { start, end: start + len - 1, highWaterMark: 1 << 20 });
    for await (const chunk of stream) h.update(chunk as Buffer);
  }
  return h.digest();
}

/** Finds `needle` in the source at or after `from` (chunked reads). -1 when absent. */
export async function indexOf(src: ByteSource, needle: string, from: number, limit = src.size): Promise<number> {
  const n = Buffer.from(needle, 'latin1');
  const chunk = 1 << 16;
  for (let pos = from; pos < limit; pos += chunk) {
    const buf = await src.read(pos, Math.min(chunk + n.length - 1, limit - pos));
    const i = buf.indexOf(n);
    if (i >= 0) return pos + i;
    if (pos + buf.length >= limit) break;
  }
  return -1;
}

/** Finds the last `needle` that starts before `before` (searching backwards in chunks). */
export async function lastIndexOf(src: ByteSource, needle: string, before = src.size, maxScan = 1 << 20): Promise<number> {
  const n = Buffer.from(needle, 'latin1');
  const chunk = 1 << 14;
  let end = before;
  const stop = Math.max(0, before - maxScan);
  while (end > stop) {
    const start = Math.max(stop, end - chunk);
    const buf = await src.read(start, end - start + n.length - 1);
    const i = buf.lastIndexOf(n, end - start - 1);
    if (i >= 0 && start + i + n.length <= src.size) return start + i;
    end = start;
  }
  return -1;
}
