/** The header's connection badge, made the door to the sync panel, with a count of what waits. */
import { Badge } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useAppDispatch } from '../../app/hooks';
import { useT } from '../../app/i18n';
import { runCatalogSync } from '../catalog/catalogSlice';
import { onSyncChange } from './runtime';
import { SyncPanel } from './SyncPanel';
import { useSync } from './useSync';

export function SyncEntry({ children }: { children: ReactNode }) {
  const t = useT();
  const { status } = useSync();
  const dispatch = useAppDispatch();
  const [open, setOpen] = useState(false);
  // A new catalog version or calendar year announced by the center: fetch it now.
  useEffect(
    () =>
      onSyncChange((c) => {
        if (c.kind === 'catalog-version' || c.kind === 'calendar-year') void dispatch(runCatalogSync());
      }),
    [dispatch],
  );
  const attention = status?.rejected ?? 0;
  const pending = (status?.pending ?? 0) - (status?.blocked ?? 0);
  return (
    <>
      <span
        role="button"
        tabIndex={0}
        aria-label={t('sync.entryLabel')}
        data-testid="sync-entry"
        data-phase={status?.phase ?? 'starting'}
        onClick={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') setOpen(true);
        }}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, cursor: 'pointer' }}
      >
        {children}
        {attention > 0 ? (
          <Badge count={attention} title={t('sync.badge.attention', { n: attention })} data-testid="sync-attention-count" />
        ) : pending > 0 ? (
          <span data-testid="sync-pending-count" style={{ color: 'rgba(255,255,255,0.85)', fontSize: 12 }}>
            {t('sync.badge.pending', { n: pending })}
          </span>
        ) : null}
      </span>
      <SyncPanel open={open} onClose={() => setOpen(false)} />
    </>
  );
}
