import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { changeLocale, isLocale, LOCALE_NAMES, LOCALES, type Locale } from './index';

interface LocaleAnswer {
  locale: string | null;
}

/**
 * The language picker in the top bar (and on the sign-in pages). With `accountPath` (signed in) the
 * account's saved choice is applied on arrival and a new choice is saved there, so it follows the
 * person to any browser; without one the choice stays in this browser.
 */
export function LanguageSelect({ accountPath }: { accountPath?: string }) {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    if (!accountPath) return;
    let live = true;
    api
      .get<LocaleAnswer>(accountPath)
      .then((answer) => {
        if (live && isLocale(answer.locale) && answer.locale !== i18n.language) changeLocale(answer.locale);
      })
      .catch(() => {
        // The browser's language stays: not worth an error on every screen.
      });
    return () => {
      live = false;
    };
  }, [accountPath, i18n]);

  function choose(locale: Locale) {
    changeLocale(locale);
    if (accountPath) api.put(accountPath, { locale }).catch(() => {});
  }

  const value = isLocale(i18n.language) ? i18n.language : 'en';
  return (
    <label className="tz-select lang-select">
      <span className="tz-label">{t('common.shell.language')}</span>
      <select value={value} onChange={(e) => isLocale(e.target.value) && choose(e.target.value)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
