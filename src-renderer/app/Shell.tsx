/** The app frame: header (product, window, clerk, center status, language, help), navigation, page. */
import { GlobalOutlined, MenuFoldOutlined, MenuUnfoldOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Layout, Menu, Tooltip } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAppDispatch, useAppSelector } from './hooks';
import { formatDateTime, relativeTime, useLocale, useT, type TFunction } from './i18n';
import { SECTIONS, sectionForPath } from './routes';
import { useServices } from './services';
import { setLocale } from './sessionSlice';
import { useGlobalShortcuts } from './shortcuts';
import { SyncEntry } from '../features/sync/SyncEntry';
import { LoginGate } from '../features/login/LoginGate';
import { DemoBanner, SessionControls, useSessionClerkLabel } from '../features/login/SessionHeader';
import { UnsentReporter } from '../features/updates/UnsentReporter';
import { UpdateTag } from '../features/updates/UpdateTag';
import { AppHeader, headerText, ShortcutsButton, type ShortcutRow } from '../../src-ui/AppHeader';

const { Sider, Content } = Layout;

function CenterStatus() {
  const t = useT();
  const locale = useLocale();
  const c = useAppSelector((s) => s.connectivity);
  const url = useAppSelector((s) => s.session.settings?.centerUrl ?? '');
  const online = c.center === 'online';
  const checking = c.center === 'unknown';
  const color = online ? '#52c41a' : checking ? '#faad14' : '#ff4d4f';
  const label = online ? t('center.online') : checking ? t('center.checking') : t('center.offline');
  const tip = online
    ? t('center.tooltipOnline', { url, time: c.checkedAt ? relativeTime(t, c.checkedAt) : '' })
    : checking
      ? t('center.tooltipChecking', { url })
      : t('center.tooltipOffline', { url, error: c.errorKind ? t('common.withDetail', { text: t(`error.center.${c.errorKind}`), detail: c.error ?? '' }) : (c.error ?? '') }) +
        (c.lastOnlineAt ? ' ' + t('center.lastOnline', { time: formatDateTime(c.lastOnlineAt, locale) }) : '');
  return (
    <Tooltip title={tip} placement="bottomRight">
      <span
        data-testid="center-status"
        data-state={online ? 'online' : 'offline'}
        role="status"
        aria-live="polite"
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 6,
          padding: '0 10px',
          height: 24,
          lineHeight: '24px',
          borderRadius: 12,
          background: 'rgba(255,255,255,0.12)',
          ...headerText,
          fontSize: 13,
        }}
      >
        <span
          style={{
            width: 8,
            height: 8,
            borderRadius: '50%',
            background: color,
            boxShadow: online ? `0 0 0 3px ${color}33` : undefined,
          }}
        />
        {label}
      </span>
    </Tooltip>
  );
}

function shortcutRows(t: TFunction): ShortcutRow[] {
  return [
    ...SECTIONS.map((s): ShortcutRow => [`Alt + ${s.digit}`, t('shortcuts.section', { name: t(s.label) })]),
    ['/  ·  Ctrl + K', t('shortcuts.search')],
    ['↑ ↓', t('shortcuts.listMove')],
    ['Enter', t('shortcuts.listOpen')],
    ['Esc', t('shortcuts.close')],
  ];
}

function LangSwitch() {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { message } = AntApp.useApp();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Tooltip title={t('header.lang')}>
      <Button
        type="text"
        size="small"
        data-testid="lang-switch"
        data-locale={locale}
        icon={<GlobalOutlined />}
        style={{ ...headerText }}
        onClick={async () => {
          const r = await dispatch(setLocale(next));
          if (setLocale.rejected.match(r)) message.error(t('lang.saveFailed', { error: r.payload?.message ?? '' }));
        }}
      >
        {t(next === 'en' ? 'lang.en' : 'lang.zh-CN')}
      </Button>
    </Tooltip>
  );
}

export function Shell() {
  const t = useT();
  const services = useServices();
  const navigate = useNavigate();
  const location = useLocation();
  const settings = useAppSelector((s) => s.session.settings);
  const [collapsed, setCollapsed] = useState(false);
  useGlobalShortcuts();

  const windowId = settings?.windowId ?? '';
  const clerkId = settings?.clerkId ?? '';
  const win = useLiveQuery(() => services.windows.get(windowId), [services, windowId]);
  const windowName = win?.name ?? t('header.windowUnknown', { id: windowId });
  // Logged in: the name in the clerk's certificate; demo mode: the configured clerk.
  const sessionClerk = useSessionClerkLabel();
  const clerkName = sessionClerk ?? win?.clerks.find((c) => c.id === clerkId)?.name ?? t('header.clerkUnknown', { id: clerkId });
  const active = sectionForPath(location.pathname);

  return (
    <Layout style={{ height: '100vh' }} data-testid="app-shell">
      <AppHeader name={t('app.name')} subtitle={t('app.subtitle')} nameTestId="product-name">
        <Tooltip title={win ? `${win.centerName}${win.address ? ' · ' + win.address : ''}` : windowId}>
          <span style={{ ...headerText, overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 360 }}>
            <ShopOutlined style={{ marginRight: 6, opacity: 0.8 }} aria-label={t('header.window')} />
            <span data-testid="window-name">{windowName}</span>
          </span>
        </Tooltip>
        <span style={headerText}>
          <UserOutlined style={{ marginRight: 6, opacity: 0.8 }} aria-label={t('header.clerk')} />
          <span data-testid="clerk-name">{clerkName}</span>
        </span>
        <SessionControls style={headerText} />
        <UpdateTag />
        <SyncEntry>
          <CenterStatus />
        </SyncEntry>
        <LangSwitch />
        <ShortcutsButton title={t('shortcuts.title')} label={t('header.shortcuts')} rows={shortcutRows(t)} />
      </AppHeader>
      <DemoBanner />
      <LoginGate />
      <UnsentReporter />
      <Layout>
        <Sider
          width={188}
          collapsedWidth={56}
          collapsible
          collapsed={collapsed}
          trigger={null}
          style={{ borderRight: '1px solid #e5e8ef' }}
        >
          <nav aria-label="main" style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
            <Menu
              mode="inline"
              selectedKeys={active ? [active.key] : []}
              style={{ borderInlineEnd: 'none', paddingTop: 8, flex: 1 }}
              onClick={({ key }) => {
                const s = SECTIONS.find((x) => x.key === key);
                if (s) navigate(s.path);
              }}
              items={SECTIONS.map((s) => ({
                key: s.key,
                icon: s.icon,
                title: `${t(s.label)}  (Alt+${s.digit})`,
                label: (
                  <NavLink to={s.path} data-testid={`nav-${s.key}`} aria-keyshortcuts={`Alt+${s.digit}`} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                    <span style={{ fontSize: 15 }}>{t(s.label)}</span>
                    <span className="yc-nav-key">Alt+{s.digit}</span>
                  </NavLink>
                ),
              }))}
            />
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              style={{ margin: 8, color: '#6b7280' }}
            />
          </nav>
        </Sider>
        <Content style={{ overflow: 'auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
