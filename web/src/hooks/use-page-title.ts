import { useEffect } from 'react';

/** Each screen names itself in the tab title (and for screen readers announcing navigation). */
export function usePageTitle(title: string, app: 'Admin' | 'Publisher' = 'Admin'): void {
  useEffect(() => {
    document.title = `${title} · Leadrail ${app}`;
  }, [title, app]);
}
