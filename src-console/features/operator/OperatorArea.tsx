/**
 * 运营管理: the provincial operator's pages in the console (#/operator) — proxy
 * authorisations, a result's trail and revocation, reviewer accounts — on the center's admin
 * API. Signing in means giving the center's admin token (CENTER_ADMIN_TOKEN); it is kept in
 * this page's memory only, so a reload or a closed tab forgets it.
 */
import { ApiOutlined, KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AppHeader, headerText } from '../../../src-ui/AppHeader';
import { ApiError } from '../../api/client';
import { createOperatorApi } from '../../api/operator';
import { describeError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { LangSwitch } from '../../app/LangSwitch';
import { OperatorApiContext } from './operatorApiContext';
import { ProxyTab } from './ProxyTab';
import { ResultsTab } from './ResultsTab';
import { ReviewersTab } from './ReviewersTab';

function TokenPage({ onSignedIn, expired }: { onSignedIn: (token: string) => void; expired: boolean }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ token?: string }>();

  async function submit(values: { token?: string }) {
    const token = (values.token ?? '').trim();
    if (!token) {
      form.setFields([{ name: 'token', errors: [t('operator.token.required')] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Any admin read tells whether the token is right.
      await createOperatorApi({ token }).reviewers();
      onSignedIn(token);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('operator.token.wrong') : describeError(t, e));
      form.setFields([{ name: 'token', value: '' }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '10vh' }}>
      <Card style={{ width: 420 }} data-testid="operator-token-page">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('operator.token.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('operator.token.hint')}</Typography.Paragraph>
        {expired && !error && <Alert type="warning" showIcon title={t('operator.token.expired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="operator-token-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} requiredMark={false}>
          <Form.Item name="token" label={t('operator.token.label')}>
            <Input.Password prefix={<KeyOutlined />} autoFocus autoComplete="off" data-testid="operator-token" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="operator-token-submit">
            {t('operator.token.submit')}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <Link to="/">{t('operator.toReviewerLogin')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

const TABS = ['proxy', 'results', 'reviewers'] as const;
type TabKey = (typeof TABS)[number];

function OperatorPages({ onSignOut }: { onSignOut: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active: TabKey = TABS.find((k) => pathname.startsWith(`/operator/${k}`)) ?? 'proxy';
  const labels: Record<TabKey, string> = { proxy: t('operator.tab.proxy'), results: t('operator.tab.results'), reviewers: t('operator.tab.reviewers') };
  return (
    <Layout.Content style={{ padding: '12px 20px' }}>
      <Tabs
        activeKey={active}
        onChange={(k) => void navigate(`/operator/${k}`)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`operator-tab-${k}`}>{labels[k]}</span> }))}
        tabBarExtraContent={
          <Button icon={<LogoutOutlined />} onClick={onSignOut} data-testid="operator-sign-out">
            {t('operator.signOut')}
          </Button>
        }
      />
      <Routes>
        <Route path="proxy" element={<ProxyTab />} />
        <Route path="results" element={<ResultsTab />} />
        <Route path="reviewers" element={<ReviewersTab />} />
        <Route path="*" element={<Navigate to="/operator/proxy" replace />} />
      </Routes>
    </Layout.Content>
  );
}

export function OperatorArea() {
  const t = useT();
  const [token, setToken] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  // One client per token; a 401 later (the token changed at the center) signs out.
  const api = useMemo(
    () =>
      token
        ? createOperatorApi({
            token,
            onUnauthorized: () => {
              setToken(null);
              setExpired(true);
            },
          })
        : null,
    [token],
  );
  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="operator-area">
      <AppHeader name={t('app.name')} subtitle={t('operator.subtitle')}>
        <span style={headerText}>
          <ApiOutlined style={{ marginRight: 6, opacity: 0.8 }} />
          {t('operator.title')}
        </span>
        <LangSwitch style={headerText} />
      </AppHeader>
      {api ? (
        <OperatorApiContext.Provider value={api}>
          <OperatorPages onSignOut={() => setToken(null)} />
        </OperatorApiContext.Provider>
      ) : (
        <TokenPage
          expired={expired}
          onSignedIn={(accepted) => {
            setExpired(false);
            setToken(accepted);
          }}
        />
      )}
    </Layout>
  );
}
