/** The app frame: header (product, window, clerk, center status, language, help), navigation, page. */
import { GlobalOutlined, MenuFoldOutlined, MenuUnfoldOutlined, QuestionCircleOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Layout, Menu, Popover, Tooltip } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type CSSProperties } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Emblem } from './Emblem';
import { useAppDispatch, useAppSelector } from './hooks';
import { formatDateTime, relativeTime, useLocale, useT, type TFunction } from './i18n';
import { SECTIONS, sectionForPath } from './routes';
import { useServices } from './services';
import { setLocale } from './sessionSlice';
import { BRAND } from './theme';
import { useGlobalShortcuts } from './shortcuts';
import { SyncEntry } from '../features/sync/SyncEntry';

const { Header, Sider, Content } = Layout;

const headerText: CSSProperties = { color: 'rgba(255,255,255,0.92)', whiteSpace: 'nowrap' };

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

function ShortcutsHelp({ t }: { t: TFunction }) {
  const rows: [string, string][] = [
    ...SECTIONS.map((s): [string, string] => [`Alt + ${s.digit}`, t('shortcuts.section', { name: t(s.label) })]),
    ['/  ·  Ctrl + K', t('shortcuts.search')],
    ['↑ ↓', t('shortcuts.listMove')],
    ['Enter', t('shortcuts.listOpen')],
    ['Esc', t('shortcuts.close')],
  ];
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="shortcuts-help">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td style={{ padding: '3px 16px 3px 0', whiteSpace: 'nowrap' }}>
              <kbd className="yc-kbd">{k}</kbd>
            </td>
            <td style={{ padding: '3px 0' }}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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
  const clerkName = win?.clerks.find((c) => c.id === clerkId)?.name ?? t('header.clerkUnknown', { id: clerkId });
  const active = sectionForPath(location.pathname);

  return (
    <Layout style={{ height: '100vh' }} data-testid="app-shell">
      <Header style={{ display: 'flex', alignItems: 'center', gap: 20, borderBottom: `3px solid ${BRAND.headerAccent}` }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
          <Emblem size={30} />
          <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.15 }}>
            <span style={{ ...headerText, color: '#fff', fontSize: 19, fontWeight: 600, letterSpacing: 2 }} data-testid="product-name">
              {t('app.name')}
            </span>
            <span style={{ ...headerText, fontSize: 11, opacity: 0.75, letterSpacing: 1 }}>{t('app.subtitle')}</span>
          </div>
        </div>
        <div style={{ flex: 1 }} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 18, minWidth: 0, fontSize: 13 }}>
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
          <SyncEntry>
            <CenterStatus />
          </SyncEntry>
          <LangSwitch />
          <Popover title={t('shortcuts.title')} content={<ShortcutsHelp t={t} />} placement="bottomRight" trigger={['hover', 'click']}>
            <Button type="text" size="small" icon={<QuestionCircleOutlined />} style={headerText} aria-label={t('header.shortcuts')} data-testid="shortcuts-button" />
          </Popover>
        </div>
      </Header>
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
