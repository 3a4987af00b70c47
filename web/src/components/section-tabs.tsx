import { useSearchParams } from 'react-router';
import { tr } from '../i18n';

/**
 * Sections of one screen as pressed buttons, the chosen one in `?view=` so a section can be linked
 * and survives a reload; switching drops the other section's filters and page.
 */
export function useSectionTabs<K extends string>(sections: readonly (readonly [K, string])[]) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('view');
  const current = (sections.find(([key]) => key === asked)?.[0] ?? sections[0]?.[0]) as K;
  const tabs = (
    <fieldset className="tabs">
      <legend className="sr-only">{tr('common.sectionTabs')}</legend>
      {sections.map(([key, label]) => (
        <button
          key={key}
          type="button"
          aria-pressed={current === key}
          onClick={() => setParams(key === sections[0]?.[0] ? '' : `?view=${key}`)}
        >
          {label}
        </button>
      ))}
    </fieldset>
  );
  return { current, tabs };
}

/** The `view` to keep in the address bar while a section changes its own filters or page. */
export function withView(params: URLSearchParams, query: string): string {
  const view = params.get('view');
  if (!view) return query;
  return query ? `${query}&view=${encodeURIComponent(view)}` : `?view=${encodeURIComponent(view)}`;
}
