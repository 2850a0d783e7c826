/**
 * Why the center refuses a proxy case (RejectionCode proxy_unauthorised): which window,
 * item, region and date are not authorised, and the nearest authorisation's state.
 * Chinese first, English in parentheses.
 */
import type { ProxyVerdict } from '../../src-shared/protocol/proxy';

export interface ProxyDenial {
  windowId: string;
  itemCode: string;
  itemName: string;
  regionCode: string;
  regionName: string;
  /** Acceptance date, Asia/Shanghai. */
  date: string;
  verdict: Extract<ProxyVerdict, { ok: false }>;
}

/** An instant as China time, to the minute: 2025-10-01 14:03. */
export function shanghaiMinute(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : iso;
}

export function proxyDenialMessage(d: ProxyDenial): string {
  const region = `${d.regionName}（${d.regionCode}）`;
  const item = `「${d.itemName}」（事项编码 ${d.itemCode}）`;
  const head = `窗口 ${d.windowId} 未获授权于 ${d.date} 代办${region}的事项${item}`;
  const n = d.verdict.nearest;
  switch (d.verdict.reason) {
    case 'no-region':
      return `${head}：本窗口没有${region}的代办授权 (proxy_unauthorised: no authorisation for region ${d.regionCode})`;
    case 'no-item':
      return `${head}：本窗口对${region}的代办授权不包含该事项 (proxy_unauthorised: item ${d.itemCode} not authorised)`;
    case 'not-yet-valid':
      return `${head}：代办授权自 ${n?.validFrom ?? '?'} 起才生效 (proxy_unauthorised: authorisation not yet valid on ${d.date})`;
    case 'expired':
      return `${head}：代办授权已于 ${n?.validTo ?? '?'} 到期 (proxy_unauthorised: authorisation expired before ${d.date})`;
    case 'revoked':
      return `${head}：代办授权已于 ${n?.revokedAt ? shanghaiMinute(n.revokedAt) : '?'}（北京时间）撤销，晚于撤销时间受理的办件不在授权范围内 (proxy_unauthorised: authorisation revoked)`;
  }
}
