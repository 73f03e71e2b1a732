/**
 * The feature areas' keys in the default language. Only the signed-in app needs them (the login
 * page uses the core catalogue alone), so they travel in its chunk rather than the first download;
 * other languages' catalogues are fetched whole when chosen (index.ts).
 */
import i18n from 'i18next';
import deskZhCN from './desk.zh-CN.json';
import wfmZhCN from './wfm.zh-CN.json';
import opsZhCN from './ops.zh-CN.json';
import knowledgeZhCN from './knowledge.zh-CN.json';
import qualityZhCN from './quality.zh-CN.json';
import reportsZhCN from './reports.zh-CN.json';
import techAppZhCN from './techApp.zh-CN.json';
import inspectAppZhCN from './inspectApp.zh-CN.json';
import residentAppZhCN from './residentApp.zh-CN.json';
import { DEFAULT_LANGUAGE } from './index';

export function addAreaCatalogues(): void {
  // Each area owns its top-level keys, so a shallow merge into the core bundle is exact.
  const areas = { ...deskZhCN, ...wfmZhCN, ...opsZhCN, ...knowledgeZhCN, ...qualityZhCN, ...reportsZhCN, ...techAppZhCN, ...inspectAppZhCN, ...residentAppZhCN };
  i18n.addResourceBundle(DEFAULT_LANGUAGE, 'translation', areas, true, false);
}
