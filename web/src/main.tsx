import './compat';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { App } from './App';
import { probeSession } from './auth';
import { registerServiceWorker } from './offline/network';
import { preloadSignedIn } from './layout/loadSignedIn';

// First: it sets the language API calls ask for (a non-default catalogue is fetched meanwhile).
const ready = initI18n();
void probeSession();
// The installable app's worker (offline shell for the phone apps); never in development.
if (import.meta.env.PROD) registerServiceWorker();
// Off the login page: fetch the signed-in app and the screen being opened while the session check is in flight.
if (!window.location.pathname.startsWith('/login')) preloadSignedIn(window.location.pathname);

// antd's prebuilt styles (added by the boot script off the login page, see vite.config.ts) must be in
// before antd first renders: it reads their cache map once, and a missing map means run-time styles.
const sheet = document.querySelector<HTMLLinkElement>('link[data-antd-static]');
const styles =
  sheet && !sheet.sheet
    ? new Promise<void>((resolve) => {
        sheet.addEventListener('load', () => resolve(), { once: true });
        sheet.addEventListener('error', () => resolve(), { once: true }); // then styles are made at run time
      })
    : undefined;

void Promise.all([ready, styles]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
