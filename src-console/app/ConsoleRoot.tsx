/** Providers, the operators' area (#/operator), and the reviewers' sign-in gate: session check, then the login page or the console. */
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { CasePage } from '../features/case/CasePage';
import { LoginPage } from '../features/login/LoginPage';
import { OperatorArea } from '../features/operator/OperatorArea';
import { WorklistPage } from '../features/worklist/WorklistPage';
import { describeError } from './errors';
import { antdLocale, LocaleProvider, useLocale, useT } from './i18n';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { theme } from './theme';
import { ErrorBoundary } from '../../src-ui/ErrorBoundary';

function Gate() {
  const t = useT();
  const locale = useLocale();
  const { state, check } = useSession();

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [locale, t]);

  if (state.status === 'loading')
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }} data-testid="console-loading">
        <Spin size="large" description={t('app.loading')}>
          <div style={{ width: 160 }} />
        </Spin>
      </div>
    );
  if (state.status === 'error')
    return (
      <Result
        status="error"
        title={t('app.startFailed')}
        subTitle={<span data-testid="console-error">{describeError(t, state.error)}</span>}
        extra={<Button onClick={check}>{t('app.retry')}</Button>}
      />
    );
  if (state.status === 'signed-out') return <LoginPage reason={state.reason} />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<WorklistPage />} />
        <Route path="cases/:caseId" element={<CasePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

/** The operators' pages (#/operator, admin token) beside the reviewers' (#/, session). */
function Areas() {
  return (
    <HashRouter>
      <Routes>
        <Route path="/operator/*" element={<OperatorArea />} />
        <Route path="*" element={<Gate />} />
      </Routes>
    </HashRouter>
  );
}

function Themed() {
  const locale = useLocale();
  const t = useT();
  return (
    <ConfigProvider locale={antdLocale(locale)} theme={theme}>
      <AntApp>
        <ErrorBoundary title={t('app.startFailed')} retry={t('app.retry')} testId="console-error">
          <SessionProvider>
            <Areas />
          </SessionProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

export function ConsoleRoot() {
  return (
    <LocaleProvider>
      <Themed />
    </LocaleProvider>
  );
}
