/** Reviewer sign-in: field errors under their fields, lockout and other refusals above the form. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConsoleLoginRequest } from '../../../src-shared/protocol/console';
import { ApiError } from '../../api/client';
import { Emblem } from '../../app/Emblem';
import { describeError, fieldErrors, fieldPath } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { LangSwitch } from '../../app/LangSwitch';
import { useSession, type SignedOutReason } from '../../app/session';
import { BRAND } from '../../app/theme';

interface Values {
  username?: string;
  password?: string;
}

const FIELDS = ['username', 'password'] as const;

export function LoginPage({ reason }: { reason: SignedOutReason }) {
  const t = useT();
  const locale = useLocale();
  const { api, signedIn } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ locked: boolean; text: string } | null>(null);

  async function submit(values: Values) {
    setFailure(null);
    const parsed = ConsoleLoginRequest.safeParse({ username: values.username ?? '', password: values.password ?? '' });
    if (!parsed.success) {
      form.setFields(fieldErrors(t, locale, parsed.error));
      return;
    }
    setBusy(true);
    try {
      signedIn(await api.login(parsed.data));
    } catch (e) {
      const path = e instanceof ApiError ? fieldPath(e.field, FIELDS) : null;
      const text = describeError(t, e);
      // The password is cleared and the error set in one update (a later value change would drop the error).
      const onField = path && !(e instanceof ApiError && e.locked);
      form.setFields([
        { name: 'password', value: '', ...(onField && path[0] === 'password' ? { errors: [text] } : {}) },
        ...(onField && path[0] !== 'password' ? [{ name: path, errors: [text] }] : []),
      ]);
      if (!onField) setFailure({ locked: e instanceof ApiError && e.locked, text });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: BRAND.pageBg }}>
      <div style={{ height: 56, background: BRAND.header, borderBottom: `3px solid ${BRAND.headerAccent}`, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px' }}>
        <Emblem size={30} />
        <span style={{ color: '#fff', fontSize: 19, fontWeight: 600, letterSpacing: 2 }}>{t('app.name')}</span>
        <span style={{ flex: 1 }} />
        <LangSwitch style={{ color: 'rgba(255,255,255,0.92)' }} />
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', paddingTop: '10vh' }}>
        <Card style={{ width: 380 }} data-testid="login-page">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.hint')}</Typography.Paragraph>
          {reason === 'expired' && <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} data-testid="login-expired" />}
          {reason === 'logged-out' && !failure && <Alert type="info" showIcon title={t('login.loggedOut')} style={{ marginBottom: 16 }} />}
          {failure && (
            <Alert
              type="error"
              showIcon
              data-testid={failure.locked ? 'login-locked' : 'login-error'}
              title={failure.locked ? t('login.locked') : t('login.failed')}
              description={failure.text}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')}>
              <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="login-username" maxLength={64} />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {busy ? t('login.submitting') : t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'right' }}>
            <Link to="/operator" data-testid="to-operator">
              {t('login.toOperator')}
            </Link>
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
