/**
 * A result's trail for operators and auditors (GET /v1/admin/results/:code/log): its
 * downloads, prints and hand-overs as the center holds them — the accepting window's case
 * events (sync_events, hash-chained) and a collect window's result log (result_log) — oldest
 * first, with the copies printed and whether it was handed over more than once.
 *
 * Two hand-overs can happen: the collect window's is refused when one is known, but the
 * accepting window may hand the result over offline, and its case event is part of a hash
 * chain the center cannot refuse. The trail keeps both and says so.
 */
import { ResultCollectedData, ResultPrintedData } from '../../src-shared/domain/printing';
import { ResultTrail, type ResultTrailEntry } from '../../src-shared/protocol/result-log';
import type { Db } from '../store/index';
import type { ResultRow } from './store';

const TYPES = ['result-received', 'result-printed', 'result-collected'] as const;

interface FactRow {
  source: ResultTrailEntry['source'];
  type: string;
  at: string | Date;
  actor: string;
  window_id: string;
  data: unknown;
  [k: string]: unknown;
}

/** An identity document number with all but its first 3 and last 4 characters hidden. */
export function maskDocumentNumber(n: string): string {
  const chars = [...n];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

function entryOf(r: FactRow): ResultTrailEntry | null {
  const type = TYPES.find((t) => t === r.type);
  if (!type) return null;
  const data: unknown = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
  const base: ResultTrailEntry = { type, source: r.source, windowId: r.window_id.trim(), at: new Date(r.at).toISOString(), actor: r.actor.trim() };
  if (type === 'result-printed') {
    const p = ResultPrintedData.safeParse(data);
    if (p.success) return { ...base, copies: p.data.copies, printer: p.data.printer, reprint: p.data.reprint, ...(p.data.reason ? { reason: p.data.reason } : {}) };
  }
  if (type === 'result-collected') {
    const c = ResultCollectedData.safeParse(data);
    if (c.success) return { ...base, collectorName: c.data.collectorName, collectorRole: c.data.collectorRole, documentNumber: maskDocumentNumber(c.data.documentNumber) };
  }
  return base;
}

export async function resultTrail(db: Db, r: ResultRow): Promise<ResultTrail> {
  const rows = await db.query<FactRow>(
    `SELECT 'case-log' AS source, e.type, e.at, e.actor, c.window_id, e.data
       FROM sync_events e JOIN sync_cases c ON c.case_id = e.case_id
      WHERE e.case_id = $2 AND e.type = ANY($3::text[]) AND e.data->>'resultId' = $1
     UNION ALL
     SELECT 'result-log', l.type, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), l.actor, l.window_id, l.data FROM result_log l WHERE l.result_id = $4`,
    [r.result_id, r.case_id, [...TYPES], r.result_id],
  );
  const entries = rows
    .map(entryOf)
    .filter((e): e is ResultTrailEntry => e !== null)
    // Oldest first; at the same instant a download before a print before a hand-over.
    .sort((a, b) => a.at.localeCompare(b.at) || TYPES.indexOf(a.type) - TYPES.indexOf(b.type) || a.source.localeCompare(b.source));
  const handOvers = entries.filter((e) => e.type === 'result-collected').length;
  return ResultTrail.parse({
    resultId: r.result_id,
    caseNumber: r.case_number.trim(),
    verificationCode: r.verification_code,
    title: r.title,
    status: r.status,
    ...(r.status === 'revoked' ? { revokedAt: new Date(r.revoked_at as string | Date).toISOString(), revocationReason: r.revocation_reason ?? '' } : {}),
    collectWindowId: r.collect_window_id.trim(),
    entries,
    printedCopies: entries.reduce((n, e) => n + (e.copies ?? 0), 0),
    handOvers,
    handedOverTwice: handOvers > 1,
  });
}
