/**
 * Under the chosen item (intake step 1): for another region's item, who is responsible
 * for it and whether this window's cached authorisations cover it on the day — or that
 * the center will check, when there is no list to check against.
 */
import { Alert } from 'antd';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { useT, type MessageKey } from '../../app/i18n';
import { checkItem } from './proxyModel';
import { useWindowRegion } from './ProxyTag';
import { useProxy, useShanghaiToday } from './useProxy';

export function ProxyItemNotice({ item, receivedAt }: { item: Pick<CatalogItem, 'regionCode' | 'regionName' | 'itemCode'>; receivedAt?: string }) {
  const t = useT();
  const proxy = useProxy(false);
  const region = useWindowRegion();
  const today = useShanghaiToday();
  if (!region || !proxy.windowId || !proxy.loaded) return null;
  const check = checkItem({ windowId: proxy.windowId, windowRegionCode: region, item, receivedAt: receivedAt ?? `${today}T12:00:00+08:00`, cache: proxy.cached });
  if (!check.proxy) return null;
  const params = { name: item.regionName, code: item.regionCode, date: check.date };
  if (check.status === 'authorised')
    return <Alert type="info" showIcon style={{ marginBottom: 10 }} data-testid="proxy-item-notice" data-status="authorised" title={t('proxy.notice.authorised', params)} />;
  if (check.status === 'unknown')
    return <Alert type="warning" showIcon style={{ marginBottom: 10 }} data-testid="proxy-item-notice" data-status="unknown" title={t('proxy.notice.unknown', params)} />;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 10 }}
      data-testid="proxy-item-notice"
      data-status="unauthorised"
      title={t('proxy.notice.unauthorised', { ...params, reason: t(`proxy.reason.${check.reason ?? 'no-region'}` as MessageKey) })}
    />
  );
}
