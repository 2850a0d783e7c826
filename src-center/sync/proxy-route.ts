/**
 * The push's proxy check (帮办代办, rule 13): a case whose item implementation lies
 * outside the device's own regions is let in only when one of the window's proxy
 * authorisations covers the implementation's exact region, its national item code and
 * the acceptance date (the received event's `at`, Asia/Shanghai), and was not revoked
 * before that instant. The covering authorisation is recorded with the case
 * (proxy_case_authorisations) in the same transaction.
 *
 * The case itself is stored as any other: region_code = the accepting window's county
 * (the proxy window keeps its copy and pulls its status), item_region_code = the
 * responsible region (routing goes there).
 */
import { judgeProxy, shanghaiDate } from '../../src-shared/protocol/proxy';
import { proxyDenialMessage } from '../proxy/messages';
import { authorisationsFor } from '../proxy/store';
import type { Db } from '../store/index';
import type { SyncDevice } from './registry';

export interface ProxyCase {
  caseId: string;
  implementationCode: string;
  /** The implementation's region as the received event states it. */
  regionCode: string;
  /** The received event's time (ISO 8601 with offset). */
  at: string;
}

/**
 * Null when the case may proceed (authorised — recorded — or the implementation is not
 * one the center knows in that region, which the caller refuses as unknown_item);
 * otherwise the Chinese message of the refusal.
 */
export async function checkProxyAcceptance(tx: Db, device: Pick<SyncDevice, 'windowId'>, c: ProxyCase): Promise<string | null> {
  const [impl] = await tx.query<{ item_code: string; region_code: string; item_name: string; region_name: string }>(
    `SELECT im.item_code, im.region_code, i.name AS item_name, r.name AS region_name
       FROM implementations im JOIN items i ON i.item_code = im.item_code JOIN regions r ON r.code = im.region_code
      WHERE im.implementation_code = $1`,
    [c.implementationCode],
  );
  if (!impl || impl.region_code.trim() !== c.regionCode) return null;
  const itemCode = impl.item_code.trim();
  const date = shanghaiDate(c.at);
  if (!date) return `收件时间 ${c.at} 无法识别，不能核对代办授权 (received time unreadable)`;
  const list = await authorisationsFor(tx, device.windowId, c.regionCode);
  const verdict = judgeProxy(list, { regionCode: c.regionCode, itemCode, date, at: c.at });
  if (!verdict.ok)
    return proxyDenialMessage({ windowId: device.windowId, itemCode, itemName: impl.item_name, regionCode: c.regionCode, regionName: impl.region_name, date, verdict });
  await tx.query(
    `INSERT INTO proxy_case_authorisations (case_id, authorisation_id, acceptance_date) VALUES ($1, $2, $3::date)
     ON CONFLICT (case_id) DO UPDATE SET authorisation_id = EXCLUDED.authorisation_id, acceptance_date = EXCLUDED.acceptance_date, checked_at = now()`,
    [c.caseId, verdict.authorisation.id, date],
  );
  return null;
}
