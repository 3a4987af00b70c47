import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryRoot } from './components/query-root';
import { TimeZoneProvider } from './components/time-zone';
import './styles/base.css';
import './styles/layout.css';
import './styles/tables.css';
import './styles/forms.css';
// Last: its narrow-screen rules override the ones above.
import './styles/components.css';
import './styles/streams.css';
import './styles/workspace.css';
import './styles/table-tools.css';
import './styles/theme-dark.css';
import './styles/phone.css';
import { initI18n } from './i18n';
import { lazyScreen } from './lib/lazy-screen';

initI18n();

// A publisher never downloads the admin panel, nor an admin the portal.
const AdminApp = lazyScreen(() => import('./admin/admin-app'), 'AdminApp');
const PortalApp = lazyScreen(() => import('./webmaster/portal-app'), 'PortalApp');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// One app, two route trees: the admin panel and the publisher portal share components and styles.
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <TimeZoneProvider>
        <Suspense fallback={null}>
          <Routes>
            <Route
              path="/admin/*"
              element={
                <QueryRoot>
                  <AdminApp />
                </QueryRoot>
              }
            />
            <Route
              path="/webmaster/*"
              element={
                <QueryRoot>
                  <PortalApp />
                </QueryRoot>
              }
            />
            {/* Only the dev server reaches here (the Fastify server serves the app under the two roots). */}
            <Route path="*" element={<Navigate to="/admin" replace />} />
          </Routes>
        </Suspense>
      </TimeZoneProvider>
    </BrowserRouter>
  </StrictMode>,
);
