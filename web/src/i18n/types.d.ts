import 'i18next';
import type { Catalogue } from './catalogues';

// Typed translation keys: a key missing from the zh-CN catalogue is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
  }
}
