import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import antdZhCN from 'antd/locale/zh_CN';
import type { Locale as AntdLocale } from 'antd/es/locale';
import zhCN from './zh-CN.json';
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
 * The first download holds only the default language's core catalogue (what the login page
 * says); the feature areas' default-language keys come with the signed-in app (areas.ts). Another
 * language is fetched whole when chosen, with antd's and dayjs's strings for it.
 */
const DEFAULT_CATALOGUE = zhCN as Catalogue;

/** antd's own strings per language; zh-CN is built in, the others arrive with their catalogue. */
const ANTD_LOCALES: Partial<Record<UiLocale, AntdLocale>> = { 'zh-CN': antdZhCN };

export function antdLocale(lng: UiLocale): AntdLocale {
  return ANTD_LOCALES[lng] ?? antdZhCN;
}

const LOADERS: Record<Exclude<UiLocale, 'zh-CN'>, () => Promise<Catalogue>> = {
  'zh-TW': async () => {
    const [antd, , ...parts] = await Promise.all([import('antd/locale/zh_TW'), import('dayjs/locale/zh-tw'), import('./zh-TW.json'), import('./desk.zh-TW.json'), import('./wfm.zh-TW.json'), import('./ops.zh-TW.json'), import('./knowledge.zh-TW.json'), import('./quality.zh-TW.json'), import('./reports.zh-TW.json'), import('./techApp.zh-TW.json'), import('./inspectApp.zh-TW.json'), import('./residentApp.zh-TW.json')]);
    ANTD_LOCALES['zh-TW'] = antd.default;
    return Object.assign({}, ...parts.map((m) => m.default)) as Catalogue;
  },
  en: async () => {
    const [antd, ...parts] = await Promise.all([import('antd/locale/en_US'), import('./en.json'), import('./desk.en.json'), import('./wfm.en.json'), import('./ops.en.json'), import('./knowledge.en.json'), import('./quality.en.json'), import('./reports.en.json'), import('./techApp.en.json'), import('./inspectApp.en.json'), import('./residentApp.en.json')]);
    ANTD_LOCALES.en = antd.default;
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
