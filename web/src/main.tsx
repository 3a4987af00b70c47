import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AdminApp } from './admin/admin-app';
import { TimeZoneProvider } from './components/time-zone';
import './styles/base.css';
import './styles/layout.css';
import './styles/tables.css';
import './styles/forms.css';
// Last: its narrow-screen rules override the ones above.
import './styles/components.css';
import './styles/streams.css';
import './styles/workspace.css';
import { initI18n } from './i18n';
import { PortalApp } from './webmaster/portal-app';

initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// One app, two route trees: the admin panel and the publisher portal share components and styles.
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <TimeZoneProvider>
        <Routes>
          <Route path="/admin/*" element={<AdminApp />} />
          <Route path="/webmaster/*" element={<PortalApp />} />
          {/* Only the dev server reaches here (the Fastify server serves the app under the two roots). */}
          <Route path="*" element={<Navigate to="/admin" replace />} />
        </Routes>
      </TimeZoneProvider>
    </BrowserRouter>
  </StrictMode>,
);
