/** Providers and the top-level gate: load settings from main, then show the shell. */
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { Provider } from 'react-redux';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { Background } from './Background';
import { ErrorBoundary } from './ErrorBoundary';
import { useAppDispatch, useAppSelector } from './hooks';
import { antdLocale, useLocale, useT } from './i18n';
import { NoTokenPage } from './NoTokenPage';
import { DEFAULT_PATH, SECTIONS } from './routes';
import { ServicesProvider, type AppServices } from './services';
import { loadSession } from './sessionSlice';
import { Shell } from './Shell';
import type { AppStore } from './store';
import { theme } from './theme';

function Gate() {
  const t = useT();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.session);
  const locale = useLocale();

  useEffect(() => {
    void dispatch(loadSession());
  }, [dispatch]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [locale, t]);

  if (session.forbidden) return <NoTokenPage reason="forbidden" />;
  if (session.status === 'loading' && !session.settings)
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }} data-testid="app-loading">
        <Spin size="large" tip={t('app.loading')}>
          <div style={{ width: 120 }} />
        </Spin>
      </div>
    );
  if (session.status === 'error' && !session.settings)
    return (
      <Result
        status="error"
        title={t('app.startFailed')}
        subTitle={<span data-testid="app-error">{session.error}</span>}
        extra={<Button onClick={() => void dispatch(loadSession())}>{t('app.retry')}</Button>}
      />
    );

  return (
    <>
      <Background />
      <Routes>
        <Route element={<Shell />}>
          {SECTIONS.map((s) => (
            <Route key={s.key} path={s.path} element={s.element} />
          ))}
          <Route path="*" element={<Navigate to={DEFAULT_PATH} replace />} />
        </Route>
      </Routes>
    </>
  );
}

function Themed() {
  const locale = useLocale();
  const t = useT();
  return (
    <ConfigProvider locale={antdLocale(locale)} theme={theme}>
      <AntApp>
        <ErrorBoundary title={t('app.startFailed')} retry={t('app.retry')}>
          <HashRouter>
            <Gate />
          </HashRouter>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

export function AppRoot({ store, services }: { store: AppStore; services: AppServices }) {
  return (
    <Provider store={store}>
      <ServicesProvider services={services}>
        <Themed />
      </ServicesProvider>
    </Provider>
  );
}
