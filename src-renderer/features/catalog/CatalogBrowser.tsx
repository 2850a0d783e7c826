/**
 * The catalog at the window: the Dexie cache as a searchable, virtualised list, with
 * version and sync state, and the service guide of the chosen item.
 */
import { CloudSyncOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Select, Spin, Table, Tag, Tooltip, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatDateTime, relativeTime, useLocale, useT, type MessageKey, type TFunction } from '../../app/i18n';
import type { FocusSearchState } from '../../app/navigation';
import { useServices } from '../../app/services';
import { useElementHeight } from '../../app/useElementHeight';
import { searchCatalog, type CachedCatalogItem } from '../../db/catalogSearch';
import { runCatalogSync } from './catalogSlice';
import { CaseTypeTag, itemTypeLabel, ItemTags } from './labels';
import { ServiceGuideDrawer } from './ServiceGuide';

const TABLE_HEADER_PX = 40;

function columns(t: TFunction): TableColumnsType<CachedCatalogItem> {
  return [
    {
      title: t('catalog.col.name'),
      key: 'name',
      width: 380,
      render: (_v, it) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div className="yc-item-name" title={it.name}>
            {it.name}
          </div>
          <div className="yc-code yc-muted">{it.implementationCode}</div>
        </div>
      ),
    },
    { title: t('catalog.col.type'), key: 'type', width: 118, render: (_v, it) => itemTypeLabel(t, it.itemType) },
    {
      title: t('catalog.col.department'),
      key: 'dept',
      width: 220,
      render: (_v, it) => (
        <div className="yc-ellipsis" title={it.department.name}>
          {it.department.name}
        </div>
      ),
    },
    { title: t('catalog.col.caseType'), key: 'caseType', width: 88, render: (_v, it) => <CaseTypeTag t={t} code={it.caseType} /> },
    {
      title: t('catalog.col.days'),
      key: 'days',
      width: 150,
      render: (_v, it) =>
        it.caseType === '1' ? (
          <span>
            {t('catalog.immediate')}
            <span className="yc-muted"> / {it.statutoryDays}</span>
          </span>
        ) : (
          t('catalog.days', { promised: it.promisedDays, statutory: it.statutoryDays })
        ),
    },
    { title: t('catalog.col.tags'), key: 'tags', width: 190, render: (_v, it) => <ItemTags t={t} item={it} /> },
  ];
}

function CatalogStatusBar() {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { catalog } = useServices();
  const state = useLiveQuery(() => catalog.state(), [catalog]);
  const sync = useAppSelector((s) => s.catalogSync);
  const syncing = sync.status === 'syncing';
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, fontSize: 13, whiteSpace: 'nowrap' }}>
      <Tag color={state?.version != null ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="catalog-version" data-version={state?.version ?? ''}>
        {state?.version != null ? t('catalog.version', { version: state.version }) : t('catalog.versionNone')}
      </Tag>
      <Tooltip title={state?.fetchedAt ? formatDateTime(state.fetchedAt, locale) : undefined}>
        <Typography.Text type="secondary" data-testid="catalog-fetched-at" data-time={state?.fetchedAt ?? ''}>
          {state?.fetchedAt
            ? t('catalog.fetchedAt', { time: t('common.withDetail', { text: formatDateTime(state.fetchedAt, locale), detail: relativeTime(t, state.fetchedAt) }) })
            : t('catalog.fetchedNever')}
        </Typography.Text>
      </Tooltip>
      <Button size="small" icon={<CloudSyncOutlined />} loading={syncing} onClick={() => void dispatch(runCatalogSync())} data-testid="catalog-refresh">
        {t('catalog.refresh')}
      </Button>
    </div>
  );
}

function errorText(t: TFunction, e: { kind: string; message: string; detail: string } | null): string {
  if (!e) return '';
  if (e.kind === 'other') return e.message;
  return t('common.withDetail', { text: t(`error.center.${e.kind}` as MessageKey), detail: e.detail });
}

/**
 * Items from elsewhere than the window's own cached catalog (a proxy target region's,
 * features/proxy): shown instead of the Dexie cache, without its version and sync bar.
 */
export interface CatalogSource {
  /** Undefined while loading. */
  items: CachedCatalogItem[] | undefined;
  /** Shown when there are no items. */
  emptyText: string;
  /** Shown where the cache's version and sync state would be. */
  status?: ReactNode;
}

/** Picker mode (intake step 1): `onPick` receives the chosen item (Enter on the highlighted row, or its button). */
export function CatalogBrowser({ onPick, source }: { onPick?: (item: CachedCatalogItem) => void; source?: CatalogSource } = {}) {
  const t = useT();
  const locale = useLocale();
  const { catalog } = useServices();
  const location = useLocation();
  const cachedRows = useLiveQuery(() => catalog.all(), [catalog]);
  const rows = source ? source.items : cachedRows;
  const cacheState = useLiveQuery(() => catalog.state(), [catalog]);
  const sync = useAppSelector((s) => s.catalogSync);

  const [query, setQuery] = useState('');
  const [dept, setDept] = useState<string | null>(null);
  const [itemType, setItemType] = useState<string | null>(null);
  // The highlighted row, remembered per search (a new search starts at the top).
  const [activeState, setActiveState] = useState({ key: '', index: 0 });
  const [open, setOpen] = useState<CachedCatalogItem | null>(null);
  const deferredQuery = useDeferredValue(query);
  const inputRef = useRef<InputRef>(null);
  const tableRef = useRef<{ scrollTo: (c: { index: number }) => void } | null>(null);
  const [boxRef, boxHeight] = useElementHeight<HTMLDivElement>();

  // Focus the search on arrival and when a shortcut asks for it.
  const focusToken = (location.state as FocusSearchState | null)?.focusSearch;
  useEffect(() => {
    inputRef.current?.focus({ cursor: 'all' });
  }, [focusToken]);
  // Input.Search puts data-* on its wrapper; the test hook belongs on the <input> itself.
  useEffect(() => {
    inputRef.current?.input?.setAttribute('data-testid', 'catalog-search');
  }, []);

  const departments = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rows ?? []) m.set(r.department.code, r.department.name);
    return [...m].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [rows]);
  const itemTypes = useMemo(() => {
    const s = new Set((rows ?? []).map((r) => r.itemType));
    return [...s].sort().map((v) => ({ value: v, label: itemTypeLabel(t, v) }));
  }, [rows, t]);

  const hits = useMemo(() => {
    const filtered = (rows ?? []).filter((r) => (!dept || r.department.code === dept) && (!itemType || r.itemType === itemType));
    if (!deferredQuery.trim()) return filtered; // already in name order
    return searchCatalog(filtered, deferredQuery).map((h) => h.item);
  }, [rows, deferredQuery, dept, itemType]);

  const searchKey = `${deferredQuery}\u0000${dept ?? ''}\u0000${itemType ?? ''}`;
  const active = activeState.key === searchKey ? activeState.index : 0;
  const setActive = (index: number) => setActiveState({ key: searchKey, index });

  const move = (delta: number) => {
    if (hits.length === 0) return;
    const next = Math.max(0, Math.min(hits.length - 1, active + delta));
    setActive(next);
    tableRef.current?.scrollTo({ index: next });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return; // IME candidate selection
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'PageDown') {
      e.preventDefault();
      move(10);
    } else if (e.key === 'PageUp') {
      e.preventDefault();
      move(-10);
    } else if (e.key === 'Enter') {
      // Enter right after typing can come before the deferred search caught up: use the query as typed.
      let it = hits[active];
      if (query !== deferredQuery) {
        const filtered = (rows ?? []).filter((r) => (!dept || r.department.code === dept) && (!itemType || r.itemType === itemType));
        it = query.trim() ? searchCatalog(filtered, query)[0]?.item : filtered[0];
      }
      if (it) {
        if (onPick) onPick(it);
        else setOpen(it);
      }
    }
  };

  const cols = useMemo(() => {
    const base = columns(t);
    if (!onPick) return base;
    const pick: TableColumnsType<CachedCatalogItem>[number] = {
      key: 'pick',
      width: 96,
      fixed: 'right',
      render: (_v, it) => (
        <Button
          size="small"
          type="primary"
          data-testid="catalog-pick"
          onClick={(e) => {
            e.stopPropagation();
            onPick(it);
          }}
        >
          {t('intake.pick')}
        </Button>
      ),
    };
    return [...base, pick];
  }, [t, onPick]);
  const hasRows = (rows?.length ?? 0) > 0;
  const syncing = sync.status === 'syncing';
  const fetchedAt = cacheState?.fetchedAt;

  let body;
  if (rows === undefined) {
    body = <Spin tip={t('catalog.loadingDb')} size="large" style={{ marginTop: 80 }}><div /></Spin>;
  } else if (!hasRows) {
    body = syncing && !source ? (
      <div style={{ textAlign: 'center', paddingTop: 80 }} data-testid="catalog-loading">
        <Spin size="large" />
        <div style={{ marginTop: 16, color: '#6b7280' }}>{t('catalog.syncing')}</div>
      </div>
    ) : (
      <Empty style={{ marginTop: 80 }} description={source ? source.emptyText : t('catalog.emptyNever')} />
    );
  } else {
    body = (
      <Table<CachedCatalogItem>
        ref={tableRef as never}
        virtual
        size="small"
        rowKey="implementationCode"
        columns={cols}
        dataSource={hits}
        pagination={false}
        scroll={{ x: onPick ? 1242 : 1146, y: Math.max(120, boxHeight - TABLE_HEADER_PX) }}
        rowClassName={(_r, i) => (i === active ? 'yc-row-active' : '')}
        onRow={(r, i) =>
          ({
            'data-testid': 'catalog-item',
            'data-code': r.implementationCode,
            onClick: () => {
              setActive(i ?? 0);
              setOpen(r);
            },
            style: { cursor: 'pointer' },
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.emptySearch', { query: deferredQuery })} /> }}
      />
    );
  }

  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 10 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
        <Input.Search
          ref={inputRef}
          data-testid="catalog-search-box"
          aria-label={t('catalog.searchPlaceholder')}
          aria-keyshortcuts="/ Control+K"
          placeholder={t('catalog.searchPlaceholder')}
          allowClear
          enterButton={<SearchOutlined />}
          size="large"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          style={{ flex: '1 1 420px', maxWidth: 640 }}
          autoComplete="off"
          spellCheck={false}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalog.filterDept')}
          options={departments}
          value={dept}
          onChange={(v) => setDept(v ?? null)}
          style={{ width: 220 }}
          size="large"
          data-testid="catalog-filter-dept"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterType')}
          options={itemTypes}
          value={itemType}
          onChange={(v) => setItemType(v ?? null)}
          style={{ width: 150 }}
          size="large"
          data-testid="catalog-filter-type"
        />
      </div>

      {sync.status === 'error' && !source && (
        <Alert
          type={hasRows ? 'warning' : 'error'}
          showIcon
          data-testid="catalog-sync-error"
          title={
            hasRows
              ? t('catalog.syncFailedCached', {
                  time: fetchedAt ? t('common.withDetail', { text: formatDateTime(fetchedAt, locale), detail: relativeTime(t, fetchedAt) }) : '—',
                  error: errorText(t, sync.error),
                })
              : t('catalog.syncFailedEmpty', { error: errorText(t, sync.error) })
          }
        />
      )}

      <div style={{ display: 'flex', alignItems: 'center', gap: 12, fontSize: 13, color: '#6b7280', minHeight: 28 }}>
        <span data-testid="catalog-count" data-count={hits.length}>
          {deferredQuery.trim() || dept || itemType ? t('catalog.matched', { count: hits.length }) : t('catalog.count', { count: hits.length })}
        </span>
        {syncing && hasRows && !source && (
          <span>
            <Spin size="small" style={{ marginInlineEnd: 6 }} />
            {t('catalog.syncing')}
          </span>
        )}
        <div style={{ flex: 1 }} />
        {source ? source.status : <CatalogStatusBar />}
      </div>

      <div
        ref={boxRef}
        data-testid="catalog-list"
        style={{ flex: 1, minHeight: 160, background: '#fff', border: '1px solid #e5e8ef', borderRadius: 6, overflow: 'hidden' }}
      >
        {body}
      </div>

      <ServiceGuideDrawer item={open} onClose={() => setOpen(null)} />
    </div>
  );
}
