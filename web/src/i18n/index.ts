import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues } from './catalogues';
import { setApiLocale } from '../api';
import type { UiLocale } from '../format';

export const LANGUAGES: readonly { code: UiLocale; label: string }[] = [
  // Each language is named in itself so that anyone can find their own.
  { code: 'zh-CN', label: '简体中文' },
  { code: 'zh-TW', label: '繁體中文' },
  { code: 'en', label: 'English' },
];

export const STORAGE_KEY = 'shouwen.lang';
export const DEFAULT_LANGUAGE: UiLocale = 'zh-CN';

export function isUiLocale(v: unknown): v is UiLocale {
  return v === 'zh-CN' || v === 'zh-TW' || v === 'en';
}

function storedLanguage(): UiLocale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isUiLocale(v)) return v;
  } catch {
    // Storage may be blocked (private mode); the default will do.
  }
  return DEFAULT_LANGUAGE;
}

export const resources = {
  'zh-CN': { translation: catalogues['zh-CN'] },
  'zh-TW': { translation: catalogues['zh-TW'] },
  en: { translation: catalogues.en },
} as const;

function applyLanguage(lng: UiLocale) {
  setApiLocale(lng);
  document.documentElement.lang = lng;
}

export function initI18n(): typeof i18n {
  const lng = storedLanguage();
  applyLanguage(lng);
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    showSupportNotice: false, // no promotional line in users' consoles
  });
  return i18n;
}

/** Switch the UI language: catalogue, API Accept-Language, <html lang>, and remember it. */
export async function changeLanguage(lng: UiLocale): Promise<void> {
  applyLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted; still switched for this visit.
  }
  await i18n.changeLanguage(lng);
}

export function currentLanguage(): UiLocale {
  const l = i18n.language;
  return isUiLocale(l) ? l : DEFAULT_LANGUAGE;
}

export default i18n;
