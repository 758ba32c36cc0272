import { Fragment, lazy, Suspense } from 'react';
import { BrowserRouter, NavLink, Route, Routes } from 'react-router';
import { WorkspaceView } from '../views/WorkspaceView';
import { ErrorBoundary } from '../views/ErrorBoundary';
import { WorkspaceProvider } from '../state/workspaceContext';
import { LinkBanner } from '../views/share/LinkBanner';
import { NavigateEvents } from '../views/NavigateEvents';
import { t } from '../i18n';
import { LanguageSwitcher, useUiLanguage } from './language';

const TrustPage = lazy(() => import('../views/trust/TrustPage'));
const NetworkPage = lazy(() => import('../views/network/NetworkPage'));
const AuditPage = lazy(() => import('../views/audit/AuditPage'));
const ReferenceView = lazy(() => import('../views/ReferenceView'));
const LessonPage = lazy(() => import('../views/lesson/LessonPage'));
const UpgradeView = lazy(() => import('../views/ReferenceView').then((m) => ({ default: m.UpgradeView })));

const page = (el: React.ReactNode) => (
  <Suspense fallback={<div className="kx-loading">{t('editor.loading')}</div>}>{el}</Suspense>
);

export function App() {
  // a switch of language re-renders the header and the pages anew; the workspace (its provider) stays
  const { lang, ready } = useUiLanguage();
  if (!ready) return null;
  return (
    <BrowserRouter>
      <NavigateEvents />
      <header className="kx-header" key={lang}>
        <span className="kx-logo">{t('app.title')}</span>
        <nav>
          <NavLink to="/" end>
            {t('nav.workspace')}
          </NavLink>
          <NavLink to="/trust">{t('nav.trust')}</NavLink>
          <NavLink to="/network">{t('nav.network')}</NavLink>
          <NavLink to="/audit">{t('nav.audit')}</NavLink>
          <NavLink to="/reference">{t('nav.reference')}</NavLink>
          <NavLink to="/lesson">{t('nav.lesson')}</NavLink>
        </nav>
        <span className="kx-tagline">{t('app.tagline')}</span>
        <LanguageSwitcher />
      </header>
      <ErrorBoundary>
        <WorkspaceProvider>
          <Fragment key={lang}>
            <LinkBanner />
            <Routes>
              <Route path="/" element={<WorkspaceView />} />
              <Route path="/trust" element={page(<TrustPage />)} />
              <Route path="/network" element={page(<NetworkPage />)} />
              <Route path="/audit" element={page(<AuditPage />)} />
              <Route path="/reference" element={page(<ReferenceView />)} />
              <Route path="/reference/:component/:flag?" element={page(<ReferenceView />)} />
              <Route path="/upgrade/:component?" element={page(<UpgradeView />)} />
              <Route path="/lesson/:step?" element={page(<LessonPage />)} />
              <Route path="*" element={<WorkspaceView />} />
            </Routes>
          </Fragment>
        </WorkspaceProvider>
      </ErrorBoundary>
    </BrowserRouter>
  );
}
