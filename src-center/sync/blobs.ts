/**
 * Blobs (scans, documents), content-addressed by SHA-256, uploaded in chunks of at most
 * 4 MiB at any offsets. The center keeps the byte ranges it has; a resumed upload asks for
 * them and sends only the rest. Once every byte is there the whole is hashed: only a blob
 * whose SHA-256 matches its name becomes 'complete' (and only complete blobs let a record
 * in); a mismatch discards the bytes so the upload starts over.
 *
 * Where the bytes live: in the database (bytea, one row per chunk), not in a directory.
 * The center must be stateless — two processes on one PostgreSQL answer alike — so the
 * bytes must be where both see them; a chunk and the ranges it fills are committed in the
 * same transaction, so a cut never leaves a range marked that is not stored; and backup,
 * replication and retention are those of the database. On PGlite the bytes sit in its
 * data directory. An object store (S3-compatible) is the next step for very large
 * provinces; the chunk table is the seam.
 */
import crypto from 'node:crypto';
import { BLOB_CHUNK_MAX, BLOB_MAX_SIZE, type BlobState, type ByteRange } from '../../src-shared/protocol/sync';
import type { Db } from '../store/index';
import { HttpError, isRetryableDbError } from './errors';

type Chunk = { start: number; length: number };

/** Sorted, merged [start, end) ranges of the chunks held. */
export function mergeRanges(chunks: readonly Chunk[]): ByteRange[] {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    const end = c.start + c.length;
    if (last && c.start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([c.start, end]);
  }
  return out;
}

/** The parts of [start, end) not covered by `held`. */
export function gaps(held: readonly ByteRange[], start: number, end: number): ByteRange[] {
  const out: ByteRange[] = [];
  let at = start;
  for (const [s, e] of held) {
    if (e <= at) continue;
    if (s >= end) break;
    if (s > at) out.push([at, Math.min(s, end)]);
    at = Math.max(at, e);
    if (at >= end) break;
  }
  if (at < end) out.push([at, end]);
  return out;
}

const SHA = /^[0-9a-f]{64}$/;

export async function blobStates(db: Db, wanted: readonly { sha256: string; size: number }[]): Promise<BlobState[]> {
  const shas = [...new Set(wanted.map((w) => w.sha256))];
  const rows = await db.query<{ sha256: string; size: string | number; state: string; start: string | number | null; length: number | null }>(
    `SELECT b.sha256, b.size, b.state, c.start, c.length
       FROM sync_blobs b LEFT JOIN sync_blob_chunks c ON c.sha256 = b.sha256 AND b.state = 'partial'
      WHERE b.sha256 = ANY($1::text[])`,
    [shas],
  );
  const by = new Map<string, { size: number; state: string; chunks: Chunk[] }>();
  for (const r of rows) {
    const e = by.get(r.sha256) ?? { size: Number(r.size), state: r.state, chunks: [] };
    if (r.start !== null && r.length !== null) e.chunks.push({ start: Number(r.start), length: r.length });
    by.set(r.sha256, e);
  }
  return wanted.map((w) => {
    const e = by.get(w.sha256);
    if (!e) return { sha256: w.sha256, size: w.size, state: 'absent', ranges: [] };
    if (e.state === 'complete') return { sha256: w.sha256, size: e.size, state: 'complete', ranges: [[0, e.size]] };
    const ranges = mergeRanges(e.chunks);
    return { sha256: w.sha256, size: e.size, state: ranges.length ? 'partial' : 'absent', ranges };
  });
}

/**
 * Stores one chunk (only the bytes not held yet) and, when the blob is whole, verifies
 * its hash. Throws HttpError 409 (size differs), 422 (hash mismatch: bytes discarded).
 */
export async function putChunk(db: Db, sha256: string, size: number, offset: number, bytes: Uint8Array): Promise<BlobState> {
  if (!SHA.test(sha256)) throw new HttpError(400, 'validation_failed', '路径参数 sha256 不合法：必须是64位小写十六进制 (sha256: invalid)', 'sha256');
  if (size > BLOB_MAX_SIZE) throw new HttpError(400, 'validation_failed', `扫描件不能超过 ${BLOB_MAX_SIZE} 字节 (size too large)`, 'size');
  if (bytes.length === 0) throw new HttpError(400, 'validation_failed', '分块不能为空 (empty chunk)', 'body');
  if (bytes.length > BLOB_CHUNK_MAX) throw new HttpError(413, 'chunk_too_large', `分块不能超过 ${BLOB_CHUNK_MAX} 字节 (chunk too large)`, 'body');
  if (offset + bytes.length > size)
    throw new HttpError(400, 'validation_failed', `分块超出扫描件末尾：偏移 ${offset} + 长度 ${bytes.length} > 大小 ${size} (chunk beyond the end)`, 'offset');

  for (let attempt = 0; ; attempt++) {
    try {
      const r = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO sync_blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha256, size]);
        const [blob] = await tx.query<{ size: string | number; state: string }>('SELECT size, state FROM sync_blobs WHERE sha256 = $1 FOR UPDATE', [sha256]);
        if (!blob) throw new Error('putChunk: blob row vanished');
        if (Number(blob.size) !== size)
          throw new HttpError(409, 'blob_size_mismatch', `扫描件 ${sha256.slice(0, 12)}… 在中心登记的大小为 ${blob.size} 字节，与 ${size} 不符 (size differs)`, 'size');
        if (blob.state === 'complete') return { kind: 'state' as const };
        const chunks = await tx.query<{ start: string | number; length: number }>('SELECT start, length FROM sync_blob_chunks WHERE sha256 = $1', [sha256]);
        const held = mergeRanges(chunks.map((c) => ({ start: Number(c.start), length: c.length })));
        for (const [s, e] of gaps(held, offset, offset + bytes.length)) {
          await tx.query('INSERT INTO sync_blob_chunks (sha256, start, length, data) VALUES ($1, $2, $3, $4)', [
            sha256,
            s,
            e - s,
            bytes.subarray(s - offset, e - offset),
          ]);
        }
        const now = mergeRanges([...held.map(([s, e]) => ({ start: s, length: e - s })), { start: offset, length: bytes.length }]);
        if (now.length === 1 && now[0]![0] === 0 && now[0]![1] === size) {
          if ((await hashBlob(tx, sha256)) === sha256) {
            await tx.query(`UPDATE sync_blobs SET state = 'complete', completed_at = now() WHERE sha256 = $1`, [sha256]);
            // The ranges are no longer needed to resume; the bytes stay, in order.
          } else {
            await tx.query('DELETE FROM sync_blob_chunks WHERE sha256 = $1', [sha256]);
            return { kind: 'mismatch' as const };
          }
        }
        return { kind: 'state' as const };
      });
      if (r.kind === 'mismatch')
        throw new HttpError(422, 'blob_hash_mismatch', `扫描件内容的 SHA-256 与其编号 ${sha256.slice(0, 12)}… 不符，已丢弃，请重新上传 (hash mismatch: bytes discarded)`, 'sha256');
      const [state] = await blobStates(db, [{ sha256, size }]);
      return state!;
    } catch (e) {
      if (isRetryableDbError(e) && attempt < 4) continue;
      throw e;
    }
  }
}

/** SHA-256 of a blob's chunks in order, read one chunk at a time. */
async function hashBlob(tx: Db, sha256: string): Promise<string> {
  const h = crypto.createHash('sha256');
  const starts = await tx.query<{ start: string | number }>('SELECT start FROM sync_blob_chunks WHERE sha256 = $1 ORDER BY start', [sha256]);
  for (const { start } of starts) {
    const [c] = await tx.query<{ data: Uint8Array }>('SELECT data FROM sync_blob_chunks WHERE sha256 = $1 AND start = $2', [sha256, start]);
    h.update(c!.data);
  }
  return h.digest('hex');
}

/** The bytes of a complete blob (tests, archive export). */
export async function readBlob(db: Db, sha256: string): Promise<Buffer | null> {
  const [b] = await db.query<{ state: string }>('SELECT state FROM sync_blobs WHERE sha256 = $1', [sha256]);
  if (!b || b.state !== 'complete') return null;
  const rows = await db.query<{ data: Uint8Array }>('SELECT data FROM sync_blob_chunks WHERE sha256 = $1 ORDER BY start', [sha256]);
  return Buffer.concat(rows.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength)));
}
