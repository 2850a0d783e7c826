/** The login in the shell: the logout button and offline tag beside the clerk's name, and the demo-mode banner. */
import { LogoutOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Tag, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { logoutClerk } from '../../app/sessionSlice';

/** For the header: the logged-in clerk's name from the certificate, 未登录 while nobody is, null in demo mode. */
export function useSessionClerkLabel(): string | null {
  const t = useT();
  const login = useAppSelector((s) => s.session.login);
  if (login?.mode === 'logged-in') return login.clerk?.name ?? null;
  if (login?.mode === 'logged-out') return t('header.notLoggedIn');
  return null;
}

export function SessionControls({ style }: { style?: CSSProperties }) {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { modal, message } = AntApp.useApp();
  const login = useAppSelector((s) => s.session.login);
  if (login?.mode !== 'logged-in' || !login.clerk) return null;
  const c = login.clerk;
  return (
    <>
      {c.via === 'offline' && (
        <Tooltip title={t('header.offlineLoginTip', { time: c.lastOnlineCheckAt ? formatDateTime(c.lastOnlineCheckAt, locale) : '—' })}>
          <Tag color="orange" data-testid="offline-login-tag" style={{ marginInlineEnd: 0 }}>
            {t('header.offlineLogin')}
          </Tag>
        </Tooltip>
      )}
      <Tooltip title={t('header.logout')}>
        <Button
          type="text"
          size="small"
          icon={<LogoutOutlined />}
          style={style}
          aria-label={t('header.logout')}
          data-testid="logout-button"
          onClick={() =>
            modal.confirm({
              title: t('header.logout'),
              content: t('header.logoutConfirm'),
              okText: t('header.logoutOk'),
              cancelText: t('header.cancel'),
              onOk: async () => {
                const r = await dispatch(logoutClerk());
                if (logoutClerk.rejected.match(r)) message.error(r.payload?.message ?? '');
              },
            })
          }
        />
      </Tooltip>
    </>
  );
}

/** Demo mode (no clerk certificate on this PC): say so on every page. */
export function DemoBanner() {
  const t = useT();
  const login = useAppSelector((s) => s.session.login);
  const clerkId = useAppSelector((s) => s.session.configuredClerkId ?? s.session.settings?.clerkId ?? '');
  if (login?.mode !== 'demo') return null;
  return <Alert banner type="warning" showIcon data-testid="demo-banner" title={t('header.demoBanner', { id: clerkId })} style={{ flex: 'none' }} />;
}
