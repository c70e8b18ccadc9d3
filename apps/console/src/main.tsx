import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { acting, api, session } from './api';
import { ActingBanner, ActingForSelect, useActing } from './components/acting-for';
import { currentLang, t, toggleLang } from './i18n';
import { AdminDirectoryPage } from './pages/admin-directory-page';
import { AdminReorganisationPage } from './pages/admin-reorganisation-page';
import { AdminUsersPage } from './pages/admin-users-page';
import { AssignmentPage } from './pages/assignment-page';
import { DashboardPage } from './pages/dashboard-page';
import { DelegationsPage } from './pages/delegations-page';
import { HistoryPage } from './pages/history-page';
import { InboxPage } from './pages/inbox-page';
import { LoginPage } from './pages/login-page';
import { DraftEditorPage } from './pages/draft-editor-page';
import { PlanPage } from './pages/plan-page';
import { PlansPage } from './pages/plans-page';
import './styles.css';

/** Hash routes: #/inbox, #/assignments/:id, #/plans, #/plans/:id, #/plans/:id/draft (the draft editor), #/history/:kind/:id, #/dashboard, #/delegations, #/login. */
function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

function App() {
  const route = useRoute();
  const [, rerender] = useState(0);
  const actingFor = useActing(); // a deputy acting for a delegator sees the delegator's work: every page reloads
  const me = session.me();
  if (!me || route[0] === 'login') return <LoginPage />;
  const [page, id, sub] = route;
  const nav = [
    ['inbox', t('inbox')],
    ['plans', t('plans')],
    ['dashboard', t('dashboard')],
    ['delegations', t('delegations')],
    ...(me.roles.includes('admin') ? [['admin-directory', currentLang() === 'vi' ? 'Danh mục' : 'Directory'], ['admin-users', currentLang() === 'vi' ? 'Người dùng' : 'Users'], ['admin-reorganisation', currentLang() === 'vi' ? 'Sắp xếp tổ chức' : 'Reorganisation']] : []),
  ];
  return (
    <div className="shell">
      <header>
        <strong>khflow · {t('appName')}</strong>
        <nav aria-label="menu">
          {nav.map(([href, text]) => (
            <a key={href} href={`#/${href}`} aria-current={page === href ? 'page' : undefined}>
              {text}
            </a>
          ))}
        </nav>
        <ActingForSelect />
        <span className="who">
          {me.displayName} — {me.unitName}
        </span>
        <button type="button" className="link" onClick={() => (toggleLang(), rerender((n) => n + 1))}>
          {t('language')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            acting.set(null);
            void api.post('/auth/logout').catch(() => undefined); // the token stops working at once
            session.clear();
            location.hash = '#/login';
          }}
        >
          {t('logout')}
        </button>
      </header>
      <ActingBanner />
      <main key={actingFor?.userId ?? 'self'}>
        {page === 'assignments' && id ? <AssignmentPage id={id} /> : null}
        {page === 'plans' && id && sub === 'draft' ? <DraftEditorPage id={id} /> : null}
        {page === 'plans' && id && !sub ? <PlanPage id={id} /> : null}
        {page === 'plans' && !id ? <PlansPage /> : null}
        {page === 'history' && id && sub ? <HistoryPage kind={id as 'plans' | 'assignments'} id={sub} /> : null}
        {page === 'dashboard' ? <DashboardPage /> : null}
        {page === 'delegations' ? <DelegationsPage /> : null}
        {page === 'admin-directory' ? <AdminDirectoryPage /> : null}
        {page === 'admin-users' ? <AdminUsersPage /> : null}
        {page === 'admin-reorganisation' ? <AdminReorganisationPage /> : null}
        {!page || page === 'inbox' ? <InboxPage /> : null}
      </main>
    </div>
  );
}

document.documentElement.lang = localStorage.getItem('khflow.lang') ?? 'vi';
createRoot(document.getElementById('root')!).render(<App />);
