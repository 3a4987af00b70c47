import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enAdmin from './en/admin.json';
import enCommon from './en/common.json';
import enErrors from './en/errors.json';
import enExports from './en/exports.json';
import enFilters from './en/filters.json';
import enFinance from './en/finance.json';
import enForms from './en/forms.json';
import enMessages from './en/messages.json';
import enPortal from './en/portal.json';
import enReports from './en/reports.json';
import enSetup from './en/setup.json';
import enStreams from './en/streams.json';
import enTables from './en/tables.json';
import enTraffic from './en/traffic.json';
import esAdmin from './es/admin.json';
import esCommon from './es/common.json';
import esErrors from './es/errors.json';
import esExports from './es/exports.json';
import esFilters from './es/filters.json';
import esFinance from './es/finance.json';
import esForms from './es/forms.json';
import esMessages from './es/messages.json';
import esPortal from './es/portal.json';
import esReports from './es/reports.json';
import esSetup from './es/setup.json';
import esStreams from './es/streams.json';
import esTables from './es/tables.json';
import esTraffic from './es/traffic.json';
import hiAdmin from './hi/admin.json';
import hiCommon from './hi/common.json';
import hiErrors from './hi/errors.json';
import hiExports from './hi/exports.json';
import hiFilters from './hi/filters.json';
import hiFinance from './hi/finance.json';
import hiForms from './hi/forms.json';
import hiMessages from './hi/messages.json';
import hiPortal from './hi/portal.json';
import hiReports from './hi/reports.json';
import hiSetup from './hi/setup.json';
import hiStreams from './hi/streams.json';
import hiTables from './hi/tables.json';
import hiTraffic from './hi/traffic.json';
import ruAdmin from './ru/admin.json';
import ruCommon from './ru/common.json';
import ruErrors from './ru/errors.json';
import ruExports from './ru/exports.json';
import ruFilters from './ru/filters.json';
import ruFinance from './ru/finance.json';
import ruForms from './ru/forms.json';
import ruMessages from './ru/messages.json';
import ruPortal from './ru/portal.json';
import ruReports from './ru/reports.json';
import ruSetup from './ru/setup.json';
import ruStreams from './ru/streams.json';
import ruTables from './ru/tables.json';
import ruTraffic from './ru/traffic.json';

/**
 * The web app's languages (i18next + react-i18next). English is the source; each language's texts
 * live in JSON files per area (common.json: shell, login, shared components; portal.json: the
 * publisher portal; admin.json: the admin panel), merged into one namespace so a key names its area
 * (`portal.offers.title`). Plurals follow Intl.PluralRules (Russian: one/few/many), and numbers,
 * money and dates are formatted by Intl in the chosen language (i18n/format.ts).
 */
export const LOCALES = ['en', 'es', 'ru', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Español',
  ru: 'Русский',
  hi: 'हिन्दी',
};
export const LOCALE_STORAGE_KEY = 'leadrail.locale';

export const resources = {
  en: {
    translation: {
      ...enCommon,
      ...enPortal,
      ...enAdmin,
      ...enStreams,
      ...enReports,
      ...enExports,
      ...enTables,
      ...enFinance,
      ...enSetup,
      ...enTraffic,
      ...enForms,
      ...enErrors,
      ...enFilters,
      ...enMessages,
    },
  },
  es: {
    translation: {
      ...esCommon,
      ...esPortal,
      ...esAdmin,
      ...esStreams,
      ...esReports,
      ...esExports,
      ...esTables,
      ...esFinance,
      ...esSetup,
      ...esTraffic,
      ...esForms,
      ...esErrors,
      ...esFilters,
      ...esMessages,
    },
  },
  ru: {
    translation: {
      ...ruCommon,
      ...ruPortal,
      ...ruAdmin,
      ...ruStreams,
      ...ruReports,
      ...ruExports,
      ...ruTables,
      ...ruFinance,
      ...ruSetup,
      ...ruTraffic,
      ...ruForms,
      ...ruErrors,
      ...ruFilters,
      ...ruMessages,
    },
  },
  hi: {
    translation: {
      ...hiCommon,
      ...hiPortal,
      ...hiAdmin,
      ...hiStreams,
      ...hiReports,
      ...hiExports,
      ...hiTables,
      ...hiFinance,
      ...hiSetup,
      ...hiTraffic,
      ...hiForms,
      ...hiErrors,
      ...hiFilters,
      ...hiMessages,
    },
  },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages we speak ("es-MX" → es), else English. */
export function browserLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

function savedLocale(): Locale | undefined {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** Before sign-in: this browser's last choice, else its languages; after sign-in the account's choice wins. */
export function initialLocale(): Locale {
  if (typeof navigator === 'undefined') return 'en';
  return savedLocale() ?? browserLocale(navigator.languages ?? [navigator.language]);
}

function applyDocumentLanguage(locale: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

// Set up on first import, synchronously (the resources are bundled): texts read by plain functions
// (lib/, column lists) work before any component renders, and in the unit tests (English).
i18next.on('languageChanged', applyDocumentLanguage);
void i18next.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** Sets `<html lang>` to the language chosen before the first render. */
export function initI18n() {
  applyDocumentLanguage(currentLocale());
  return i18next;
}

/** Show the app in a language and remember it in this browser (the account keeps it on the server). */
export function changeLocale(locale: Locale) {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice lasts for this visit (and stays on the account).
  }
  void i18next.changeLanguage(locale);
}

/** The language the app is shown in now. */
export function currentLocale(): Locale {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(lng) ? lng : 'en';
}

export { i18next };

/** For texts outside components (column lists, labels in lib code): read at render time, in the current language. */
export function tr(key: string, options?: Record<string, unknown>): string {
  return i18next.t(key, options ?? {}) as string;
}
