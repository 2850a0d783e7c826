/**
 * 出件: results the province issued for this window's cases (or sent here for collection),
 * by pull. Tabs: to print (including those still downloading), printed, collected,
 * revoked, all; search by case number, applicant or verification code. Each result opens
 * in a drawer (?result=<id>; ?case=<caseId> opens the case's latest result) to verify,
 * preview, print and hand over.
 *
 * Keyboard: `/` focuses the search, ↑ ↓ choose a row, Enter opens it, Esc closes it.
 */
import { CloudDownloadOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Input, Segmented, Table, Tag, Typography, type InputRef } from 'antd';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { formatDateTime, useLocale, useT, type MessageKey } from '../../app/i18n';
import { EmptySection, Page } from '../../app/Page';
import { useListKeys } from '../../app/useListKeys';
import { countByFilter, matchesFilter, matchesQuery, RESULT_FILTERS, sortEntries, type ResultEntry, type ResultFilter } from './resultsModel';
import { ResultDrawer } from './ResultDetail';
import { StageTag } from './StageTag';
import { useResultEntries, useResultsDownload } from './useResults';


export function ResultsPage() {
  const t = useT();
  const locale = useLocale();
  const entries = useResultEntries();
  const download = useResultsDownload(entries);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: ResultFilter = (RESULT_FILTERS as readonly string[]).includes(tabParam ?? '') ? (tabParam as ResultFilter) : 'todo';
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [active, setActive] = useState(0);
  const inputRef = useRef<InputRef>(null);

  const all = useMemo(() => sortEntries(entries ?? []), [entries]);
  const counts = useMemo(() => countByFilter(all), [all]);
  const rows = useMemo(() => all.filter((e) => matchesFilter(e, tab) && matchesQuery(e, deferred)), [all, tab, deferred]);
  const activeRow = Math.max(0, Math.min(active, rows.length - 1));

  const openResult = params.get('result');
  const openCase = params.get('case');
  const opened: ResultEntry | null | undefined = useMemo(() => {
    if (!openResult && !openCase) return null;
    if (!entries) return undefined;
    if (openResult) return all.find((e) => e.info.resultId === openResult) ?? null;
    return [...all].filter((e) => e.info.caseId === openCase).sort((a, b) => b.info.issuedAt.localeCompare(a.info.issuedAt))[0] ?? null;
  }, [entries, all, openResult, openCase]);
  const isOpen = !!(openResult || openCase);

  const setParam = (key: string, value: string | null, replace = false) => {
    const p = new URLSearchParams(params);
    if (value === null) p.delete(key);
    else p.set(key, value);
    if (key === 'result') p.delete('case');
    setParams(p, { replace });
  };
  const close = () => {
    const p = new URLSearchParams(params);
    p.delete('result');
    p.delete('case');
    setParams(p, { replace: true });
  };

  const listKey = (e: { key: string; preventDefault(): void }): boolean => {
    switch (e.key) {
      case '/':
        e.preventDefault();
        inputRef.current?.focus({ cursor: 'all' });
        return true;
      case 'ArrowDown':
        e.preventDefault();
        setActive(Math.min(rows.length - 1, activeRow + 1));
        return true;
      case 'ArrowUp':
        e.preventDefault();
        setActive(Math.max(0, activeRow - 1));
        return true;
      case 'Enter': {
        const row = rows[activeRow];
        if (row) {
          e.preventDefault();
          setParam('result', row.info.resultId);
        }
        return true;
      }
    }
    return false;
  };
  useListKeys(listKey, isOpen);

  // The search box appears once there is a result (the empty page has none).
  const empty = entries !== undefined && all.length === 0;
  useEffect(() => {
    if (empty) return;
    inputRef.current?.input?.setAttribute('data-testid', 'results-search');
    inputRef.current?.focus();
  }, [empty]);

  const activeId = rows[activeRow]?.info.resultId;
  useEffect(() => {
    if (activeId) document.querySelector(`[data-result-row="${activeId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const onSearchKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    // Nothing searched here holds a '/': in the box it selects what is there, as elsewhere.
    if (e.key === '/') {
      e.preventDefault();
      inputRef.current?.focus({ cursor: 'all' });
      return;
    }
    if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
      return;
    }
    listKey(e);
  };

  const failed = download.report?.failed ?? [];
  const downloadButton = (
    <Button icon={<CloudDownloadOutlined />} loading={download.busy} onClick={download.run} data-testid="results-download">
      {t('results.download')}
    </Button>
  );

  if (empty)
    return (
      <Page title={t('results.title')} extra={downloadButton}>
        <EmptySection testId="results-empty" icon={<PrinterOutlined />} title={t('results.emptyTitle')} body={t('results.emptyBody')} />
      </Page>
    );

  return (
    <Page title={t('results.title')} extra={downloadButton} fill>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', marginBottom: 10 }}>
        <Segmented<ResultFilter>
          data-testid="results-tabs"
          value={tab}
          onChange={(v) => {
            setActive(0);
            setParam('tab', v, true);
          }}
          options={RESULT_FILTERS.map((f) => ({
            value: f,
            label: (
              <span data-testid={`results-tab-${f}`} data-count={counts[f]} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '0 4px' }}>
                {t(`results.tab.${f}` as MessageKey)}
                <Badge count={counts[f]} overflowCount={9999} showZero color={f === tab ? '#1f5fbf' : '#c0c7d2'} style={{ boxShadow: 'none' }} />
              </span>
            ),
          }))}
        />
        <Input
          ref={inputRef}
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('results.searchPlaceholder')}
          aria-label={t('results.searchPlaceholder')}
          value={query}
          onChange={(e) => {
            setActive(0);
            setQuery(e.target.value);
          }}
          onKeyDown={onSearchKey}
          style={{ width: 360 }}
        />
      </div>
      {failed.length > 0 && (
        <Alert
          style={{ marginBottom: 10 }}
          type="warning"
          showIcon
          data-testid="results-download-failed"
          title={t('results.downloadFailed', { n: failed.length })}
          description={failed.map((f) => `${f.caseNumber || f.resultId}: ${f.message}`).join('；')}
        />
      )}
      <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <Table<ResultEntry>
          size="middle"
          rowKey={(e) => e.info.resultId}
          loading={entries === undefined}
          dataSource={rows}
          pagination={false}
          data-testid="results-list"
          locale={{ emptyText: <Typography.Text type="secondary">{t('results.noMatch')}</Typography.Text> }}
          onRow={(e, i) =>
            ({
              'data-testid': 'result-row',
              'data-result-row': e.info.resultId,
              'data-result-id': e.info.resultId,
              'data-case-id': e.info.caseId,
              'data-stage': e.stage,
              'aria-selected': i === activeRow,
              style: { cursor: 'pointer', background: i === activeRow ? '#e8f0fc' : undefined },
              onClick: () => {
                setActive(i ?? 0);
                setParam('result', e.info.resultId);
              },
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('results.col.caseNumber'), width: 250, render: (_v, e) => <span className="yc-code">{e.info.caseNumber}</span> },
            {
              title: t('results.col.title'),
              render: (_v, e) => (
                <div>
                  <div>{e.info.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`results.kind.${e.info.resultKind}` as MessageKey)} · {e.info.verificationCode}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('results.col.applicant'),
              width: 140,
              render: (_v, e) =>
                e.kase ? (
                  e.kase.applicant.name
                ) : (
                  <Tag color="gold" data-testid="result-row-elsewhere" style={{ marginInlineEnd: 0 }}>
                    {t('results.elsewhere.tag')}
                  </Tag>
                ),
            },
            { title: t('results.col.issuedAt'), width: 150, render: (_v, e) => formatDateTime(e.info.issuedAt, locale) },
            { title: t('results.col.prints'), width: 80, align: 'center', render: (_v, e) => e.history.prints.length },
            { title: t('results.col.stage'), width: 110, render: (_v, e) => <StageTag t={t} stage={e.stage} /> },
          ]}
        />
      </div>
      <ResultDrawer entry={opened} open={isOpen} onClose={close} />
    </Page>
  );
}
