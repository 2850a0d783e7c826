/** 「代办 · 桥西区」: marks a case or item of another region's authority (rule 13). */
import { Tag, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { isProxyRegion } from '../../../src-shared/protocol/proxy';
import { useAppSelector } from '../../app/hooks';
import { useT } from '../../app/i18n';
import { useServices } from '../../app/services';

/** The tag, when the item's region is not the window's own (by GB/T 2260 code structure, or the center's list). */
export function ProxyTag({
  windowRegionCode,
  regionCode,
  regionName,
  ownRegions,
  style,
}: {
  windowRegionCode: string | null | undefined;
  regionCode: string;
  regionName: string;
  ownRegions?: readonly string[];
  style?: CSSProperties;
}) {
  const t = useT();
  if (!windowRegionCode || !isProxyRegion(windowRegionCode, regionCode, ownRegions)) return null;
  return (
    <Tooltip title={t('proxy.tagTitle', { name: regionName, code: regionCode })}>
      <Tag color="purple" style={{ marginInlineEnd: 0, ...style }} data-testid="proxy-tag" data-region={regionCode}>
        {t('proxy.tagRegion', { name: regionName })}
      </Tag>
    </Tooltip>
  );
}

/** This window's region, from the cached windows list. */
export function useWindowRegion(): string | null {
  const { windows } = useServices();
  const windowId = useAppSelector((s) => s.session.settings?.windowId ?? '');
  const win = useLiveQuery(() => windows.get(windowId), [windows, windowId]);
  return win?.regionCode ?? null;
}

/** The tag for an item about to be taken in at this window. */
export function ProxyItemTag({ item }: { item: { regionCode: string; regionName: string } }) {
  const region = useWindowRegion();
  return <ProxyTag windowRegionCode={region} regionCode={item.regionCode} regionName={item.regionName} />;
}
