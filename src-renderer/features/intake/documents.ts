/**
 * The decision's written document (rule 3), rendered by main through the clerk-api
 * channel `documents:render`. No document, no decision: if the channel is missing or
 * fails, the caller shows the error and does not commit.
 */
import type { Case } from '../../../src-shared/domain/case';
import { ClerkApiError, type ClerkClient } from '../../../src-shared/protocol/clerk-api';
import type { DocumentType, WindowInfo } from './commit';

export interface RenderDocumentArgs {
  type: DocumentType;
  case: Case;
  window: WindowInfo;
  clerkName: string;
}

export interface RenderedDocument {
  pdf: Uint8Array;
  sha256: string;
  pages: number;
}

export const RENDER_CHANNEL = 'documents:render';

type Loose = Partial<Record<string, (args: unknown) => Promise<unknown>>>;

export async function renderDocument(clerk: ClerkClient, args: RenderDocumentArgs): Promise<RenderedDocument> {
  const fn = (clerk as unknown as Loose)[RENDER_CHANNEL];
  if (typeof fn !== 'function') throw new ClerkApiError('unknown_channel', RENDER_CHANNEL);
  const r = (await fn(args)) as Partial<RenderedDocument> | null;
  if (!r || !(r.pdf instanceof Uint8Array) || typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256))
    throw new ClerkApiError('bad_result', RENDER_CHANNEL);
  return { pdf: r.pdf, sha256: r.sha256, pages: typeof r.pages === 'number' ? r.pages : 1 };
}
