/** Small pieces shared by the cases list and the case detail: status, countdown, upload state. */
import { CheckCircleOutlined, ClockCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined, QuestionCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { CaseStatus } from '../../../src-shared/domain/case';
import type { WarningThresholds } from '../../../src-shared/domain/deadlines';
import type { CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import type { MessageKey, TFunction } from '../../app/i18n';
import type { SyncState } from './caseList';
import { CENTER_STATUS_COLOR, displayStatus } from './caseProgressModel';
import { countdownMessage, countdownReasons, type Countdown, type CountdownLevel } from './countdown';

export const statusLabel = (t: TFunction, s: CaseStatus) => t(`cases.status.${s}` as MessageKey);
export const warningLabel = (t: TFunction, l: CountdownLevel) => t(`cases.warning.${l}` as MessageKey);
export const centerStatusLabel = (t: TFunction, s: CenterCaseStatus) => t(`cases.center.status.${s}` as MessageKey);

/** The case's status: the window's own, or the center's outcome where it overrides it (e.g. 不予许可（中心）). */
export function StatusTag({ t, status, center }: { t: TFunction; status: CaseStatus; center?: CenterCaseStatus | undefined }) {
  const d = displayStatus(status, center);
  const tag = (
    <Tag color={d.color} style={{ marginInlineEnd: 0 }} data-status={status} data-display-status={d.value} data-testid="case-status">
      {t(d.key)}
    </Tag>
  );
  return d.byCenter ? <Tooltip title={t('cases.status.byCenterHelp', { status: statusLabel(t, status) })}>{tag}</Tooltip> : tag;
}

/** The case's status at the provincial center, or a dash while the center has said nothing. */
export function CenterStatusTag({ t, status }: { t: TFunction; status: CenterCaseStatus | undefined }) {
  if (!status)
    return (
      <span className="yc-muted" data-testid="case-center-status" data-center-status="">
        {t('cases.center.none')}
      </span>
    );
  return (
    <Tag color={CENTER_STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="case-center-status" data-center-status={status}>
      {centerStatusLabel(t, status)}
    </Tag>
  );
}

/** Colours of the warning levels (rule 8): yellow and red as the supervision rules name them. */
export const LEVEL_STYLE: Record<CountdownLevel, { color: string; bg: string; border: string }> = {
  normal: { color: '#2e6b47', bg: '#f0f8f3', border: '#b7dcc5' },
  yellow: { color: '#8a5a00', bg: '#fff8e1', border: '#f5c84c' },
  red: { color: '#b3081f', bg: '#fff0f0', border: '#f3a3ab' },
  pending: { color: '#4b5563', bg: '#f3f4f6', border: '#d1d5db' },
};

const LEVEL_ICON: Record<CountdownLevel, React.ReactNode> = {
  normal: <ClockCircleOutlined />,
  yellow: <WarningOutlined />,
  red: <ExclamationCircleOutlined />,
  pending: <QuestionCircleOutlined />,
};

export function countdownText(t: TFunction, cd: Countdown): string {
  const m = countdownMessage(cd);
  return t(m.key, m.params);
}

/** The countdown as a coloured chip; hovering shows the due date and the rule's reasons. */
export function CountdownTag({ t, countdown, compact }: { t: TFunction; countdown: Countdown; compact?: boolean }) {
  const text = countdownText(t, countdown);
  const reasons = countdownReasons(countdown);
  const due = countdown.kind === 'running' && countdown.dueDate ? t('cases.countdown.dueOn', { date: countdown.dueDate }) : null;
  if (countdown.kind === 'closed')
    return (
      <span data-testid="case-countdown" data-level="normal" className="yc-muted">
        {text}
      </span>
    );
  const s = LEVEL_STYLE[countdown.level];
  const chip = (
    <span
      data-testid="case-countdown"
      data-level={countdown.level}
      style={{
        display: 'inline-flex',
        alignItems: compact ? 'flex-start' : 'center',
        gap: 5,
        lineHeight: '20px',
        maxWidth: '100%',
        padding: '1px 8px',
        borderRadius: 4,
        fontSize: 13,
        color: s.color,
        background: s.bg,
        border: `1px solid ${s.border}`,
        fontWeight: countdown.level === 'red' || countdown.level === 'yellow' ? 600 : 400,
      }}
    >
      <span style={{ flex: 'none' }}>{LEVEL_ICON[countdown.level]}</span>
      <span style={compact ? { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', wordBreak: 'break-all' } : undefined}>{text}</span>
    </span>
  );
  const tip = [due, ...reasons.filter((r) => r !== text)].filter(Boolean);
  return tip.length ? (
    <Tooltip
      title={
        <div>
          {tip.map((x) => (
            <div key={x}>{x}</div>
          ))}
        </div>
      }
    >
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}

export function SyncTag({ t, state }: { t: TFunction; state: SyncState | undefined }) {
  if (!state) return null;
  if (state === 'synced')
    return (
      <span className="yc-muted" data-sync="synced" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        <CheckCircleOutlined style={{ marginInlineEnd: 4 }} />
        {t('cases.sync.synced')}
      </span>
    );
  const rejected = state === 'rejected';
  return (
    <Tooltip title={t(rejected ? 'cases.sync.rejectedHelp' : 'cases.sync.pendingHelp')}>
      <Tag color={rejected ? 'red' : 'gold'} icon={rejected ? <ExclamationCircleOutlined /> : <CloudUploadOutlined />} data-sync={state} style={{ marginInlineEnd: 0 }}>
        {t(rejected ? 'cases.sync.rejected' : 'cases.sync.pending')}
      </Tag>
    </Tooltip>
  );
}

/** The yellow-warning rule in words, from the thresholds in force. */
export function thresholdsText(t: TFunction, th: WarningThresholds): string {
  const parts: string[] = [];
  if (th.yellowRemainingDays !== undefined) parts.push(t('cases.thresholds.days', { n: th.yellowRemainingDays }));
  if (th.yellowRemainingRatio !== undefined) parts.push(t('cases.thresholds.ratio', { pct: Math.round(th.yellowRemainingRatio * 100) }));
  return t('cases.thresholds', { rule: parts.join(` ${t('cases.thresholds.or')} `) });
}
