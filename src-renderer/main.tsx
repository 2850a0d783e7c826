/**
 * Renderer entry. Detect the clerk-api binding (Electron preload or browser-mode HTTP
 * with the launch token), open the local database, build the store and render.
 */
import { ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app/AppRoot';
import './app/global.css';
import { antdLocale, DEFAULT_LOCALE } from './app/i18n';
import { NoTokenPage } from './app/NoTokenPage';
import { theme } from './app/theme';
import { createServices } from './app/services';
import { forbidden } from './app/sessionSlice';
import { createAppStore, type AppStore } from './app/store';
import { openDb } from './db/database';
import { detectPlatform } from './platform/clerkClient';
import { takeLaunchToken } from './platform/token';
import { requestPersistentStorage } from './app/persistentStorage';

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');
const root = createRoot(rootEl);

let store: AppStore | null = null;
const platform = detectPlatform(window, () => takeLaunchToken(), () => store?.dispatch(forbidden()));

if (platform.kind === 'browser-no-token') {
  root.render(
    <StrictMode>
      <ConfigProvider locale={antdLocale(DEFAULT_LOCALE)} theme={theme}>
        <NoTokenPage reason="missing" />
      </ConfigProvider>
    </StrictMode>,
  );
} else {
  void requestPersistentStorage();
  const db = openDb();
  const services = createServices(platform.client, platform.kind, db);
  store = createAppStore(services);
  root.render(
    <StrictMode>
      <AppRoot store={store} services={services} />
    </StrictMode>,
  );
}
