/**
 * One case as my department reviews it: applicant, item, form, materials and scans, the
 * window's receipt, every department's step, the progress, and the actions open on my step.
 * Esc goes back to the worklist (the same filters).
 */
import { ArrowLeftOutlined, FilePdfOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { ConsoleCase } from '../../../src-shared/protocol/console';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { useApi, useReviewerSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { CaseStatusTag, StepStatusTag } from '../labels';
import { ACTION_LABELS, ActionModal } from './ActionModal';
import { MaterialsList, ProgressTimeline, ResultPanel, StepsTable } from './CaseSections';
import { availableActions, formRows, isJointCase, type ActionKind } from './caseModel';
import { ScanViewer, type ScanRef } from './ScanViewer';

function ActionsCard({ c, onAction }: { c: ConsoleCase; onAction(kind: ActionKind): void }) {
  const t = useT();
  const locale = useLocale();
  const { actions, note } = availableActions(c);
  const stepActions = actions.filter((a) => a !== 'issue');
  return (
    <Card size="small" title={t('case.section.actions')} extra={<StepStatusTag status={c.myStep.status} />} data-testid="case-actions">
      {note === 'awaiting-supplement' && <Alert type="warning" showIcon title={t('action.waitSupplement')} />}
      {note === 'step-done' && (
        <Alert
          type={c.myStep.status === 'refused' ? 'error' : 'success'}
          showIcon
          data-testid="step-done"
          title={t('action.stepDone', { time: c.myStep.decidedAt ? formatDateTime(c.myStep.decidedAt, locale) : '—', status: t(`stepStatus.${c.myStep.status}`) })}
        />
      )}
      {note === 'case-closed' && <Alert type="info" showIcon title={t('action.caseClosed', { status: t(`caseStatus.${c.caseStatus}`) })} />}
      {stepActions.length > 0 && (
        <Space wrap>
          {stepActions.map((a) => (
            <Button
              key={a}
              type={a === 'approve' ? 'primary' : 'default'}
              danger={a === 'refuse'}
              onClick={() => onAction(a)}
              data-testid={`action-${a}`}
            >
              {t(ACTION_LABELS[a])}
            </Button>
          ))}
        </Space>
      )}
      {actions.length === 0 && note === null && <Typography.Text type="secondary">{t('action.noneAvailable')}</Typography.Text>}
    </Card>
  );
}

function ResultCard({ c, onIssue }: { c: ConsoleCase; onIssue(): void }) {
  const t = useT();
  const canIssue = availableActions(c).actions.includes('issue');
  if (!c.result && !canIssue) return null;
  return (
    <Card size="small" title={t('case.section.result')}>
      {c.result ? (
        <ResultPanel result={c.result} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('result.pending')} />
          <Button type="primary" icon={<FilePdfOutlined />} onClick={onIssue} data-testid="action-issue">
            {t('action.issue')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function CaseView({ c, onChange, reload, loading }: { c: ConsoleCase; onChange(next: ConsoleCase): void; reload(): void; loading: boolean }) {
  const t = useT();
  const locale = useLocale();
  const [scan, setScan] = useState<ScanRef | null>(null);
  const [action, setAction] = useState<ActionKind | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || scan || action || e.defaultPrevented) return;
      navigate({ pathname: '/', search: from ? `?${from}` : '' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scan, action, navigate, from]);

  const { reviewer } = useReviewerSession();
  const joint = isJointCase(c);
  const rows = formRows(c, t);
  return (
    <div style={{ padding: '14px 20px 24px', display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="case-page" data-case-id={c.caseId}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Tooltip title="Esc">
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate({ pathname: '/', search: from ? `?${from}` : '' })} data-testid="case-back">
            {t('common.back')}
          </Button>
        </Tooltip>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <span className="ycc-code" style={{ fontSize: 18 }} data-testid="case-number">
            {c.caseNumber}
          </span>
        </Typography.Title>
        <CaseStatusTag status={c.caseStatus} />
        <Tag color={joint ? 'geekblue' : 'default'} icon={joint ? <TeamOutlined /> : undefined} data-testid="case-joint">
          {joint ? t('case.joint', { n: c.steps.length }) : t('case.single')}
        </Tag>
        {c.proxy && (
          <Tooltip title={t('case.proxyTip')}>
            <Tag color="orange">{t('case.proxy')}</Tag>
          </Tooltip>
        )}
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {t('common.refresh')}
        </Button>
      </div>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('case.section.basic')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('case.item')} span={2}>
                  <span data-testid="case-item">{c.itemName}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.implementation')}>
                  <span className="ycc-code">{c.implementationCode}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.itemRegion')}>{c.itemRegionCode}</Descriptions.Item>
                <Descriptions.Item label={t('case.window')}>
                  {c.windowId} <span className="ycc-muted">({c.windowRegionCode})</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.acceptedAt')}>{formatDateTime(c.acceptedAt, locale)}</Descriptions.Item>
                <Descriptions.Item label={t('case.status')}>
                  <CaseStatusTag status={c.caseStatus} />
                </Descriptions.Item>
                <Descriptions.Item label={t('case.dueDate')}>
                  <span data-testid="case-due">{c.dueDate ?? <span className="ycc-muted">{t('case.dueUnknown')}</span>}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.receipt')} span={2}>
                  {c.receiptSha256 ? (
                    <Button
                      size="small"
                      icon={<FilePdfOutlined />}
                      data-testid="case-receipt"
                      onClick={() => c.receiptSha256 && setScan({ sha256: c.receiptSha256, name: t('case.receipt'), mime: 'application/pdf' })}
                    >
                      {t('case.openReceipt')}
                    </Button>
                  ) : (
                    <span className="ycc-muted">{t('case.noReceipt')}</span>
                  )}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('case.section.applicant')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('case.applicantName')}>
                  <span data-testid="case-applicant">{c.applicant.name}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.applicantKind')}>{t(`applicantKind.${c.applicant.kind}`)}</Descriptions.Item>
                <Descriptions.Item label={t('case.idType')}>{c.applicant.idType}</Descriptions.Item>
                <Descriptions.Item label={t('case.idNumber')}>
                  <span className="ycc-code">{c.applicant.idNumber}</span>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('case.section.form')}>
              {rows.length === 0 ? (
                <Typography.Text type="secondary">{t('case.formEmpty')}</Typography.Text>
              ) : (
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="case-form">
                  {rows.map((r) => (
                    <Descriptions.Item
                      key={r.key}
                      label={
                        r.defined ? (
                          <span data-testid="case-form-label">{r.label}</span>
                        ) : (
                          <Tooltip title={t('case.formUndefined')}>
                            <span className="ycc-code" data-testid="case-form-label" data-undefined="true">
                              {r.label}
                            </span>
                          </Tooltip>
                        )
                      }
                    >
                      <span style={{ whiteSpace: 'pre-wrap' }} data-testid="case-form-value" data-key={r.key}>
                        {r.value}
                      </span>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              )}
            </Card>
            <Card size="small" title={t('case.section.materials')}>
              <MaterialsList c={c} onOpen={setScan} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <ActionsCard c={c} onAction={setAction} />
            <ResultCard c={c} onIssue={() => setAction('issue')} />
            <Card size="small" title={t('case.section.progress')}>
              <ProgressTimeline progress={c.progress} steps={c.steps} me={reviewer} />
            </Card>
          </Space>
        </Col>
        <Col span={24}>
          <Card size="small" title={`${t('case.section.steps')} · ${joint ? t('case.joint', { n: c.steps.length }) : t('case.single')}`}>
            <StepsTable c={c} />
          </Card>
        </Col>
      </Row>

      <ScanViewer caseId={c.caseId} scan={scan} onClose={() => setScan(null)} />
      {action && <ActionModal kind={action} c={c} onClose={() => setAction(null)} onDone={onChange} />}
    </div>
  );
}

export function CasePage() {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const { caseId = '' } = useParams();
  const loaded = useLoad(caseId, () => api.getCase(caseId));
  const back = useCallback(() => navigate('/'), [navigate]);

  if (loaded.error !== undefined && (!loaded.data || loaded.data.caseId !== caseId)) {
    const notFound = loaded.error instanceof ApiError && loaded.error.notFound;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('case.notFound') : t('case.loadFailed')}
        subTitle={<span data-testid="case-error">{describeError(t, loaded.error)}</span>}
        extra={
          <Space>
            <Button onClick={back}>{t('common.back')}</Button>
            {!notFound && <Button onClick={loaded.reload}>{t('app.retry')}</Button>}
          </Space>
        }
      />
    );
  }
  if (!loaded.data || loaded.data.caseId !== caseId)
    return (
      <div style={{ padding: 64, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  return (
    <>
      {loaded.error !== undefined && <Alert type="error" showIcon banner title={describeError(t, loaded.error)} />}
      <CaseView c={loaded.data} onChange={loaded.set} reload={loaded.reload} loading={loaded.loading} />
    </>
  );
}
