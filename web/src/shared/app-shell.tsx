import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Loading } from '../components/notice';
import { TimeZoneSelect } from '../components/time-zone';
import { LanguageSelect } from '../i18n/language-select';

export interface ShellTab {
  path: string;
  label: string;
  soon?: boolean;
}

interface AppShellProps {
  area: string;
  base: string;
  tabs: readonly ShellTab[];
  who: string;
  onSignOut: () => void;
  /** The account's language (GET/PUT): /api/auth/locale or /api/publisher/locale. */
  localePath?: string;
  children: ReactNode;
}

/** Header, navigation (a collapsible menu on narrow screens) and the page, for both apps. */
export function AppShell({ area, base, tabs, who, onSignOut, localePath, children }: AppShellProps) {
  const { t } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  // Tab labels are translated by path (nav.admin.offers, nav.webmaster.stats); a tab not listed yet keeps its label.
  const tabLabel = (tab: ShellTab) => t(`nav.${base.slice(1)}.${tab.path}`, { defaultValue: tab.label });
  const areaLabel = t(`nav.area.${base.slice(1)}`, { defaultValue: area });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.shell.skip')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          ☰ <span className="sr-only">{t('common.shell.menu')}</span>
        </button>
        <span className="brand">
          Leadrail <span className="brand-area">{areaLabel}</span>
        </span>
        <span className="topbar-right">
          <LanguageSelect accountPath={localePath} />
          <TimeZoneSelect />
          <span className="who" title={who}>
            {who}
          </span>
          {/* The test id: browser tests wait for a signed-in shell whatever language the account speaks. */}
          <button type="button" className="button-ghost" onClick={onSignOut} data-testid="sign-out">
            {t('common.shell.signOut')}
          </button>
        </span>
      </header>
      <nav
        id="app-nav"
        className={menuOpen ? 'sidenav open' : 'sidenav'}
        aria-label={t('common.shell.sections', { area: areaLabel })}
      >
        <ul>
          {tabs.map((tab) => (
            <li key={tab.path}>
              {/* Choosing a page closes the menu on a phone. */}
              <NavLink to={`${base}/${tab.path}`} onClick={() => setMenuOpen(false)}>
                {tabLabel(tab)}
                {tab.soon && <span className="soon">{t('common.shell.soon')}</span>}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {/* Screens load on first visit (admin/lazy-screens.ts): the shell stays while one arrives. */}
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
    </div>
  );
}
