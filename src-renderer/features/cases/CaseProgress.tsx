/**
 * The case's progress in the detail: one time line of the window's own events and the
 * provincial center's progress (routing, each department's step, supplement requests,
 * pauses, extensions, the outcome, results), and the center's outcome as a notice at the
 * top when it needs the clerk: a refusal with every reason, or a supplement request
 * listing every item (the one-time notice).
 */
import { BankOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime, type MessageKey, type TFunction } from '../../app/i18n';
import type { CenterCaseRow } from '../../sync/centerCases';
import { eventTypeLabel } from './caseDetailModel';
import type { ProgressEntry } from './caseProgressModel';

const progressLabel = (t: TFunction, type: string) => {
  const key = `cases.progress.${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
};

/** Who acted, when it means something to the clerk: not the center itself, not a reviewer's internal id. */
const shownActor = (actor: string) => !!actor && actor !== 'center' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actor);

function Reasons({ testId, items }: { testId: string; items: readonly string[] }) {
  return (
    <ol style={{ margin: '2px 0 0', paddingInlineStart: 20 }} data-testid={testId}>
      {items.map((r, i) => (
        <li key={i}>{r}</li>
      ))}
    </ol>
  );
}

function CenterEntry({ t, locale, entry }: { t: TFunction; locale: 'zh-CN' | 'en'; entry: Extract<ProgressEntry, { source: 'center' }> }) {
  const p = entry.progress;
  const reasons = p.reasons ?? [];
  const department = p.departmentName ?? p.departmentCode;
  let body: ReactNode;
  switch (p.type) {
    case 'step-refused':
    case 'refused':
      body = reasons.length ? (
        <Typography.Text type="danger">
          {t('cases.progress.refusalReasons')}
          <Reasons testId="case-progress-reasons" items={reasons} />
        </Typography.Text>
      ) : null;
      break;
    case 'supplement-requested':
      body = (
        <div style={{ background: '#fff8e1', border: '1px solid #f5c84c', borderRadius: 4, padding: '4px 10px', marginTop: 2 }} data-testid="case-progress-supplement">
          <strong>{t('cases.progress.supplementItems', { n: reasons.length })}</strong>
          <Reasons testId="case-progress-reasons" items={reasons} />
        </div>
      );
      break;
    case 'extended':
      body = (
        <div>
          {t('cases.progress.extendedBy', { n: p.extraDays ?? 0 })}
          {reasons.length ? <div>{t('cases.progress.reason', { reason: reasons.join('；') })}</div> : null}
        </div>
      );
      break;
    default:
      body = reasons.length ? <div>{t('cases.progress.reason', { reason: reasons.join('；') })}</div> : null;
  }
  return (
    <div data-testid="case-progress-entry" data-source="center" data-type={p.type} data-center-status={p.caseStatus} style={{ lineHeight: 1.5 }}>
      <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Tag icon={<BankOutlined />} color="geekblue" style={{ marginInlineEnd: 0 }}>
          {department ?? t('cases.progress.sourceCenter')}
        </Tag>
        <strong>{progressLabel(t, p.type)}</strong>
        <span>{formatDateTime(p.eventAt, locale, { seconds: true })}</span>
        {shownActor(p.actor) ? <span className="yc-muted">{t('cases.progress.actor', { actor: p.actor })}</span> : null}
      </div>
      {body}
      {entry.due ? (
        <div className="yc-muted" data-testid="case-progress-due" data-due={entry.due.date ?? ''}>
          {entry.due.date === null ? t('cases.progress.duePaused') : t(entry.due.first ? 'cases.progress.dueFirst' : 'cases.progress.dueChanged', { date: entry.due.date })}
        </div>
      ) : null}
    </div>
  );
}

function entryContent(t: TFunction, locale: 'zh-CN' | 'en', e: ProgressEntry, clerkName: (id: string) => string): ReactNode {
  if (e.source === 'window')
    return (
      <div data-testid="case-progress-entry" data-source="window" data-type={e.event.type} style={{ lineHeight: 1.5 }}>
        <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', flexWrap: 'wrap' }}>
          <Tag icon={<ShopOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('cases.progress.sourceWindow')}
          </Tag>
          <strong>{eventTypeLabel(t, e.event.type)}</strong>
          <span>{formatDateTime(e.event.at, locale, { seconds: true })}</span>
          <span className="yc-muted">{t('cases.detail.eventActor', { actor: clerkName(e.event.actor) })}</span>
        </div>
      </div>
    );
  if (e.source === 'center') return <CenterEntry t={t} locale={locale} entry={e} />;
  const r = e.result;
  return (
    <div data-testid="case-progress-entry" data-source="result" data-type={r.resultKind} data-result-id={r.resultId} style={{ lineHeight: 1.5 }}>
      <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Tag icon={<BankOutlined />} color="green" style={{ marginInlineEnd: 0 }}>
          {t('cases.progress.sourceCenter')}
        </Tag>
        <strong>{t('cases.progress.result', { title: r.title })}</strong>
        <span>{formatDateTime(r.issuedAt, locale, { seconds: true })}</span>
        {r.status === 'revoked' ? <Tag color="red">{t('cases.progress.resultRevoked')}</Tag> : null}
      </div>
      <div className="yc-code yc-muted" style={{ fontSize: 12 }}>
        {t('cases.progress.verification', { code: r.verificationCode })}
      </div>
    </div>
  );
}

const COLOR: Partial<Record<string, string>> = { 'step-refused': 'red', refused: 'red', 'supplement-requested': 'orange', paused: 'purple', extended: 'orange', approved: 'green', 'step-approved': 'green', 'result-issued': 'green' };

export function ProgressTimeline({ t, locale, entries, clerkName, centerKnown }: { t: TFunction; locale: 'zh-CN' | 'en'; entries: ProgressEntry[]; clerkName: (id: string) => string; centerKnown: boolean }) {
  return (
    <div data-testid="case-progress">
      {!centerKnown ? (
        <Typography.Paragraph type="secondary" data-testid="case-progress-none">
          {t('cases.progress.none')}
        </Typography.Paragraph>
      ) : null}
      <Timeline
        items={entries.map((e, i) => ({
          key: `${e.source}-${i}`,
          color: e.source === 'window' ? 'gray' : e.source === 'result' ? 'green' : (COLOR[e.progress.type] ?? 'blue'),
          content: entryContent(t, locale, e, clerkName),
        }))}
      />
    </div>
  );
}

/** The center's outcome when the clerk must act on it or tell the applicant: a refusal, a supplement request. */
export function CenterOutcomeNotice({ t, locale, center }: { t: TFunction; locale: 'zh-CN' | 'en'; center: CenterCaseRow | undefined }) {
  if (!center) return null;
  if (center.status === 'refused' && center.refusal)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 12 }}
        data-testid="case-center-refusal"
        title={t('cases.progress.refusedTitle', { departments: center.refusal.departments.join(t('common.listSep')) || t('cases.progress.sourceCenter') })}
        description={<Reasons testId="case-center-refusal-reasons" items={center.refusal.reasons} />}
      />
    );
  if (center.status === 'awaiting-supplement' && center.supplement)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginTop: 12 }}
        data-testid="case-center-supplement"
        title={t('cases.progress.supplementTitle', {
          department: center.supplement.department ?? t('cases.progress.sourceCenter'),
          time: formatDateTime(center.supplement.at, locale),
          n: center.supplement.items.length,
        })}
        description={<Reasons testId="case-center-supplement-items" items={center.supplement.items} />}
      />
    );
  return null;
}
