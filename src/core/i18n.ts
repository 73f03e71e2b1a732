import { zhCN, zhCNZod } from '../locales/zh-CN';
import { zhTW, zhTWZod } from '../locales/zh-TW';
import { en, enZod } from '../locales/en';

export type Locale = 'zh-CN' | 'zh-TW' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'zh-TW', 'en'];

const catalogues: Record<Locale, Record<string, string>> = {
  'zh-CN': { ...zhCN, ...zhCNZod },
  'zh-TW': { ...zhTW, ...zhTWZod },
  en: { ...en, ...enZod },
};

/** Modules add their own messages (one object per locale) at import time. */
export function addMessages(messages: Partial<Record<Locale, Record<string, string>>>): void {
  for (const l of LOCALES) Object.assign(catalogues[l], messages[l] ?? {});
}

/** Pick the best supported locale from an Accept-Language header; zh-CN is the default. */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag === 'zh-tw' || tag === 'zh-hk' || tag === 'zh-hant' || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** Translate a code with {param} substitution; params that are themselves codes (what.*) are translated too. */
export function t(locale: Locale, code: string, params: Record<string, string | number> = {}): string {
  const template = catalogues[locale][code] ?? catalogues['zh-CN'][code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return `{${k}}`;
    const s = String(v);
    return catalogues[locale][s] ?? s;
  });
}

export function hasMessage(code: string): boolean {
  return code in catalogues['zh-CN'];
}
