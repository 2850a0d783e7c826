/**
 * Intake step 1 with proxy acceptance (帮办代办, rule 13): a 「代办地区」 choice above the
 * catalog — the window's own region by default, or a region its window is authorised
 * for, whose catalog then lists only the authorised items. A window without
 * authorisations sees the plain catalog. When the authorisation list could not be had at
 * all (never fetched, center out of reach), the clerk may still pick another region's
 * item, warned that the center checks the authorisation when the case arrives.
 *
 * The list is refreshed while the clerk works: the catalog underneath stays the same
 * component (what was typed into the search stays), and the region picked stays picked
 * as long as the list still offers it — when it no longer does, the picker says so.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ownRegionsByCode } from '../../../src-shared/protocol/proxy';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import type { CachedCatalogItem } from '../../db/catalogSearch';
import { CatalogBrowser } from '../catalog/CatalogBrowser';
import { OWN_REGION, pickerView, proxyTargets, type PickedRegion } from './proxyModel';
import { useWindowRegion } from './ProxyTag';
import { useProxy, useRegions, useShanghaiToday, useTargetCatalog } from './useProxy';

const collator = new Intl.Collator('zh-CN');

export function ProxyCatalogPicker({ onPick }: { onPick: (item: CachedCatalogItem) => void }) {
  const t = useT();
  const locale = useLocale();
  const proxy = useProxy();
  const windowRegion = useWindowRegion();
  const [picked, setPicked] = useState<PickedRegion>(null);

  const today = useShanghaiToday();
  const targets = useMemo(() => (proxy.cached ? proxyTargets(proxy.cached.data, today) : []), [proxy.cached, today]);
  // No list to go by: never fetched here, and the center could not be asked.
  const unverified = proxy.loaded && !proxy.cached && proxy.failure !== null;
  const regions = useRegions(unverified);
  const own = useMemo(() => proxy.cached?.data.ownRegions ?? (windowRegion ? ownRegionsByCode(windowRegion) : []), [proxy.cached, windowRegion]);

  const view = pickerView({
    picked,
    targets,
    listKnown: proxy.cached !== null || (proxy.loaded && !proxy.refreshing && proxy.failure === null),
    unverified,
    regions: regions?.regions ?? null,
    own,
  });
  const { target, authorised, lost } = view;
  const catalog = useTargetCatalog(target?.code ?? null, authorised ? authorised.itemCodes : null);
  const items = useMemo(() => (catalog.status === 'loading' && !catalog.items.length ? undefined : [...catalog.items].sort((a, b) => collator.compare(a.name, b.name))), [catalog]);

  const options = [
    { value: OWN_REGION, label: t('proxy.region.own') },
    ...targets.map((x) => ({ value: x.regionCode, label: t('proxy.region.option', { name: x.regionName, code: x.regionCode, n: x.itemCodes.length }) })),
    ...(unverified
      ? (regions?.regions ?? [])
          .filter((r) => r.level !== 'province' && !own.includes(r.code))
          .map((r) => ({ value: r.code, label: t('proxy.region.unverified', { name: r.name, code: r.code }) }))
      : []),
  ];
  const choose = (code: string) => {
    const name = targets.find((x) => x.regionCode === code)?.regionName ?? regions?.regions.find((r) => r.code === code)?.name ?? code;
    setPicked(code === OWN_REGION ? null : { code, name });
  };

  const listState = proxy.refreshing
    ? t('proxy.list.refreshing')
    : proxy.cached
      ? t('proxy.list.fetchedAt', { time: formatDateTime(proxy.cached.fetchedAt, locale) })
      : t('proxy.list.never');

  // One tree whatever the list says, so the catalog below is never remounted by a refresh.
  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 8 }} data-testid="proxy-picker" data-target={target?.code ?? ''}>
      {view.showRegions && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
          <label htmlFor="proxy-region" style={{ fontWeight: 600 }}>
            {t('proxy.region.label')}
          </label>
          <Select
            id="proxy-region"
            data-testid="proxy-region"
            value={target ? target.code : OWN_REGION}
            onChange={choose}
            options={options}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 320 }}
            aria-label={t('proxy.region.label')}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12.5 }} data-testid="proxy-list-state">
            {listState}
          </Typography.Text>
          <Button size="small" icon={<ReloadOutlined />} loading={proxy.refreshing} onClick={proxy.refresh} data-testid="proxy-refresh">
            {t('proxy.list.refresh')}
          </Button>
        </div>
      )}
      {lost && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setPicked(null) }}
          data-testid="proxy-region-lost"
          data-region={lost.code}
          title={t('proxy.region.lost', { name: lost.name, code: lost.code })}
        />
      )}
      {view.showRegions && proxy.failure && proxy.cached && (
        <Alert type="info" showIcon data-testid="proxy-list-stale" title={t('proxy.list.failed', { error: proxy.failure.message, time: formatDateTime(proxy.cached.fetchedAt, locale) })} />
      )}
      {unverified && <Alert type="warning" showIcon data-testid="proxy-unverified" title={t('proxy.unverified', { error: proxy.failure?.message ?? '' })} />}
      {target && (
        <Alert
          type={authorised ? 'info' : 'warning'}
          showIcon
          data-testid="proxy-target-info"
          title={
            authorised
              ? t('proxy.target.info', { name: target.name, code: target.code, n: authorised.itemCodes.length, until: authorised.validTo })
              : t('proxy.target.infoUnverified', { name: target.name, code: target.code })
          }
        />
      )}
      {target && catalog.status === 'error' && (
        <Alert type="error" showIcon data-testid="proxy-catalog-failed" title={t('proxy.target.catalogFailed', { name: target.name, code: target.code, error: catalog.error ?? '' })} />
      )}
      <CatalogBrowser
        key={view.catalogKey}
        onPick={onPick}
        {...(target
          ? {
              source: {
                items: catalog.status === 'error' ? [] : items,
                emptyText: t('proxy.target.empty', { name: target.name, code: target.code }),
                status: catalog.fetchedAt ? (
                  <Typography.Text type="secondary" data-testid="proxy-catalog-fetched" title={catalog.error ?? undefined}>
                    {t(catalog.error ? 'proxy.target.catalogStale' : 'proxy.target.catalogAt', { name: target.name, time: formatDateTime(catalog.fetchedAt, locale) })}
                  </Typography.Text>
                ) : null,
              },
            }
          : {})}
      />
    </div>
  );
}
