/**
 * Saving a decided intake, in the order the rules need:
 *   (a) the case number (from this device's sequence; the document prints it),
 *   (b) the decision's written document, rendered by main (rule 3: no document, no decision),
 *   (c) one commit: case, events, outbox, scans and document in ONE Dexie transaction,
 *       which also removes the draft.
 * If (b) or (c) fails nothing is recorded and the draft stays.
 */
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';
import type { CasesRepository } from '../../db/casesRepository';
import type { CaseRow } from '../../db/casesSchema';
import type { DraftsRepository } from '../../db/draftsRepository';
import { sha256OfBytes } from '../../db/hashing';
import { caseForDocument, documentName, DOCUMENT_TYPE, type IntakeCommitBase, type WindowInfo } from './commit';
import { renderDocument } from './documents';
import { sniff } from './scans';

/** The document could not be produced; the case was not recorded. */
export class DocumentRenderError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'DocumentRenderError';
  }
}

export interface SaveDeps {
  cases: Pick<CasesRepository, 'nextCaseNumber' | 'deviceId' | 'commit'>;
  drafts: Pick<DraftsRepository, 'blobs'>;
  clerk: ClerkClient;
}

export interface SaveOptions {
  draftId: string;
  window: WindowInfo;
  clerkName: string;
  /** The decision's time (ISO). */
  now: string;
  /** A number given out for this intake by an earlier attempt that did not commit. */
  caseNumber?: string;
  /** Told the number as soon as it is given out (to reuse it on a retry). */
  onNumber?: (caseNumber: string) => void;
}

export interface SaveResult {
  row: CaseRow;
  caseNumber: string;
  document: { sha256: string; pages: number; name: string };
}

export function referencedBlobs(base: Pick<IntakeCommitBase, 'materials' | 'agent'>): Set<string> {
  const s = new Set<string>();
  for (const m of base.materials) for (const sc of m.scans) s.add(sc.sha256);
  if (base.agent?.powerOfAttorneyBlob) s.add(base.agent.powerOfAttorneyBlob);
  return s;
}

export async function saveIntake(deps: SaveDeps, base: IntakeCommitBase, opts: SaveOptions): Promise<SaveResult> {
  const caseNumber = opts.caseNumber ?? (await deps.cases.nextCaseNumber(opts.window.regionCode, base.receivedAt));
  opts.onNumber?.(caseNumber);
  const deviceId = await deps.cases.deviceId();
  const record = caseForDocument(base, caseNumber, deviceId, opts.now);
  const type = DOCUMENT_TYPE[base.decision.kind];

  let pdf: Uint8Array;
  let pages: number;
  try {
    const r = await renderDocument(deps.clerk, { type, case: record, window: opts.window, clerkName: opts.clerkName });
    pdf = r.pdf;
    pages = r.pages;
    if (sniff(pdf) !== 'pdf') throw new Error('not a PDF');
    const sha = await sha256OfBytes(pdf);
    if (sha !== r.sha256) throw new Error(`sha256 ${r.sha256.slice(0, 12)}… ≠ ${sha.slice(0, 12)}…`);
  } catch (e) {
    throw new DocumentRenderError((e as Error)?.message ?? String(e));
  }
  const sha256 = await sha256OfBytes(pdf);

  const referenced = referencedBlobs(base);
  const blobs = (await deps.drafts.blobs(opts.draftId))
    .filter((b) => referenced.has(b.sha256))
    .map((b) => ({ sha256: b.sha256, blob: b.blob, mediaType: b.mediaType, name: b.name }));

  const name = documentName(caseNumber, type);
  const row = await deps.cases.commit({
    ...base,
    caseNumber,
    draftId: opts.draftId,
    blobs,
    document: { sha256, blob: new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), mediaType: 'application/pdf', name, type },
  });
  return { row, caseNumber, document: { sha256, pages, name } };
}
