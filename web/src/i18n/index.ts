import { DEFAULT_LOCALE, LOCALES, type Locale } from '@gonghui/contract';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

const STORAGE_KEY = 'gonghui.locale';

function initialLocale(): Locale {
  // (No storage outside a browser: the web's unit tests run in Node.)
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLocale(),
  fallbackLng: DEFAULT_LOCALE,
  interpolation: { escapeValue: false },
});

export function setLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

/** A signed-in user's saved language applies on a device that has no choice of its own yet. */
export function adoptSavedLocale(saved: Locale) {
  if (!localStorage.getItem(STORAGE_KEY) && saved !== i18n.language) setLocale(saved);
}

export function currentLocale(): Locale {
  return (i18n.language as Locale) ?? DEFAULT_LOCALE;
}
