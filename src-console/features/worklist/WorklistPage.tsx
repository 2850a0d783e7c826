/**
 * The department's worklist: its review steps with deadline warnings. Filters and search
 * live in the address, so going back from a case returns to the same list.
 * Keyboard: "/" search, ↑/↓ move, Enter open.
 */
import { ReloadOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Table, Tag, Tooltip, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { WorklistEntry } from '../../../src-shared/protocol/console';
import { describeError } from '../../app/errors';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { useApi } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { DaysLeft, StepStatusTag, CaseStatusTag } from '../labels';
import {
  FILTERS,
  PAGE_SIZE,
  SearchDebounce,
  activeRowIndex,
  isJoint,
  moveIndex,
  paramsFromSearch,
  queryFor,
  searchFromParams,
  worklistKey,
  type WorklistParams,
} from './worklistModel';

export function WorklistPage() {
  const t = useT();
  const locale = useLocale();
  const api = useApi();
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const params = paramsFromSearch(search);
  const [typed, setTyped] = useState({ q: params.q, base: params.q });
  const searchRef = useRef<InputRef>(null);
  const query = queryFor(params);
  const key = JSON.stringify(query);
  const list = useLoad(key, () => api.worklist(query));
  const rows = useMemo(() => list.data?.entries ?? [], [list.data]);
  const [active, setActive] = useState({ key: '', index: -1 });
  // Only a row of the answer to the current query: never one of the previous answer still shown while a new search loads.
  const activeIndex = activeRowIndex(active, key, list.dataKey, rows.length);

  // The search box follows the address when it changes from outside (back button).
  const shownQ = typed.base === params.q ? typed.q : params.q;

  const update = useCallback(
    (p: Partial<WorklistParams>) => {
      const next = { ...paramsFromSearch(search), page: 1, ...p };
      setSearch(searchFromParams(next), { replace: true });
    },
    [search, setSearch],
  );

  const commitSearch = useCallback(
    (q: string) => {
      update({ q });
      setTyped({ q, base: q.trim().slice(0, 64) });
    },
    [update, setTyped],
  );

  // Search as the reviewer types, after a short pause; opening a case drops a pending search (SearchDebounce).
  const [debounce] = useState(() => new SearchDebounce());
  useEffect(() => {
    if (shownQ.trim() === params.q.trim()) return;
    debounce.schedule(shownQ, commitSearch);
    return () => debounce.cancel();
  }, [shownQ, params.q, commitSearch, debounce]);
  // Still (or again) on the list at a new address: the case did not open, searching works again.
  useEffect(() => debounce.resume(), [location, debounce]);

  // A row click or Enter wins over a search still waiting for its pause.
  const open = useCallback(
    (e: WorklistEntry) => {
      debounce.leave();
      navigate(`/cases/${encodeURIComponent(e.caseId)}`, { state: { from: search.toString() } });
    },
    [debounce, navigate, search],
  );

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      const inSearch = ev.target === searchRef.current?.input;
      const k = worklistKey(ev, inSearch);
      if (!k) return;
      if (k === 'focus-search') {
        ev.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
        return;
      }
      // Typed but not yet searched: search now; ↓ then lands on the first result.
      if (inSearch && shownQ.trim() !== params.q.trim()) {
        ev.preventDefault();
        debounce.now(shownQ, commitSearch);
        if (k === 'down') setActive({ key: JSON.stringify(queryFor({ ...params, q: shownQ.trim().slice(0, 64), page: 1 })), index: 0 });
        return;
      }
      if (k === 'open') {
        const entry = rows[activeIndex];
        if (entry) {
          ev.preventDefault();
          open(entry);
        } else if (inSearch) debounce.now(shownQ, commitSearch);
        return;
      }
      ev.preventDefault();
      const index = moveIndex(activeIndex, k === 'down' ? 1 : -1, rows.length);
      setActive({ key, index });
      requestAnimationFrame(() => document.querySelector(`[data-row-index="${index}"]`)?.scrollIntoView({ block: 'nearest' }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, activeIndex, key, open, debounce, commitSearch, shownQ, params]);

  const columns: TableColumnsType<WorklistEntry> = [
    {
      title: t('worklist.col.caseNumber'),
      dataIndex: 'caseNumber',
      width: 230,
      render: (v: string, e) => (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <span className="ycc-code" data-testid="worklist-case-number">
            {v}
          </span>
          {isJoint(e) && (
            <Tooltip title={t('worklist.jointTip', { n: e.departments })}>
              <Tag color="geekblue" icon={<TeamOutlined />} style={{ marginInlineEnd: 0 }} data-testid="worklist-joint">
                {t('worklist.joint', { n: e.departments })}
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    { title: t('worklist.col.item'), dataIndex: 'itemName', ellipsis: true },
    { title: t('worklist.col.applicant'), dataIndex: 'applicantName', width: 160, ellipsis: true },
    { title: t('worklist.col.acceptedAt'), dataIndex: 'acceptedAt', width: 150, render: (v: string) => formatDateTime(v, locale) },
    { title: t('worklist.col.step'), dataIndex: 'stepStatus', width: 110, render: (_: unknown, e) => <StepStatusTag status={e.stepStatus} /> },
    { title: t('worklist.col.case'), dataIndex: 'caseStatus', width: 110, render: (_: unknown, e) => <CaseStatusTag status={e.caseStatus} /> },
    { title: t('worklist.col.due'), dataIndex: 'stepDueDate', width: 110, render: (v: string | null) => v ?? <span className="ycc-muted">—</span> },
    { title: t('worklist.col.daysLeft'), key: 'daysLeft', width: 150, render: (_: unknown, e) => <DaysLeft entry={e} /> },
  ];

  const filterLabel = { open: t('worklist.filter.open'), done: t('worklist.filter.done'), all: t('worklist.filter.all') } as const;

  return (
    <div style={{ padding: '14px 20px 16px', display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="worklist-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0, fontWeight: 600, letterSpacing: 1 }}>
          {t('worklist.title')}
        </Typography.Title>
        <Segmented
          data-testid="worklist-filter"
          value={params.status}
          options={FILTERS.map((f) => ({ value: f, label: filterLabel[f] }))}
          onChange={(v) => update({ status: v })}
        />
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('worklist.search')}
          aria-label={t('worklist.search')}
          aria-keyshortcuts="/"
          data-testid="worklist-search"
          style={{ width: 340 }}
          maxLength={64}
          value={shownQ}
          onChange={(e) => {
            setTyped({ q: e.target.value, base: params.q });
            // Enter in the box searches what was typed: no row stays highlighted as if Enter would open it.
            setActive({ key: '', index: -1 });
          }}
        />
        <div style={{ flex: 1 }} />
        {list.data && (
          <span className="ycc-muted" data-testid="worklist-total">
            {t('worklist.total', { n: list.data.total })}
          </span>
        )}
        <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading && !!list.data}>
          {t('common.refresh')}
        </Button>
      </div>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={t('worklist.loadFailed')} description={describeError(t, list.error)} data-testid="worklist-error" />
      )}
      <Table<WorklistEntry>
        size="small"
        rowKey="stepId"
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        data-testid="worklist-table"
        locale={{ emptyText: params.status === 'open' && !params.q ? t('worklist.empty.open') : t('worklist.empty.other') }}
        rowClassName={(_, i) => (i === activeIndex ? 'ycc-row ycc-row-active' : 'ycc-row')}
        onRow={(e, i) =>
          ({
            onClick: () => open(e),
            'data-row-index': i,
            'data-testid': 'worklist-row',
            'data-case-number': e.caseNumber,
            'data-warning': e.warning,
            'aria-selected': i === activeIndex,
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: params.page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (page) => update({ page }) }
            : false
        }
      />
    </div>
  );
}
