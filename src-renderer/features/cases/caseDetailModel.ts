/** Pure helpers of the case detail: event and chain wording, the decision's document. */
import type { CaseEvent, ChainVerification } from '../../../src-shared/domain/event-chain';
import type { MessageKey, TFunction } from '../../app/i18n';

/** An event type in the clerk's language; unknown types (added later) show as they are. */
export function eventTypeLabel(t: TFunction, type: string): string {
  const key = `cases.event.${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
}

/** "事件链完整" / "事件链被篡改: 第N条 reason". */
export function chainText(t: TFunction, v: ChainVerification): string {
  if (v.ok) return t('cases.chain.ok', { count: v.count });
  return t('cases.chain.broken', { n: v.index + 1, reason: t(`cases.chain.reason.${v.reason}` as MessageKey) });
}

/** The decision's document, as its event recorded it (type and SHA-256). */
export function documentOf(events: readonly CaseEvent[]): { type: string; sha256: string } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const data = events[i]!.data as { document?: { type?: unknown; sha256?: unknown } } | null;
    const d = data && typeof data === 'object' ? data.document : undefined;
    if (d && typeof d.sha256 === 'string') return { type: typeof d.type === 'string' ? d.type : 'document', sha256: d.sha256 };
  }
  return null;
}
