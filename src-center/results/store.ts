/**
 * The results table (migration 021): rows as ResultInfo, the 'result' changes windows pull,
 * look-ups by code and by document hash, revocation, and the PDF bytes read chunk by chunk.
 */
import { Readable } from 'node:stream';
import { ReasonText, type ResultInfo, type ResultKind, type VerificationAnswer } from '../../src-shared/protocol/workflow';
import { HttpError } from '../http/errors';
import type { Db } from '../store/index';
import { maskCaseNumber } from './code';

export interface ResultRow {
  result_id: string;
  case_id: string;
  case_number: string;
  kind: ResultKind;
  title: string;
  verification_code: string;
  sha256: string;
  size: number | string;
  issuer: string;
  issued_by: string;
  collect_window_id: string;
  region_code: string;
  case_region_code: string | null;
  valid_until: unknown;
  issued_at: unknown;
  status: 'valid' | 'revoked';
  revoked_at: unknown;
  revocation_reason: string | null;
  [k: string]: unknown;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

export function rowToInfo(r: ResultRow): ResultInfo {
  return {
    resultId: r.result_id,
    caseId: r.case_id,
    caseNumber: r.case_number.trim(),
    resultKind: r.kind,
    title: r.title,
    verificationCode: r.verification_code,
    sha256: r.sha256,
    size: Number(r.size),
    issuedAt: iso(r.issued_at),
    status: r.status,
    collectWindowId: r.collect_window_id.trim(),
  };
}

/** The counties a result's changes go to: the collect window's, and the accepting window's when it differs. */
function regionsOf(r: ResultRow): string[] {
  const regions = [r.region_code.trim()];
  const other = r.case_region_code?.trim();
  if (other && other !== regions[0]) regions.push(other);
  return regions;
}

/** One 'result' change per county (payload: the ResultInfo and its regionCode), in the caller's transaction. */
export async function insertResultChanges(tx: Db, r: ResultRow, info: ResultInfo = rowToInfo(r)): Promise<void> {
  for (const regionCode of regionsOf(r)) {
    await tx.query(`INSERT INTO sync_changes (kind, region_code, payload) VALUES ('result', $1, $2::jsonb)`, [
      regionCode,
      JSON.stringify({ ...info, regionCode }),
    ]);
  }
}

/**
 * A result was handed over (a 'result-collected' case event, or a collect window's result
 * log): a new 'result' change carrying `handedOver` to the same counties, in the caller's
 * transaction, so the other window shows it collected and does not hand it over again.
 * The first hand-over the center learns of is the one announced.
 */
export async function announceHandOver(tx: Db, resultId: string, handedOver: { windowId: string; at: string }): Promise<void> {
  const [r] = await tx.query<ResultRow>('SELECT * FROM results WHERE result_id = $1', [resultId]);
  if (!r) return;
  await insertResultChanges(tx, r, { ...rowToInfo(r), handedOver: { windowId: handedOver.windowId.trim(), at: new Date(handedOver.at).toISOString() } });
}

export async function findResultByCode(db: Db, code: string): Promise<ResultRow | null> {
  const [r] = await db.query<ResultRow>('SELECT * FROM results WHERE verification_code = $1', [code]);
  return r ?? null;
}

export async function findResultBySha256(db: Db, sha256: string): Promise<ResultRow | null> {
  const [r] = await db.query<ResultRow>('SELECT * FROM results WHERE sha256 = $1', [sha256]);
  return r ?? null;
}

export async function findResult(db: Db, resultId: string): Promise<ResultRow | null> {
  const [r] = await db.query<ResultRow>('SELECT * FROM results WHERE result_id = $1', [resultId]);
  return r ?? null;
}

/** What the public may learn about a code: no applicant, the case number masked. */
export function verificationAnswer(code: string, r: ResultRow | null): VerificationAnswer {
  if (!r) return { status: 'unknown', code };
  const common = {
    code: r.verification_code,
    title: r.title,
    kind: r.kind,
    caseNumber: maskCaseNumber(r.case_number.trim()),
    issuer: r.issuer,
    issuedAt: iso(r.issued_at),
    documentSha256: r.sha256,
  };
  if (r.status === 'revoked')
    return { status: 'revoked', ...common, revokedAt: iso(r.revoked_at), revocationReason: r.revocation_reason ?? '' };
  return { status: 'genuine', ...common };
}

/**
 * Revokes a result: status revoked with the reason, and a new 'result' change (status
 * 'revoked') to the same counties, in one transaction; `inTx` adds the caller's writes.
 * Throws HttpError 404 (no such code), 409 (already revoked), 400 (reason).
 */
export async function revokeResult(db: Db, code: string, reason: string, inTx?: (tx: Db, info: ResultInfo) => Promise<void>): Promise<ResultInfo> {
  const why = ReasonText.safeParse(reason);
  if (!why.success) throw new HttpError(400, 'validation_failed', `撤销理由不合法：${why.error.issues[0]!.message} (reason)`, 'reason');
  return db.transaction(async (tx) => {
    const [r] = await tx.query<ResultRow>('SELECT * FROM results WHERE verification_code = $1 FOR UPDATE', [code]);
    if (!r) throw new HttpError(404, 'not_found', `核验码 ${code} 没有对应的结果文书 (no result with this code)`, 'code');
    if (r.status === 'revoked') throw new HttpError(409, 'already_revoked', `结果文书 ${code} 已于 ${iso(r.revoked_at)} 撤销 (already revoked)`, 'code');
    const [row] = await tx.query<ResultRow>(
      `UPDATE results SET status = 'revoked', revoked_at = now(), revocation_reason = $2 WHERE result_id = $1 RETURNING *`,
      [r.result_id, why.data],
    );
    const info = rowToInfo(row!);
    await insertResultChanges(tx, row!, info);
    if (inTx) await inTx(tx, info);
    return info;
  });
}

/**
 * The result's row if a device of `regionCode` may fetch its PDF: the collect window's
 * county, or the county of the window that accepted the case (as the center holds it now).
 */
export async function resultForRegion(db: Db, resultId: string, regionCode: string): Promise<ResultRow | null> {
  const [r] = await db.query<ResultRow>(
    `SELECT r.* FROM results r LEFT JOIN sync_cases c ON c.case_id = r.case_id
      WHERE r.result_id = $1 AND ($2 IN (r.region_code, r.case_region_code) OR c.region_code = $2)`,
    [resultId, regionCode],
  );
  return r ?? null;
}

/** A complete blob's bytes as a stream, one chunk (≤ 4 MiB) read at a time. */
export function blobStream(db: Db, sha256: string): Readable {
  async function* chunks() {
    const starts = await db.query<{ start: string | number }>('SELECT start FROM sync_blob_chunks WHERE sha256 = $1 ORDER BY start', [sha256]);
    for (const { start } of starts) {
      const [c] = await db.query<{ data: Uint8Array }>('SELECT data FROM sync_blob_chunks WHERE sha256 = $1 AND start = $2', [sha256, start]);
      if (c) yield Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
