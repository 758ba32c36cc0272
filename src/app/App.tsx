import { BrowserRouter, NavLink, Route, Routes } from 'react-router';
import { WorkspaceView } from '../views/WorkspaceView';
import { ReferenceView } from '../views/ReferenceView';
import { ErrorBoundary } from '../views/ErrorBoundary';
import { t } from '../i18n';

export function App() {
  return (
    <BrowserRouter>
      <header className="kx-header">
        <span className="kx-logo">{t('app.title')}</span>
        <nav>
          <NavLink to="/" end>
            {t('nav.workspace')}
          </NavLink>
          <NavLink to="/reference/kube-apiserver">{t('nav.reference')}</NavLink>
        </nav>
        <span className="kx-tagline">{t('app.tagline')}</span>
      </header>
      <ErrorBoundary>
        <Routes>
          <Route path="/" element={<WorkspaceView />} />
          <Route path="/reference" element={<ReferenceView />} />
          <Route path="/reference/:component/:flag?" element={<ReferenceView />} />
          <Route path="*" element={<WorkspaceView />} />
        </Routes>
      </ErrorBoundary>
    </BrowserRouter>
  );
}
