/** 设置 → 应用更新: version, what main's update gate says, the unsent work that holds an update, and install. */
import { CloudDownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import { setUpdateStatus, useUpdateStatus } from './updateStatus';

export function UpdatesCard() {
  const t = useT();
  const locale = useLocale();
  const { clerk } = useServices();
  const { message } = AntApp.useApp();
  const s = useUpdateStatus();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    clerk['updates:status']({}).then(setUpdateStatus, (e: unknown) => console.warn('updates:status', e));
  }, [clerk]);

  const install = async () => {
    setBusy(true);
    try {
      setUpdateStatus(await clerk['updates:install']({}));
    } catch (e) {
      message.error(t('updates.installFailed', { error: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const unsent = s?.unsent;
  return (
    <Card
      size="small"
      data-testid="updates-card"
      title={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          <span style={{ color: '#1f5fbf' }}>
            <CloudDownloadOutlined />
          </span>
          {t('updates.title')}
        </span>
      }
    >
      {s && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
          <Alert
            type={s.state === 'error' ? 'error' : s.held ? 'warning' : s.ready ? 'success' : 'info'}
            showIcon
            data-testid="updates-message"
            data-state={s.state}
            data-held={String(s.held)}
            title={s.message}
          />
          <Descriptions
            size="small"
            column={1}
            styles={{ label: { width: 150 } }}
            items={[
              { key: 'cur', label: t('updates.current'), children: s.currentVersion },
              ...(s.availableVersion ? [{ key: 'new', label: t('updates.available'), children: s.availableVersion }] : []),
              {
                key: 'unsent',
                label: t('updates.unsent'),
                children: (
                  <span data-testid="updates-unsent">
                    {!unsent
                      ? t('updates.unsentUnknown')
                      : unsent.pending + unsent.rejected === 0
                        ? t('updates.unsentNone')
                        : t('updates.unsentCounts', { pending: unsent.pending, rejected: unsent.rejected })}
                  </span>
                ),
              },
              ...(s.lastCheckedAt ? [{ key: 'chk', label: t('updates.lastChecked'), children: formatDateTime(s.lastCheckedAt, locale) }] : []),
            ]}
          />
          {s.state === 'downloading' && s.downloadPercent !== null && <Progress percent={Math.round(s.downloadPercent)} size="small" />}
          {s.ready && (
            <Button type="primary" loading={busy} onClick={() => void install()} data-testid="updates-install" style={{ alignSelf: 'flex-start' }}>
              {t('updates.install')}
            </Button>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('updates.rule')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
