/** Status tags and the deadline pill, shared by the worklist and the case view. */
import { Tag, Tooltip } from 'antd';
import type { Warning } from '../../src-shared/protocol/console';
import type { CenterCaseStatus, StepStatus } from '../../src-shared/protocol/workflow';
import { useT } from '../app/i18n';
import { WARNING_COLORS, daysLeftLabel, shownWarning } from './worklist/worklistModel';

const STEP_COLORS: Record<StepStatus, string> = {
  pending: 'processing',
  approved: 'success',
  refused: 'error',
  'awaiting-supplement': 'warning',
  paused: 'purple',
  closed: 'default',
};

const CASE_COLORS: Record<CenterCaseStatus, string> = {
  'in-review': 'processing',
  'awaiting-supplement': 'warning',
  paused: 'purple',
  approved: 'success',
  refused: 'error',
  completed: 'default',
};

export function StepStatusTag({ status }: { status: StepStatus }) {
  const t = useT();
  return (
    <Tag color={STEP_COLORS[status]} data-testid="step-status" data-status={status}>
      {t(`stepStatus.${status}`)}
    </Tag>
  );
}

export function CaseStatusTag({ status }: { status: CenterCaseStatus }) {
  const t = useT();
  return (
    <Tag color={CASE_COLORS[status]} data-testid="case-status" data-status={status}>
      {t(`caseStatus.${status}`)}
    </Tag>
  );
}

/** Working days left, coloured by the warning (rule 8). */
export function DaysLeft({ entry }: { entry: { daysLeft: number | null; warning: Warning; stepStatus: StepStatus } }) {
  const t = useT();
  if (entry.stepStatus === 'approved' || entry.stepStatus === 'refused' || entry.stepStatus === 'closed') return <span className="ycc-muted">—</span>;
  const warning = shownWarning(entry);
  const c = WARNING_COLORS[warning];
  const label = daysLeftLabel(t, entry.daysLeft);
  return (
    <Tooltip title={entry.daysLeft === null ? t('days.unknownTip') : t(`warning.${warning}`)}>
      <span className="ycc-days" data-testid="days-left" data-warning={warning} style={{ color: c.fg, background: c.bg, borderColor: c.border }}>
        {label}
      </span>
    </Tooltip>
  );
}
