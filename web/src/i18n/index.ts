import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import deskZhCN from './desk.zh-CN.json';
import wfmZhCN from './wfm.zh-CN.json';
import opsZhCN from './ops.zh-CN.json';
import knowledgeZhCN from './knowledge.zh-CN.json';
import qualityZhCN from './quality.zh-CN.json';
import reportsZhCN from './reports.zh-CN.json';
import techAppZhCN from './techApp.zh-CN.json';
import inspectAppZhCN from './inspectApp.zh-CN.json';
import residentAppZhCN from './residentApp.zh-CN.json';
import type { Catalogue } from './catalogues';
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

/**
 * The default language's catalogue is part of the first download; the others are fetched when
 * chosen (each is about a third of the catalogue weight, which would otherwise load for everyone).
 */
const DEFAULT_CATALOGUE = { ...zhCN, ...deskZhCN, ...wfmZhCN, ...opsZhCN, ...knowledgeZhCN, ...qualityZhCN, ...reportsZhCN, ...techAppZhCN, ...inspectAppZhCN, ...residentAppZhCN } as Catalogue;

const LOADERS: Record<Exclude<UiLocale, 'zh-CN'>, () => Promise<Catalogue>> = {
  'zh-TW': async () => {
    const parts = await Promise.all([import('./zh-TW.json'), import('./desk.zh-TW.json'), import('./wfm.zh-TW.json'), import('./ops.zh-TW.json'), import('./knowledge.zh-TW.json'), import('./quality.zh-TW.json'), import('./reports.zh-TW.json'), import('./techApp.zh-TW.json'), import('./inspectApp.zh-TW.json'), import('./residentApp.zh-TW.json')]);
    return Object.assign({}, ...parts.map((m) => m.default)) as Catalogue;
  },
  en: async () => {
    const parts = await Promise.all([import('./en.json'), import('./desk.en.json'), import('./wfm.en.json'), import('./ops.en.json'), import('./knowledge.en.json'), import('./quality.en.json'), import('./reports.en.json'), import('./techApp.en.json'), import('./inspectApp.en.json'), import('./residentApp.en.json')]);
    return Object.assign({}, ...parts.map((m) => m.default)) as Catalogue;
  },
};

/** Make sure a language's catalogue is in i18next before anything is shown in it. */
async function ensureCatalogue(lng: UiLocale): Promise<void> {
  if (lng === 'zh-CN' || i18n.hasResourceBundle(lng, 'translation')) return;
  i18n.addResourceBundle(lng, 'translation', await LOADERS[lng]());
}

function applyLanguage(lng: UiLocale) {
  setApiLocale(lng);
  document.documentElement.lang = lng;
}

/** Start i18next in the remembered language; resolves when its catalogue is loaded (render after). */
export async function initI18n(): Promise<typeof i18n> {
  let lng = storedLanguage();
  applyLanguage(lng);
  await i18n.use(initReactI18next).init({
    resources: { [DEFAULT_LANGUAGE]: { translation: DEFAULT_CATALOGUE } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    showSupportNotice: false, // no promotional line in users' consoles
  });
  if (lng !== DEFAULT_LANGUAGE) {
    try {
      await ensureCatalogue(lng);
    } catch {
      // The catalogue could not be fetched (network): carry on in the default language.
      lng = DEFAULT_LANGUAGE;
      applyLanguage(lng);
    }
    await i18n.changeLanguage(lng);
  }
  return i18n;
}

/** Switch the UI language: catalogue, API Accept-Language, <html lang>, and remember it. */
export async function changeLanguage(lng: UiLocale): Promise<void> {
  // Remember the choice at once: a page left while the catalogue loads opens in it next time.
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted; still switched for this visit.
  }
  await ensureCatalogue(lng);
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}

export function currentLanguage(): UiLocale {
  const l = i18n.language;
  return isUiLocale(l) ? l : DEFAULT_LANGUAGE;
}

export default i18n;
