/** The console frame: product, department, reviewer, language, shortcuts help, sign-out; then the page. */
import { ApartmentOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Tooltip } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router';
import { AppHeader, headerText, ShortcutsButton, type ShortcutRow } from '../../src-ui/AppHeader';
import { useT, type TFunction } from './i18n';
import { LangSwitch } from './LangSwitch';
import { useReviewerSession, useSession } from './session';

function shortcutRows(t: TFunction): ShortcutRow[] {
  return [
    ['/', t('shortcuts.search')],
    ['↑ ↓', t('shortcuts.move')],
    ['Enter', t('shortcuts.open')],
    ['Esc', t('shortcuts.back')],
  ];
}

export function Shell() {
  const t = useT();
  const { reviewer } = useReviewerSession();
  const { logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="console-shell">
      <AppHeader name={t('app.name')} subtitle={t('app.subtitle')}>
        <Tooltip title={`${reviewer.regionName} · ${reviewer.departmentCode}`}>
          <span style={headerText}>
            <ApartmentOutlined style={{ marginRight: 6, opacity: 0.8 }} aria-label={t('header.department')} />
            <span data-testid="reviewer-department">{reviewer.departmentName}</span>
          </span>
        </Tooltip>
        <span style={headerText}>
          <UserOutlined style={{ marginRight: 6, opacity: 0.8 }} aria-label={t('header.reviewer')} />
          <span data-testid="reviewer-name">{reviewer.name}</span>
        </span>
        <LangSwitch style={headerText} />
        <ShortcutsButton title={t('shortcuts.title')} label={t('header.shortcuts')} rows={shortcutRows(t)} />
        <Button
          type="text"
          size="small"
          icon={<LogoutOutlined />}
          style={headerText}
          loading={leaving}
          data-testid="logout"
          onClick={() => {
            setLeaving(true);
            void logout();
          }}
        >
          {t('header.logout')}
        </Button>
      </AppHeader>
      <Layout.Content style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
