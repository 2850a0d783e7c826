/**
 * 办件: the cases taken in at this window. Tabs for today's, open and all cases; instant
 * prefix search by case number, applicant name or document number; status and warning
 * filters; a countdown in working days coloured by the warning rules (rule 8); the upload
 * state of each case. Pages are read from Dexie indexes, live: a case saved by the intake
 * appears without a reload. The detail opens in a drawer (?case=<id>).
 *
 * Keyboard: `/` focuses the search, ↑ ↓ choose a row, Enter opens it, PageUp / PageDown
 * turn pages, Esc closes the detail.
 */
import { FolderOpenOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Empty, Input, Segmented, Select, Table, Tooltip, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { WorkingCalendar } from '../../../src-shared/domain/calendar';
import type { CaseStatus } from '../../../src-shared/domain/case';
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from '../../../src-shared/domain/deadlines';
import { CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import { formatDateTime, useLocale, useT, type TFunction } from '../../app/i18n';
import { EmptySection, Page } from '../../app/Page';
import { useListKeys } from '../../app/useListKeys';
import { useServices } from '../../app/services';
import { useElementHeight } from '../../app/useElementHeight';
import { useWorkingCalendar } from '../../app/useWorkingCalendar';
import type { CaseRow } from '../../db/casesSchema';
import type { CenterCaseRow } from '../../sync/centerCases';
import { syncStateDb } from '../sync/runtime';
import { CASES_TABS, FILTER_STATUSES, isOpen, listCases, OPEN_STATUSES, SEARCH_LIMIT, syncStates, type CaseListContext, type CaseListPage, type CasesTab, type SyncState } from './caseList';
import { CaseDetailDrawer } from './CaseDetail';
import { centerLookup, centersOf } from './centerLookup';
import { COUNTDOWN_LEVELS, CountdownCache, type Countdown, type CountdownLevel } from './countdown';
import { CenterStatusTag, centerStatusLabel, CountdownTag, LEVEL_STYLE, StatusTag, SyncTag, thresholdsText, warningLabel, statusLabel } from './labels';
import { applicantIdForList } from './masking';
import { useToday } from './useToday';
import { ProxyTag } from '../proxy/ProxyTag';

export const PAGE_SIZE = 50;

const TABLE_HEADER_PX = 40;
const PAGER_PX = 56;

export interface CasesPageProps {
  /**
   * Yellow-warning thresholds (rule 8). Provinces configure them; the center's value is
   * passed here once it sends one, DEFAULT_WARNING_THRESHOLDS until then. Pass a stable
   * object: countdowns are memoised per thresholds object.
   */
  thresholds?: WarningThresholds;
  /** Working-day calendar; by default the bundled years plus those the center published. */
  calendar?: WorkingCalendar;
}

interface ListResult extends CaseListPage {
  sync: Map<string, SyncState>;
  /** The center's view of the listed cases. */
  centers: Map<string, CenterCaseRow>;
}

const NO_CENTERS: ReadonlyMap<string, CenterCaseRow> = new Map();

function columns(
  t: TFunction,
  locale: 'zh-CN' | 'en',
  countdownOf: (r: CaseRow) => Countdown,
  sync: Map<string, SyncState> | undefined,
  centers: ReadonlyMap<string, CenterCaseRow>,
): TableColumnsType<CaseRow> {
  return [
    {
      title: t('cases.col.caseNumber'),
      key: 'caseNumber',
      width: 236,
      render: (_v, r) => <span className="yc-code" style={{ fontSize: 12.5, color: '#1f2937' }}>{r.caseNumber}</span>,
    },
    {
      title: t('cases.col.item'),
      key: 'item',
      render: (_v, r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div className="yc-item-name" title={r.item.name}>
            {r.item.name}
          </div>
          <div className="yc-muted yc-ellipsis" style={{ fontSize: 12 }} title={r.item.department.name}>
            <ProxyTag windowRegionCode={r.windowRegionCode} regionCode={r.item.regionCode} regionName={r.item.regionName} style={{ marginInlineEnd: 6, fontSize: 11, lineHeight: '16px' }} />
            {r.item.department.name}
          </div>
        </div>
      ),
    },
    {
      title: t('cases.col.applicant'),
      key: 'applicant',
      width: 200,
      render: (_v, r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div className="yc-ellipsis" title={r.applicant.name}>
            {r.applicant.name}
          </div>
          <div className="yc-code yc-muted" data-testid="case-applicant-id">
            {applicantIdForList(r.applicant)}
          </div>
        </div>
      ),
    },
    { title: t('cases.col.status'), key: 'status', width: 128, render: (_v, r) => <StatusTag t={t} status={r.status} center={centers.get(r.id)?.status} /> },
    { title: t('cases.col.center'), key: 'center', width: 104, render: (_v, r) => <CenterStatusTag t={t} status={centers.get(r.id)?.status} /> },
    {
      title: t('cases.col.receivedAt'),
      key: 'receivedAt',
      width: 150,
      render: (_v, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.receivedAt, locale)}</span>,
    },
    {
      title: t('cases.col.due'),
      key: 'due',
      width: 250,
      render: (_v, r) => {
        const cd = countdownOf(r);
        return (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0, alignItems: 'flex-start' }}>
            <CountdownTag t={t} countdown={cd} compact />
            {cd.kind === 'running' && cd.dueDate && (
              <span className="yc-muted" style={{ fontSize: 12 }}>
                {t('cases.countdown.dueOn', { date: cd.dueDate })}
              </span>
            )}
          </div>
        );
      },
    },
    { title: t('cases.col.sync'), key: 'sync', width: 96, render: (_v, r) => <SyncTag t={t} state={sync?.get(r.id)} /> },
  ];
}

export function CasesPage({ thresholds = DEFAULT_WARNING_THRESHOLDS, calendar: calendarProp }: CasesPageProps = {}) {
  const t = useT();
  const centerCalendar = useWorkingCalendar();
  const calendar = calendarProp ?? centerCalendar;
  const locale = useLocale();
  const navigate = useNavigate();
  const { db, cases } = useServices();
  const syncDb = syncStateDb();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: CasesTab = (CASES_TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as CasesTab) : 'today';
  const openId = params.get('case');

  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [status, setStatus] = useState<CaseStatus | null>(null);
  const [warning, setWarning] = useState<CountdownLevel | null>(null);
  const [center, setCenter] = useState<CenterCaseStatus | null>(null);
  const filterKey = `${tab}\u0000${deferredQuery.trim().toLowerCase()}\u0000${status ?? ''}\u0000${warning ?? ''}\u0000${center ?? ''}`;
  const [pageState, setPageState] = useState({ key: '', page: 1, active: 0 });
  const page = pageState.key === filterKey ? pageState.page : 1;
  const active = pageState.key === filterKey ? pageState.active : 0;

  const inputRef = useRef<InputRef>(null);
  const [boxRef, boxHeight] = useElementHeight<HTMLDivElement>();

  // The center's view of the open cases (their clocks and whether they are still open), live.
  const openCenters = useLiveQuery(async () => centersOf(syncDb, (await cases.open()).map((r) => r.id)), [syncDb, cases]) ?? NO_CENTERS;
  const cache = useMemo(() => new CountdownCache(today, { calendar, thresholds, centers: openCenters }), [today, calendar, thresholds, openCenters]);
  const ctx: CaseListContext = useMemo(() => ({ today, levelOf: (r) => cache.level(r), center: centerLookup(syncDb, openCenters) }), [today, cache, syncDb, openCenters]);

  // The page of the list, live.
  const offset = (page - 1) * PAGE_SIZE;
  const live = useLiveQuery(async (): Promise<ListResult> => {
    const f = { tab, query: deferredQuery, status, warning, center };
    const p = await listCases(db, cases, f, ctx, offset, PAGE_SIZE);
    const ids = p.rows.map((r) => r.id);
    const [sync, centers] = await Promise.all([syncStates(db, ids), centersOf(syncDb, ids)]);
    return { ...p, sync, centers };
  }, [db, cases, syncDb, tab, deferredQuery, status, warning, center, ctx, offset]);
  // Keep showing the previous page while the next one loads (no flicker while typing).
  const [kept, setKept] = useState<ListResult | undefined>(undefined);
  if (live !== undefined && live !== kept) setKept(live);
  const result = live ?? kept;
  const rows = useMemo(() => result?.rows ?? [], [result]);

  // Tab counts and the warnings among open cases, live.
  const counts = useLiveQuery(
    async () => {
      const [todayCount, openRows, all] = await Promise.all([
        db.cases.where('receivedDate').equals(today).count(),
        cases.open(),
        db.cases.count(),
      ]);
      const tally: Record<CountdownLevel, number> = { normal: 0, yellow: 0, red: 0, pending: 0 };
      const stillOpen = openRows.filter((r) => isOpen(r, ctx.center));
      for (const r of stillOpen) tally[cache.level(r)]++;
      return { today: todayCount, open: stillOpen.length, all, tally };
    },
    [db, cases, today, cache, ctx],
  );

  const setTab = (next: CasesTab) => {
    const p = new URLSearchParams(params);
    p.set('tab', next);
    setParams(p, { replace: true });
  };
  const openCase = useCallback(
    (id: string) => {
      const p = new URLSearchParams(params);
      p.set('case', id);
      setParams(p);
    },
    [params, setParams],
  );
  const closeCase = () => {
    const p = new URLSearchParams(params);
    p.delete('case');
    setParams(p, { replace: true });
  };

  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const setPage = (n: number, act = 0) => setPageState({ key: filterKey, page: Math.max(1, Math.min(pages, n)), active: act });
  const setActive = (n: number) => setPageState({ key: filterKey, page, active: Math.max(0, Math.min(rows.length - 1, n)) });

  const listKey = (e: { key: string; preventDefault(): void }): boolean => {
    switch (e.key) {
      case '/':
        e.preventDefault();
        if (openId) {
          // Close the detail; once it re-renders closed its focus trap lets go.
          closeCase();
          window.setTimeout(() => inputRef.current?.focus({ cursor: 'all' }), 0);
        } else inputRef.current?.focus({ cursor: 'all' });
        return true;
      case 'ArrowDown':
        e.preventDefault();
        if (active >= rows.length - 1 && page < pages) setPage(page + 1, 0);
        else setActive(active + 1);
        return true;
      case 'ArrowUp':
        e.preventDefault();
        if (active <= 0 && page > 1) setPage(page - 1, PAGE_SIZE - 1);
        else setActive(active - 1);
        return true;
      case 'PageDown':
        e.preventDefault();
        setPage(page + 1);
        return true;
      case 'PageUp':
        e.preventDefault();
        setPage(page - 1);
        return true;
      case 'Enter': {
        const row = rows[active];
        if (row) {
          e.preventDefault();
          openCase(row.id);
        }
        return true;
      }
    }
    return false;
  };
  useListKeys(listKey, !!openId);

  // Keep the highlighted row in view.
  const activeId = rows[active]?.id;
  useEffect(() => {
    if (!activeId) return;
    document.querySelector(`[data-case-id="${activeId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  useEffect(() => {
    inputRef.current?.input?.setAttribute('data-testid', 'cases-search');
    inputRef.current?.focus();
  }, []);

  const onSearchKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || e.key === '/') return;
    if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
      return;
    }
    listKey(e);
  };

  const countdownOf = useCallback((r: CaseRow) => cache.get(r), [cache]);
  const cols = useMemo(() => columns(t, locale, countdownOf, result?.sync, result?.centers ?? NO_CENTERS), [t, locale, countdownOf, result?.sync, result?.centers]);

  const filtered = !!(query.trim() || status || warning || center);
  const hasAnyCase = (counts?.all ?? 1) > 0;

  const tabLabel = (key: CasesTab, n: number | undefined) => (
    <span data-testid={`cases-tab-${key}`} data-count={n ?? ''} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '0 4px' }}>
      {t(`cases.tab.${key}`)}
      {n !== undefined && <Badge count={n} overflowCount={99999} showZero color={key === tab ? '#1f5fbf' : '#c0c7d2'} style={{ boxShadow: 'none' }} />}
    </span>
  );

  const warnChip = (level: 'red' | 'yellow' | 'pending') => {
    const n = counts?.tally[level] ?? 0;
    if (!n) return null;
    const s = LEVEL_STYLE[level];
    const on = warning === level;
    return (
      <button
        key={level}
        type="button"
        data-testid={`cases-warn-${level}`}
        onClick={() => setWarning(on ? null : level)}
        style={{
          cursor: 'pointer',
          border: `1px solid ${s.border}`,
          background: on ? s.border : s.bg,
          color: s.color,
          borderRadius: 12,
          padding: '1px 10px',
          fontSize: 12.5,
          fontWeight: 600,
        }}
      >
        {warningLabel(t, level)} {n}
      </button>
    );
  };

  return (
    <Page
      title={t('cases.title')}
      fill
      extra={
        <Tooltip title={thresholdsText(t, thresholds)}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('cases.keys')}
          </Typography.Text>
        </Tooltip>
      }
    >
      <div data-testid="cases-page" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 10 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
          <Segmented<CasesTab>
            size="large"
            value={tab}
            onChange={setTab}
            options={[
              { value: 'today', label: tabLabel('today', counts?.today) },
              { value: 'open', label: tabLabel('open', counts?.open) },
              { value: 'all', label: tabLabel('all', counts?.all) },
            ]}
          />
          <Input
            ref={inputRef}
            aria-label={t('cases.searchLabel')}
            aria-keyshortcuts="/"
            placeholder={t('cases.searchPlaceholder')}
            prefix={<SearchOutlined style={{ color: '#9aa7bd' }} />}
            allowClear
            size="large"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            style={{ flex: '1 1 320px', maxWidth: 520 }}
            autoComplete="off"
            spellCheck={false}
          />
          <Select<CaseStatus>
            allowClear
            size="large"
            placeholder={t('cases.statusFilter')}
            value={status}
            onChange={(v) => setStatus(v ?? null)}
            style={{ width: 150 }}
            data-testid="cases-status-filter"
            options={FILTER_STATUSES.filter((s) => tab !== 'open' || OPEN_STATUSES.includes(s)).map((s) => ({ value: s, label: statusLabel(t, s) }))}
          />
          <Select<CountdownLevel>
            allowClear
            size="large"
            placeholder={t('cases.warningFilter')}
            value={warning}
            onChange={(v) => setWarning(v ?? null)}
            style={{ width: 150 }}
            data-testid="cases-warning-filter"
            options={COUNTDOWN_LEVELS.map((l) => ({
              value: l,
              label: (
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                  <span style={{ width: 8, height: 8, borderRadius: '50%', background: LEVEL_STYLE[l].border }} />
                  {warningLabel(t, l)}
                </span>
              ),
            }))}
          />
          <Select<CenterCaseStatus>
            allowClear
            size="large"
            placeholder={t('cases.centerFilter')}
            value={center}
            onChange={(v) => setCenter(v ?? null)}
            style={{ width: 150 }}
            data-testid="cases-center-filter"
            options={CenterCaseStatus.options.map((s) => ({ value: s, label: centerStatusLabel(t, s) }))}
          />
        </div>

        <div style={{ display: 'flex', alignItems: 'center', gap: 10, fontSize: 13, color: '#6b7280', minHeight: 26, flexWrap: 'wrap' }}>
          <span data-testid="cases-total" data-count={total}>
            {t('cases.total', { count: total })}
          </span>
          {filtered && (
            <Button
              size="small"
              type="link"
              onClick={() => {
                setQuery('');
                setStatus(null);
                setWarning(null);
                setCenter(null);
              }}
            >
              {t('cases.clearFilters')}
            </Button>
          )}
          <div style={{ flex: 1 }} />
          {warnChip('red')}
          {warnChip('yellow')}
          {warnChip('pending')}
        </div>

        {result?.truncated && <Alert type="info" showIcon data-testid="cases-truncated" title={t('cases.searchTruncated', { limit: SEARCH_LIMIT })} />}

        {/* The box is always there, so its height is measured before the first case arrives. */}
        <div
          ref={boxRef}
          data-testid="cases-list"
          style={hasAnyCase ? { flex: 1, minHeight: 200, background: '#fff', border: '1px solid #e5e8ef', borderRadius: 6, overflow: 'hidden' } : { flex: 1, minHeight: 200 }}
        >
          {!hasAnyCase ? (
            <EmptySection
              testId="cases-empty"
              icon={<FolderOpenOutlined />}
              title={t('cases.emptyTitle')}
              body={t('cases.emptyBody')}
              action={
                <Button type="primary" onClick={() => navigate('/intake')}>
                  {t('cases.goIntake')}
                </Button>
              }
            />
          ) : (
            <Table<CaseRow>
              size="small"
              rowKey="id"
              columns={cols}
              dataSource={rows}
              loading={result === undefined}
              tableLayout="fixed"
              scroll={{ x: 1310, y: Math.max(120, boxHeight - TABLE_HEADER_PX - PAGER_PX) }}
              rowClassName={(_r, i) => (i === active ? 'yc-row-active' : '')}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total,
                showSizeChanger: false,
                showQuickJumper: pages > 5,
                size: 'small',
                style: { margin: '12px 16px' },
                onChange: (n) => setPage(n),
              }}
              onRow={(r, i) =>
                ({
                  'data-testid': 'case-row',
                  'data-case-id': r.id,
                  'data-case-number': r.caseNumber,
                  'data-status': r.status,
                  'data-center-status': result?.centers.get(r.id)?.status ?? '',
                  'data-warning': cache.level(r),
                  'data-sync': result?.sync.get(r.id) ?? '',
                  onClick: () => {
                    setActive(i ?? 0);
                    openCase(r.id);
                  },
                  style: { cursor: 'pointer' },
                }) as React.HTMLAttributes<HTMLElement>
              }
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noMatch')} /> }}
            />
          )}
        </div>
      </div>
      <CaseDetailDrawer caseId={openId} onClose={closeCase} afterClose={() => {
          // Back to the search when the detail is gone (unless the clerk is already there).
          if (document.activeElement !== inputRef.current?.input) inputRef.current?.focus();
        }} cache={cache} />
    </Page>
  );
}
