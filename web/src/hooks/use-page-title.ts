import { useEffect } from 'react';
import { tr } from '../i18n';

/** Each screen names itself in the tab title (and for screen readers announcing navigation). */
export function usePageTitle(title: string, app: 'Admin' | 'Publisher' = 'Admin'): void {
  useEffect(() => {
    document.title = `${title} · Leadrail ${tr(app === 'Admin' ? 'nav.area.admin' : 'nav.area.webmaster')}`;
  }, [title, app]);
}
