import type { ComponentChildren } from 'preact';
import { lang, setLang, t } from './i18n.ts';
import { Dashboard } from './pages/Dashboard.tsx';
import { FieldForm } from './pages/FieldForm.tsx';
import { IncidentList, IncidentPage } from './pages/Incidents.tsx';
import { Login } from './pages/Login.tsx';
import { Pairs } from './pages/Pairs.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { Review } from './pages/Review.tsx';
import { location, onLinkClick } from './router.ts';
import { atLeast, signOut, user } from './session.ts';
import { useSignal } from './signal.ts';

function Page(): ComponentChildren {
  const { path } = useSignal(location);
  const me = useSignal(user);
  if (path === '/login') return <Login />;
  if (path === '/field') return <FieldForm />;
  if (path === '/') return <Dashboard />;
  if (me === undefined) return <p role="status">{t('loading')}</p>;
  if (!me && path !== '/') return <Login />;
  if (path === '/review' || path.startsWith('/review/')) return <Review />;
  if (path === '/incidents') return <IncidentList />;
  if (path.startsWith('/incidents/')) return <IncidentPage id={path.split('/')[2] ?? ''} />;
  if (path === '/pairs') return <Pairs />;
  if (path.startsWith('/reports/')) return <ReportPage id={path.split('/')[2] ?? ''} />;
  return <p>{t('notFound')}</p>;
}

function NavLink(props: { href: string; label: string }) {
  const { path } = useSignal(location);
  const current = props.href === '/' ? path === '/' : path.startsWith(props.href);
  return (
    <a href={props.href} aria-current={current ? 'page' : undefined}>
      {props.label}
    </a>
  );
}

export function App() {
  useSignal(lang);
  const me = useSignal(user);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates clicks on the links inside to the router
    // biome-ignore lint/a11y/useKeyWithClickEvents: links keep their own keyboard behaviour
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      <header class="top">
        <a class="brand" href="/">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>{t('appName')}</span>
        </a>
        <nav aria-label="Tally">
          <NavLink href="/" label={t('dashboard')} />
          {atLeast('analyst', me) && <NavLink href="/review" label={t('review')} />}
          {atLeast('analyst', me) && <NavLink href="/incidents" label={t('incidents')} />}
          {atLeast('analyst', me) && <NavLink href="/pairs" label={t('pairs')} />}
          <NavLink href="/field" label={t('field')} />
        </nav>
        <div class="top-actions">
          <button
            type="button"
            class="link"
            lang={lang.value === 'ar' ? 'en' : 'ar'}
            aria-label={t('languageLabel')}
            onClick={() => setLang(lang.value === 'ar' ? 'en' : 'ar')}
          >
            {t('language')}
          </button>
          {me ? (
            <button type="button" class="link" onClick={() => void signOut()}>
              {t('signOut')} ({me.username})
            </button>
          ) : (
            <a href="/login">{t('signIn')}</a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </div>
  );
}
