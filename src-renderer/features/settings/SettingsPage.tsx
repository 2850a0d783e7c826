/** Settings: language, center, window and clerk; app info; local storage. */
import { CloudSyncOutlined, DatabaseOutlined, InfoCircleOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { SettingsPatch, type Locale, type Settings } from '../../../src-shared/protocol/clerk-api';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatDateTime, useLocale, useT, type MessageKey, type TFunction } from '../../app/i18n';
import { Page } from '../../app/Page';
import { useServices } from '../../app/services';
import { saveSettings, setLocale } from '../../app/sessionSlice';
import { formatBytes } from '../../platform/messages';
import { runCatalogSync } from '../catalog/catalogSlice';
import { localDataSummary, storageLevel, type LocalDataSummary } from '../cases/storageSummary';
import { KeystoreCard } from '../keystore/KeystoreCard';
import { UpdatesCard } from '../updates/UpdatesCard';
import { OFFLINE_LOGIN_DAYS_DEFAULT } from '../../../src-shared/domain/login';

type EditableField = 'centerUrl' | 'windowId' | 'clerkId' | 'autoLockMinutes' | 'offlineLoginDays';
const FIELDS: EditableField[] = ['centerUrl', 'windowId', 'clerkId', 'autoLockMinutes', 'offlineLoginDays'];

function fieldLabel(t: TFunction, field: string): string {
  return (['locale', ...FIELDS] as string[]).includes(field) ? t(`settings.field.${field}` as MessageKey) : field;
}

/** Validate one field with the shared Settings schema; the message names the field. */
export function validateSettingsField(t: TFunction, field: EditableField, value: unknown): string | null {
  const r = SettingsPatch.safeParse({ [field]: value });
  if (r.success) return null;
  const issue = r.error.issues[0];
  return t('settings.invalidField', { field: fieldLabel(t, field), message: issue?.message ?? '' });
}

function CardTitle({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      <span style={{ color: '#1f5fbf' }}>{icon}</span>
      {children}
    </span>
  );
}

function GeneralCard({ settings }: { settings: Settings }) {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Pick<Settings, EditableField>>();
  const [saving, setSaving] = useState(false);
  const loggedIn = useAppSelector((s) => s.session.login?.mode === 'logged-in');

  useEffect(() => {
    form.setFieldsValue({
      centerUrl: settings.centerUrl,
      windowId: settings.windowId,
      clerkId: settings.clerkId,
      autoLockMinutes: settings.autoLockMinutes,
      offlineLoginDays: settings.offlineLoginDays ?? OFFLINE_LOGIN_DAYS_DEFAULT,
    });
  }, [form, settings]);

  const rule = (field: EditableField) => ({
    validator: async (_: unknown, value: unknown) => {
      const err = validateSettingsField(t, field, field === 'autoLockMinutes' || field === 'offlineLoginDays' ? value : typeof value === 'string' ? value.trim() : value);
      if (err) throw new Error(err);
    },
  });

  const onFinish = async (values: Pick<Settings, EditableField>) => {
    const patch: Partial<Settings> = {};
    for (const f of FIELDS) {
      const v = typeof values[f] === 'string' ? (values[f] as string).trim() : values[f];
      if (v !== (f === 'offlineLoginDays' ? (settings.offlineLoginDays ?? OFFLINE_LOGIN_DAYS_DEFAULT) : settings[f])) (patch as Record<string, unknown>)[f] = v;
    }
    if (Object.keys(patch).length === 0) return;
    setSaving(true);
    const r = await dispatch(saveSettings(patch));
    setSaving(false);
    if (saveSettings.fulfilled.match(r)) {
      message.success(t('settings.saved'));
    } else {
      const p = r.payload;
      const field = p?.field?.split('.')[0];
      if (field && (FIELDS as string[]).includes(field))
        form.setFields([{ name: field as EditableField, errors: [t('settings.invalidField', { field: fieldLabel(t, field), message: p?.message ?? '' })] }]);
      message.error(t('settings.saveFailed', { error: p?.message ?? r.error.message ?? '' }));
    }
  };

  return (
    <Card title={<CardTitle icon={<SettingOutlined />}>{t('settings.general')}</CardTitle>} size="small">
      <Form form={form} layout="horizontal" labelCol={{ flex: '190px' }} labelWrap wrapperCol={{ flex: 1 }} onFinish={onFinish} style={{ maxWidth: 720 }} data-testid="settings-form">
        <Form.Item label={t('settings.language')}>
          <Segmented<Locale>
            data-testid="settings-locale"
            value={locale}
            options={[
              { value: 'zh-CN', label: t('lang.zh-CN') },
              { value: 'en', label: t('lang.en') },
            ]}
            onChange={async (v) => {
              const r = await dispatch(setLocale(v));
              if (setLocale.rejected.match(r)) message.error(t('lang.saveFailed', { error: r.payload?.message ?? '' }));
            }}
          />
        </Form.Item>
        <Form.Item name="centerUrl" label={t('settings.centerUrl')} extra={t('settings.centerUrlHelp')} rules={[rule('centerUrl')]} validateFirst>
          <Input data-testid="settings-center-url" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="windowId" label={t('settings.windowId')} rules={[rule('windowId')]}>
          <Input data-testid="settings-window-id" autoComplete="off" style={{ maxWidth: 280 }} />
        </Form.Item>
        <Form.Item name="clerkId" label={t('settings.clerkId')} rules={[rule('clerkId')]} extra={loggedIn ? t('settings.clerkIdFromLogin') : undefined}>
          <Input data-testid="settings-clerk-id" autoComplete="off" style={{ maxWidth: 280 }} disabled={loggedIn} />
        </Form.Item>
        <Form.Item name="autoLockMinutes" label={t('settings.autoLock')} rules={[rule('autoLockMinutes')]}>
          <InputNumber data-testid="settings-auto-lock" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="offlineLoginDays" label={t('settings.offlineLoginDays')} tooltip={t('settings.offlineLoginDaysTip')} extra={t('settings.offlineLoginDaysHelp')} rules={[rule('offlineLoginDays')]}>
          <InputNumber data-testid="settings-offline-login-days" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label=" " colon={false}>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
              {t('settings.save')}
            </Button>
            <Button onClick={() => form.resetFields()}>{t('settings.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

function AppInfoCard() {
  const t = useT();
  const info = useAppSelector((s) => s.session.appInfo);
  if (!info) return null;
  return (
    <Card title={<CardTitle icon={<InfoCircleOutlined />}>{t('settings.appInfo')}</CardTitle>} size="small">
      <Descriptions
        size="small"
        column={1}
        data-testid="settings-app-info"
        styles={{ label: { width: 150 } }}
        items={[
          { key: 'v', label: t('settings.version'), children: `${info.productName} ${info.version}` },
          {
            key: 'h',
            label: t('settings.host'),
            children: <span data-testid="settings-host" data-host={info.host}>{info.host === 'electron' ? t('settings.hostElectron') : t('settings.hostBrowser')}</span>,
          },
          { key: 'p', label: t('settings.platform'), children: info.platform },
          { key: 'a', label: t('settings.apiVersion'), children: info.apiVersion },
          { key: 'd', label: t('settings.dataDir'), children: <Typography.Text copyable className="yc-code">{info.dataDir}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

async function readStorage(): Promise<StorageInfo> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const est = s?.estimate ? await s.estimate().catch(() => null) : null;
  const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

/**
 * Ask the browser to keep this app's data even when the disk runs low (issue 3 item 6).
 * Returns whether storage is persistent (null where the API is missing). Safe to call at
 * every start: once granted it stays granted, and browsers that prompt only do so once.
 */

function LocalDataTable({ summary }: { summary: LocalDataSummary }) {
  const t = useT();
  const size = (x: { bytes: number; estimated: boolean }) => (x.estimated ? t('settings.storageApprox', { size: formatBytes(x.bytes) }) : formatBytes(x.bytes));
  const rows: { key: string; label: string; count: ReactNode; bytes: string }[] = [
    { key: 'cases', label: t('settings.storageCases'), count: summary.cases.count, bytes: size(summary.cases) },
    { key: 'events', label: t('settings.storageEvents'), count: summary.events.count, bytes: size(summary.events) },
    {
      key: 'outbox',
      label: t('settings.storageOutbox'),
      count: summary.outbox.rejected ? t('settings.storageOutboxDetail', { count: summary.outbox.count, rejected: summary.outbox.rejected }) : summary.outbox.count,
      bytes: size(summary.outbox),
    },
    { key: 'blobs', label: t('settings.storageBlobs'), count: summary.blobs.count, bytes: size(summary.blobs) },
    { key: 'drafts', label: t('settings.storageDrafts'), count: summary.drafts.count, bytes: size(summary.drafts) },
  ];
  const anyEstimate = [summary.cases, summary.events, summary.outbox, summary.drafts].some((x) => x.estimated);
  return (
    <table data-testid="storage-counts" style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
      <thead>
        <tr style={{ background: '#f5f7fa', textAlign: 'left' }}>
          <th style={{ padding: '4px 8px', fontWeight: 500 }}>{t('settings.storageKind')}</th>
          <th style={{ padding: '4px 8px', fontWeight: 500, textAlign: 'right' }}>{t('settings.storageCount')}</th>
          <th style={{ padding: '4px 8px', fontWeight: 500, textAlign: 'right' }}>{t('settings.storageBytes')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-kind={r.key} style={{ borderBottom: '1px solid #eef0f4' }}>
            <td style={{ padding: '4px 8px' }}>{r.label}</td>
            <td style={{ padding: '4px 8px', textAlign: 'right' }} data-testid={`storage-count-${r.key}`}>
              {r.count}
            </td>
            <td style={{ padding: '4px 8px', textAlign: 'right', whiteSpace: 'nowrap' }}>{r.bytes}</td>
          </tr>
        ))}
        <tr>
          <td style={{ padding: '4px 8px', fontWeight: 500 }}>{t('settings.storageTotal')}</td>
          <td />
          <td style={{ padding: '4px 8px', textAlign: 'right', fontWeight: 500, whiteSpace: 'nowrap' }} data-testid="storage-total-bytes" data-bytes={summary.totalBytes}>
            {anyEstimate ? t('settings.storageApprox', { size: formatBytes(summary.totalBytes) }) : formatBytes(summary.totalBytes)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function StorageCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { db } = useServices();
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const [requested, setRequested] = useState<boolean | null>(null);
  const refresh = useCallback(() => void readStorage().then(setInfo), []);
  useEffect(refresh, [refresh]);
  const summary = useLiveQuery(() => localDataSummary(db), [db]);
  // Usage changes as cases are saved: read it again when the local data change.
  useEffect(() => {
    if (summary) refresh();
  }, [summary, refresh]);
  const supported = typeof navigator !== 'undefined' && !!navigator.storage?.persist;

  const pct = info?.usage != null && info.quota ? Math.min(100, (info.usage / info.quota) * 100) : null;
  const level = storageLevel(info?.usage, info?.quota);
  const pctText = pct == null ? '' : pct < 0.1 && pct > 0 ? '<0.1' : pct.toFixed(1);
  return (
    <Card
      title={<CardTitle icon={<DatabaseOutlined />}>{t('settings.storage')}</CardTitle>}
      size="small"
      extra={
        <Button size="small" type="link" onClick={refresh}>
          {t('settings.refresh')}
        </Button>
      }
    >
      <div data-testid="settings-storage" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <div data-testid="storage-usage" data-usage={info?.usage ?? ''} data-quota={info?.quota ?? ''} data-level={level}>
          {info?.usage != null && info.quota != null ? (
            <div>
              <Progress
                percent={Number((pct ?? 0).toFixed(2))}
                showInfo={false}
                size="small"
                status={level === 'full' ? 'exception' : 'normal'}
                strokeColor={level === 'nearly-full' ? '#d48806' : undefined}
              />
              <Typography.Text type="secondary" data-testid="settings-storage-usage">
                {t('settings.storageUsage', { used: formatBytes(info.usage), quota: formatBytes(info.quota) })}
                {' · '}
                {t('settings.storagePercent', { pct: pctText })}
              </Typography.Text>
            </div>
          ) : (
            <Typography.Text type="secondary">{t('settings.storageUnknown')}</Typography.Text>
          )}
        </div>
        {level !== 'ok' && (
          <Alert
            type={level === 'full' ? 'error' : 'warning'}
            showIcon
            data-testid="storage-warning"
            data-level={level}
            title={t(level === 'full' ? 'settings.storageFull' : 'settings.storageNearlyFull', { pct: pctText })}
          />
        )}
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <Typography.Text>{t('settings.persisted')}</Typography.Text>
          <span data-testid="storage-persisted" data-persisted={String(info?.persisted ?? '')}>
            <Tag color={info?.persisted ? 'green' : info?.persisted === false ? 'orange' : 'default'} data-testid="settings-persisted" data-persisted={String(info?.persisted ?? '')}>
              {info?.persisted ? t('settings.persistedYes') : info?.persisted === false ? t('settings.persistedNo') : t('settings.persistedUnknown')}
            </Tag>
          </span>
          {supported && !info?.persisted && (
            <Button
              size="small"
              data-testid="settings-persist-request"
              onClick={async () => {
                const granted = await navigator.storage.persist().catch(() => false);
                setRequested(granted);
                if (granted) message.success(t('settings.persistGranted'));
                refresh();
              }}
            >
              {t('settings.persistRequest')}
            </Button>
          )}
        </div>
        {requested === false && (
          <Typography.Text type="warning" data-testid="settings-persist-result">
            {t('settings.persistDenied')}
          </Typography.Text>
        )}
        {requested === true && (
          <Typography.Text type="success" data-testid="settings-persist-result">
            {t('settings.persistGranted')}
          </Typography.Text>
        )}
        <div>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {t('settings.storageData')}
          </Typography.Text>
          {summary ? <LocalDataTable summary={summary} /> : <Spin size="small" />}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('settings.storageAdvice')}
          </Typography.Paragraph>
        </div>
      </div>
    </Card>
  );
}

function CatalogCard() {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { catalog } = useServices();
  const state = useLiveQuery(() => catalog.state(), [catalog]);
  const syncing = useAppSelector((s) => s.catalogSync.status === 'syncing');
  return (
    <Card
      title={<CardTitle icon={<CloudSyncOutlined />}>{t('settings.catalog')}</CardTitle>}
      size="small"
      extra={
        <Button size="small" loading={syncing} onClick={() => void dispatch(runCatalogSync())}>
          {t('catalog.refresh')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 150 } }}
        items={[
          { key: 'v', label: t('settings.catalogVersion'), children: state?.version != null ? `v${state.version}` : t('catalog.versionNone') },
          { key: 'c', label: t('settings.catalogCount'), children: t('settings.catalogItems', { count: state?.count ?? 0 }) },
          { key: 'f', label: t('settings.catalogFetched'), children: state?.fetchedAt ? formatDateTime(state.fetchedAt, locale) : t('catalog.fetchedNever') },
        ]}
      />
    </Card>
  );
}

export function SettingsPage() {
  const t = useT();
  const settings = useAppSelector((s) => s.session.settings);
  return (
    <Page title={t('settings.title')}>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)', gap: 16, alignItems: 'start' }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
          {settings && <GeneralCard settings={settings} />}
          <CatalogCard />
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
          <KeystoreCard />
          <UpdatesCard />
          <AppInfoCard />
          <StorageCard />
        </div>
      </div>
    </Page>
  );
}
