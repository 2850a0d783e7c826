/** Department console entry: served by the center at /console/, talks to /v1/console/*. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleRoot } from './app/ConsoleRoot';
import './app/global.css';

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');
createRoot(rootEl).render(
  <StrictMode>
    <ConsoleRoot />
  </StrictMode>,
);
