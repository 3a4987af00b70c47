import { type ReactNode, useState } from 'react';
import { NavLink } from 'react-router';
import { TimeZoneSelect } from '../components/time-zone';

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
  children: ReactNode;
}

/** Header, navigation (a collapsible menu on narrow screens) and the page, for both apps. */
export function AppShell({ area, base, tabs, who, onSignOut, children }: AppShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          ☰ <span className="sr-only">Menu</span>
        </button>
        <span className="brand">
          Leadrail <span className="brand-area">{area}</span>
        </span>
        <span className="topbar-right">
          <TimeZoneSelect />
          <span className="who" title={who}>
            {who}
          </span>
          <button type="button" className="button-ghost" onClick={onSignOut}>
            Sign out
          </button>
        </span>
      </header>
      <nav id="app-nav" className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label={`${area} sections`}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.path}>
              {/* Choosing a page closes the menu on a phone. */}
              <NavLink to={`${base}/${tab.path}`} onClick={() => setMenuOpen(false)}>
                {tab.label}
                {tab.soon && <span className="soon">soon</span>}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
