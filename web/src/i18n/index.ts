import { DEFAULT_LOCALE, LOCALES, type Locale } from '@gonghui/contract';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Resources } from './zh-CN';

const STORAGE_KEY = 'gonghui.locale';

/**
 * Each language's words are a chunk of their own, loaded when that language is first used: a
 * reader of Chinese never downloads or builds the English catalogue, nor the reverse. The app
 * renders once the reader's language is in (`languageReady`); a switch loads the other first.
 */
const CATALOGUES: Record<Locale, () => Promise<Resources>> = {
  'zh-CN': async () => (await import('./zh-CN')).zhCN,
  en: async () => (await import('./en')).en,
};

function initialLocale(): Locale {
  // (No storage outside a browser: the web's unit tests run in Node.)
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: {},
  lng: initialLocale(),
  // Every catalogue has every key (Resources types the English one): nothing falls back.
  fallbackLng: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

/** Loads a language's words, once. */
export async function loadLanguage(locale: Locale) {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  i18n.addResourceBundle(locale, 'translation', await CATALOGUES[locale]());
}

/** The reader's language, loaded: the app renders after it. */
export const languageReady = () => loadLanguage(currentLocale());

export async function setLocale(locale: Locale) {
  await loadLanguage(locale);
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}

/** A signed-in user's saved language applies on a device that has no choice of its own yet. */
export function adoptSavedLocale(saved: Locale) {
  if (!localStorage.getItem(STORAGE_KEY) && saved !== i18n.language) void setLocale(saved);
}

export function currentLocale(): Locale {
  return (i18n.language as Locale) ?? DEFAULT_LOCALE;
}
