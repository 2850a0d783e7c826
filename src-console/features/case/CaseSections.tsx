/** Read-only parts of the case view: materials, department steps, progress timeline, result. */
import { FileImageOutlined, FilePdfOutlined, FileOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Descriptions, Empty, List, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import type { ConsoleCase, ConsoleStep, Reviewer } from '../../../src-shared/protocol/console';
import type { CaseProgress, ProgressType, ResultInfo } from '../../../src-shared/protocol/workflow';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { StepStatusTag } from '../labels';
import { progressActor, verifyPath } from './caseModel';
import type { ScanRef } from './ScanViewer';

function scanIcon(mime: string) {
  if (mime === 'application/pdf') return <FilePdfOutlined />;
  if (mime.startsWith('image/')) return <FileImageOutlined />;
  return <FileOutlined />;
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function MaterialsList({ c, onOpen }: { c: ConsoleCase; onOpen(scan: ScanRef): void }) {
  const t = useT();
  return (
    <List
      size="small"
      bordered
      dataSource={c.materials}
      data-testid="case-materials"
      locale={{ emptyText: t('common.none') }}
      renderItem={(m) => (
        <List.Item data-testid="case-material" data-material-id={m.materialId}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 4, width: '100%' }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <span style={{ fontWeight: 500 }}>{m.name}</span>
              <Tag color={m.required ? 'blue' : 'default'}>{m.required ? t('case.required') : t('case.optional')}</Tag>
            </div>
            {m.scans.length === 0 ? (
              <span className="ycc-muted">{t('case.noScans')}</span>
            ) : (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                {m.scans.map((s) => (
                  <Button
                    key={s.sha256}
                    size="small"
                    icon={scanIcon(s.mime)}
                    onClick={() => onOpen({ sha256: s.sha256, name: s.name, mime: s.mime })}
                    aria-label={t('case.openScan', { name: s.name })}
                    data-testid="case-scan"
                  >
                    {s.name} <span className="ycc-muted">· {formatSize(s.size)}</span>
                  </Button>
                ))}
              </div>
            )}
          </div>
        </List.Item>
      )}
    />
  );
}

export function StepsTable({ c }: { c: ConsoleCase }) {
  const t = useT();
  const locale = useLocale();
  const columns: TableColumnsType<ConsoleStep> = [
    {
      title: t('case.step.department'),
      dataIndex: 'departmentName',
      render: (v: string, s) => (
        <span>
          {v}
          {s.stepId === c.myStep.stepId && (
            <Tag color="blue" style={{ marginInlineStart: 6 }}>
              {t('case.mine')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('case.step.status'), dataIndex: 'status', width: 110, render: (_: unknown, s) => <StepStatusTag status={s.status} /> },
    {
      title: t('case.step.due'),
      dataIndex: 'dueDate',
      width: 150,
      render: (v: string | null, s) => (
        <span>
          {v ?? <span className="ycc-muted">—</span>}
          {s.extendedDays > 0 && (
            <div className="ycc-muted" style={{ fontSize: 12 }}>
              {t('case.step.extended', { n: s.extendedDays })}
            </div>
          )}
        </span>
      ),
    },
    { title: t('case.step.decidedAt'), dataIndex: 'decidedAt', width: 140, render: (v: string | null) => (v ? formatDateTime(v, locale) : '—') },
    { title: t('case.step.reviewer'), dataIndex: 'reviewerName', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('case.step.opinion'),
      key: 'opinion',
      render: (_: unknown, s) => (
        <div style={{ whiteSpace: 'pre-wrap' }}>
          {s.opinion}
          {s.reasons.length > 0 && (
            <ol style={{ margin: 0, paddingInlineStart: 18 }}>
              {s.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ol>
          )}
        </div>
      ),
    },
  ];
  return (
    <Table<ConsoleStep>
      size="small"
      rowKey="stepId"
      columns={columns}
      dataSource={c.steps}
      pagination={false}
      data-testid="case-steps"
      onRow={(s) => ({ 'data-testid': 'case-step', 'data-department': s.departmentCode, 'data-status': s.status }) as object}
    />
  );
}

const PROGRESS_COLORS: Partial<Record<ProgressType, string>> = {
  'step-approved': 'green',
  approved: 'green',
  'result-issued': 'green',
  'step-refused': 'red',
  refused: 'red',
  'result-revoked': 'red',
  'supplement-requested': 'orange',
  extended: 'orange',
  paused: 'gray',
};

export function ProgressTimeline({ progress, steps, me }: { progress: CaseProgress[]; steps: ConsoleStep[]; me: Reviewer }) {
  const t = useT();
  const locale = useLocale();
  if (progress.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noProgress')} />;
  const sorted = [...progress].sort((a, b) => Date.parse(a.eventAt) - Date.parse(b.eventAt));
  return (
    <Timeline
      data-testid="case-progress"
      items={sorted.map((p, i) => {
        const actor = progressActor(p, steps, me);
        return {
          key: `${p.eventAt}-${i}`,
          color: PROGRESS_COLORS[p.type] ?? 'blue',
          content: (
            <div data-testid="case-progress-item" data-type={p.type}>
              <div>
                <strong>{t(`progress.${p.type}`)}</strong>
                {p.departmentName && <span> · {p.departmentName}</span>}
                {p.extraDays !== undefined && <span> · {t('progress.extraDays', { n: p.extraDays })}</span>}
                {p.dueDate && <span> · {t('progress.dueDate', { date: p.dueDate })}</span>}
              </div>
              {p.reasons && p.reasons.length > 0 && (
                <ul style={{ margin: '2px 0', paddingInlineStart: 18 }}>
                  {p.reasons.map((r, j) => (
                    <li key={j}>{r}</li>
                  ))}
                </ul>
              )}
              <div className="ycc-muted" style={{ fontSize: 12 }}>
                {formatDateTime(p.eventAt, locale)}
                {actor && ` · ${t('progress.actor', { actor: actor.kind === 'center' ? t('progress.actorCenter') : actor.name })}`}
              </div>
            </div>
          ),
        };
      })}
    />
  );
}

export function ResultPanel({ result }: { result: ResultInfo }) {
  const t = useT();
  const locale = useLocale();
  const path = verifyPath(result.verificationCode);
  return (
    <Descriptions size="small" column={1} bordered data-testid="case-result">
      <Descriptions.Item label={t('result.kind')}>{t(`resultKind.${result.resultKind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('form.title')}>{result.title}</Descriptions.Item>
      <Descriptions.Item label={t('result.code')}>
        <Typography.Text copyable className="ycc-code" style={{ fontSize: 15 }} data-testid="result-code">
          {result.verificationCode}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('result.verify')}>
        <a href={path} target="_blank" rel="noreferrer" data-testid="result-verify-link">
          <LinkOutlined /> {path}
        </a>
      </Descriptions.Item>
      <Descriptions.Item label={t('result.status')}>
        <Tag color={result.status === 'valid' ? 'success' : 'error'} data-testid="result-status">
          {t(`result.status.${result.status}`)}
        </Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('result.issuedAt')}>{formatDateTime(result.issuedAt, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('result.collectWindow')}>{result.collectWindowId}</Descriptions.Item>
      <Descriptions.Item label={t('result.sha256')}>
        <span className="ycc-code">{result.sha256}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
