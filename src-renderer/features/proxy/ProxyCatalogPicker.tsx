/**
 * Intake step 1 with proxy acceptance (帮办代办, rule 13): a 「代办地区」 choice above the
 * catalog — the window's own region by default, or a region its window is authorised
 * for, whose catalog then lists only the authorised items. A window without
 * authorisations sees the plain catalog. When the authorisation list could not be had at
 * all (never fetched, center out of reach), the clerk may still pick another region's
 * item, warned that the center checks the authorisation when the case arrives.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ownRegionsByCode } from '../../../src-shared/protocol/proxy';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import type { CachedCatalogItem } from '../../db/catalogSearch';
import { CatalogBrowser } from '../catalog/CatalogBrowser';
import { proxyTargets } from './proxyModel';
import { useWindowRegion } from './ProxyTag';
import { useProxy, useRegions, useShanghaiToday, useTargetCatalog } from './useProxy';

const OWN = 'own';
const collator = new Intl.Collator('zh-CN');

export function ProxyCatalogPicker({ onPick }: { onPick: (item: CachedCatalogItem) => void }) {
  const t = useT();
  const locale = useLocale();
  const proxy = useProxy();
  const windowRegion = useWindowRegion();
  const [picked, setPicked] = useState<string>(OWN);

  const today = useShanghaiToday();
  const targets = useMemo(() => (proxy.cached ? proxyTargets(proxy.cached.data, today) : []), [proxy.cached, today]);
  // No list to go by: never fetched here, and the center could not be asked.
  const unverified = proxy.loaded && !proxy.cached && proxy.failure !== null;
  const regions = useRegions(unverified);
  const own = useMemo(() => proxy.cached?.data.ownRegions ?? (windowRegion ? ownRegionsByCode(windowRegion) : []), [proxy.cached, windowRegion]);

  const authorised = targets.find((x) => x.regionCode === picked) ?? null;
  const openRegion = unverified && !authorised ? (regions?.regions.find((r) => r.code === picked && !own.includes(r.code)) ?? null) : null;
  const target = authorised ? { code: authorised.regionCode, name: authorised.regionName } : openRegion ? { code: openRegion.code, name: openRegion.name } : null;
  const catalog = useTargetCatalog(target?.code ?? null, authorised ? authorised.itemCodes : null);
  const items = useMemo(() => (catalog.status === 'loading' && !catalog.items.length ? undefined : [...catalog.items].sort((a, b) => collator.compare(a.name, b.name))), [catalog]);

  // A window with no authorisation (and a list to say so) works as before.
  if (!targets.length && !unverified) return <CatalogBrowser onPick={onPick} />;

  const options = [
    { value: OWN, label: t('proxy.region.own') },
    ...targets.map((x) => ({ value: x.regionCode, label: t('proxy.region.option', { name: x.regionName, code: x.regionCode, n: x.itemCodes.length }) })),
    ...(unverified
      ? (regions?.regions ?? [])
          .filter((r) => r.level !== 'province' && !own.includes(r.code))
          .map((r) => ({ value: r.code, label: t('proxy.region.unverified', { name: r.name, code: r.code }) }))
      : []),
  ];

  const listState = proxy.refreshing
    ? t('proxy.list.refreshing')
    : proxy.cached
      ? t('proxy.list.fetchedAt', { time: formatDateTime(proxy.cached.fetchedAt, locale) })
      : t('proxy.list.never');

  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 8 }} data-testid="proxy-picker" data-target={target?.code ?? ''}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
        <label htmlFor="proxy-region" style={{ fontWeight: 600 }}>
          {t('proxy.region.label')}
        </label>
        <Select
          id="proxy-region"
          data-testid="proxy-region"
          value={target ? target.code : OWN}
          onChange={(v: string) => setPicked(v)}
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
      {proxy.failure && proxy.cached && (
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
      {target ? (
        <CatalogBrowser
          key={target.code}
          onPick={onPick}
          source={{
            items: catalog.status === 'error' ? [] : items,
            emptyText: t('proxy.target.empty', { name: target.name, code: target.code }),
            status: catalog.fetchedAt ? (
              <Typography.Text type="secondary" data-testid="proxy-catalog-fetched" title={catalog.error ?? undefined}>
                {t(catalog.error ? 'proxy.target.catalogStale' : 'proxy.target.catalogAt', { name: target.name, time: formatDateTime(catalog.fetchedAt, locale) })}
              </Typography.Text>
            ) : null,
          }}
        />
      ) : (
        <CatalogBrowser onPick={onPick} />
      )}
    </div>
  );
}
