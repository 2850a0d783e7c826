/**
 * The sync panel (from the header's connection badge): what the engine is doing, progress
 * (records, bytes, rate, time left, last success, errors), the warning for old unsent
 * work, "sync now", this PC's enrollment, and the 需处理 list of records the center refused.
 */
import { CloudSyncOutlined, ExclamationCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Drawer, Empty, Form, Input, List, Progress, Space, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { DeviceInfo } from '../../../src-shared/protocol/clerk-sync';
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import { useAppSelector } from '../../app/hooks';
import { formatDateTime, relativeTime, useLocale, useT, type MessageKey } from '../../app/i18n';
import { useServices } from '../../app/services';
import type { SyncStatus } from '../../sync/engine';
import { etaParts, formatBytes, percent } from './format';
import { useSync } from './useSync';

function Progressed({ status }: { status: SyncStatus }) {
  const t = useT();
  const locale = useLocale();
  const p = status.progress;
  const eta = status.pending - status.blocked === 0 && p.bytesTotal - p.bytesSent <= 0 ? t('sync.etaDone') : p.etaSeconds === null ? t('sync.etaUnknown') : t('sync.etaValue', etaParts(p.etaSeconds));
  return (
    <div data-testid="sync-progress">
      <Progress percent={percent(p.recordsSent, p.recordsTotal)} status={status.phase === 'syncing' ? 'active' : 'normal'} size="small" />
      <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('sync.records')}>
          <span data-testid="sync-records" data-sent={p.recordsSent} data-total={p.recordsTotal}>
            {t('sync.recordsValue', { sent: p.recordsSent, total: p.recordsTotal })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.bytes')}>
          <span data-testid="sync-bytes" data-sent={p.bytesSent} data-total={p.bytesTotal}>
            {t('sync.bytesValue', { sent: formatBytes(p.bytesSent), total: formatBytes(p.bytesTotal) })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.rate')}>{p.bytesPerSecond ? t('sync.rateValue', { rate: formatBytes(Math.round(p.bytesPerSecond)) }) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sync.eta')}>{eta}</Descriptions.Item>
        <Descriptions.Item label={t('sync.pending')}>
          <span data-testid="sync-pending" data-pending={status.pending} data-blocked={status.blocked}>
            {t('sync.pendingValue', { n: status.pending, blocked: status.blocked })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.lastSuccess')}>
          <span data-testid="sync-last-success">{status.lastSuccessAt ? formatDateTime(status.lastSuccessAt, locale) : t('sync.never')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.lastPull')}>{status.lastPullAt ? relativeTime(t, status.lastPullAt) : t('sync.never')}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function EnrollForm({ onDone }: { onDone: (info: DeviceInfo) => void }) {
  const t = useT();
  const services = useServices();
  const { message } = AntApp.useApp();
  const windowId = useAppSelector((s) => s.session.settings?.windowId ?? '');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const deviceId = await services.cases.deviceId();
      const info = await services.clerk['device:enroll']({ code: code.trim().toUpperCase(), deviceId, windowId });
      message.success(t('sync.enroll.done', { deviceId: info.deviceId ?? deviceId }));
      onDone(info);
    } catch (e) {
      setError(e instanceof ClerkApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="sync-enroll">
      <Typography.Title level={5}>{t('sync.enroll.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('sync.enroll.help')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('sync.enroll.window')}>
          <Input value={windowId} disabled />
        </Form.Item>
        <Form.Item label={t('sync.enroll.code')} validateStatus={error ? 'error' : ''} help={error ? t('sync.enroll.failed', { error }) : undefined}>
          <Input
            data-testid="sync-enroll-code"
            value={code}
            placeholder={t('sync.enroll.codePlaceholder')}
            maxLength={20}
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={!code.trim() || !windowId} data-testid="sync-enroll-submit">
          {t('sync.enroll.submit')}
        </Button>
      </Form>
    </div>
  );
}

function DeviceCard({ info }: { info: DeviceInfo }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Descriptions size="small" column={1} data-testid="sync-device">
      <Descriptions.Item label={t('sync.deviceId')}>{info.deviceId}</Descriptions.Item>
      <Descriptions.Item label={t('sync.deviceWindow')}>{info.windowId}</Descriptions.Item>
      <Descriptions.Item label={t('sync.deviceRegion')}>{info.regionCode}</Descriptions.Item>
      <Descriptions.Item label={t('sync.certNotAfter')}>{info.certNotAfter ? formatDateTime(info.certNotAfter, locale) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('sync.keyProtection')}>{t(`sync.keyProtection.${info.keyProtection}` as MessageKey)}</Descriptions.Item>
      <Descriptions.Item label={t('sync.rootFingerprint')}>
        {info.rootSha256 ? <Typography.Text code>{info.rootSha256.slice(0, 16)}…</Typography.Text> : <Tag color="red">{t('sync.rootMissing')}</Tag>}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 需处理: records the center refused, by case, each with its reason and field. */
function NeedsAttention({ onOpenCase, onRetry }: { onOpenCase: (caseId: string) => void; onRetry: (caseId: string) => Promise<void> }) {
  const t = useT();
  const { db } = useServices();
  const rows = useLiveQuery(async () => {
    const rejected = await db.outbox.where('state').equals('rejected').toArray();
    const cases = await db.cases.bulkGet([...new Set(rejected.map((r) => r.caseId))]);
    const numbers = new Map(cases.filter((c) => !!c).map((c) => [c!.id, c!.caseNumber]));
    return rejected.sort((a, b) => a.deviceSeq - b.deviceSeq).map((r) => ({ row: r, caseNumber: numbers.get(r.caseId) ?? null }));
  }, [db]);
  return (
    <div data-testid="sync-attention">
      <Typography.Title level={5}>
        <ExclamationCircleOutlined style={{ color: '#cf1322', marginRight: 8 }} />
        {t('sync.attention.title')}
      </Typography.Title>
      {!rows?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sync.attention.empty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('sync.attention.help')}</Typography.Paragraph>
          <List
            size="small"
            bordered
            dataSource={rows}
            renderItem={({ row, caseNumber }) => (
              <List.Item
                data-testid="sync-attention-item"
                data-case-id={row.caseId}
                actions={[
                  <Button key="open" size="small" onClick={() => onOpenCase(row.caseId)}>
                    {t('sync.attention.open')}
                  </Button>,
                  <Button key="retry" size="small" type="primary" ghost data-testid="sync-attention-retry" onClick={() => void onRetry(row.caseId)}>
                    {t('sync.attention.retry')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <span>
                      {caseNumber ? t('sync.attention.case', { number: caseNumber }) : t('sync.attention.caseUnknown', { id: row.caseId.slice(0, 8) })}{' '}
                      <Typography.Text type="secondary">{t('sync.attention.event', { seq: row.event.seq, type: row.event.type })}</Typography.Text>
                    </span>
                  }
                  description={
                    <Space direction="vertical" size={0}>
                      <Typography.Text type="danger" data-testid="sync-attention-message">
                        {row.rejection?.message}
                      </Typography.Text>
                      {row.rejection?.field ? <Typography.Text type="secondary">{t('sync.attention.field', { field: row.rejection.field })}</Typography.Text> : null}
                      {row.rejection?.code ? <Typography.Text type="secondary">{t('sync.attention.code', { code: row.rejection.code })}</Typography.Text> : null}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}

export function SyncPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const services = useServices();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { status, handle } = useSync();
  const [info, setInfo] = useState<DeviceInfo | null>(null);

  const enrolled = status?.enrolled;
  useEffect(() => {
    if (!open) return;
    let live = true;
    services.clerk['device:status']({}).then(
      (i) => live && setInfo(i),
      () => live && setInfo(null),
    );
    return () => {
      live = false;
    };
  }, [open, services, enrolled]);

  const staleHours = status?.unsentAgeMs ? Math.max(1, Math.floor(status.unsentAgeMs / 3_600_000)) : 0;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={
        <span>
          <CloudSyncOutlined style={{ marginRight: 8 }} />
          {t('sync.title')}
        </span>
      }
      extra={
        <Button type="primary" onClick={() => handle.syncNow()} disabled={!status || status.phase === 'not-enrolled'} data-testid="sync-now">
          {t('sync.syncNow')}
        </Button>
      }
      data-testid="sync-panel"
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <div>
          <Tag color={status?.phase === 'idle' ? 'green' : status?.phase === 'syncing' ? 'blue' : status?.phase === 'offline' || status?.phase === 'backoff' ? 'orange' : 'default'} data-testid="sync-phase">
            {t(`sync.phase.${status?.phase ?? 'starting'}` as MessageKey)}
          </Tag>
          {!handle.owner && status ? <Typography.Text type="secondary">{t('sync.otherOwner')}</Typography.Text> : null}
          {status?.nextAttemptAt && status.phase !== 'idle' ? (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('sync.nextAttempt', { time: formatDateTime(status.nextAttemptAt, locale) })}
            </Typography.Text>
          ) : null}
        </div>
        {status?.stale && status.oldestUnsentAt ? (
          <Alert type="warning" showIcon data-testid="sync-stale" message={t('sync.stale', { hours: staleHours, time: formatDateTime(status.oldestUnsentAt, locale) })} />
        ) : null}
        {status?.clockOffsetMs !== null && status?.clockOffsetMs !== undefined && Math.abs(status.clockOffsetMs) > 120_000 ? (
          <Alert type="warning" showIcon message={t('sync.clockSkew', { minutes: Math.round(Math.abs(status.clockOffsetMs) / 60_000) })} />
        ) : null}
        {status?.lastError ? (
          <Alert
            type="error"
            showIcon
            data-testid="sync-error"
            message={t('sync.error', { kind: t(`sync.error.${status.lastError.kind}` as MessageKey) })}
            description={status.lastError.message}
          />
        ) : null}
        {status && status.phase !== 'not-enrolled' ? <Progressed status={status} /> : null}
        {info && !info.enrolled ? (
          <EnrollForm
            onDone={(i) => {
              setInfo(i);
              handle.syncNow();
            }}
          />
        ) : null}
        <NeedsAttention
          onOpenCase={(caseId) => {
            onClose();
            navigate(`/cases?case=${encodeURIComponent(caseId)}`);
          }}
          onRetry={async (caseId) => {
            const n = await handle.retryRejected(caseId);
            message.success(t('sync.attention.retried', { n }));
          }}
        />
        {info?.enrolled ? (
          <div>
            <Typography.Title level={5}>
              <SafetyCertificateOutlined style={{ marginRight: 8 }} />
              {t('sync.device')}
            </Typography.Title>
            <DeviceCard info={info} />
          </div>
        ) : null}
      </Space>
    </Drawer>
  );
}
