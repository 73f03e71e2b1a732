/**
 * The UI catalogues: the core file plus one file per feature area (desk, workforce planning,
 * property operations, the three phone apps…), each owning its own top-level keys so they can grow independently.
 */
import zhCN from './zh-CN.json';
import zhTW from './zh-TW.json';
import en from './en.json';
import deskZhCN from './desk.zh-CN.json';
import deskZhTW from './desk.zh-TW.json';
import deskEn from './desk.en.json';
import wfmZhCN from './wfm.zh-CN.json';
import wfmZhTW from './wfm.zh-TW.json';
import wfmEn from './wfm.en.json';
import opsZhCN from './ops.zh-CN.json';
import opsZhTW from './ops.zh-TW.json';
import opsEn from './ops.en.json';
import knowledgeZhCN from './knowledge.zh-CN.json';
import knowledgeZhTW from './knowledge.zh-TW.json';
import knowledgeEn from './knowledge.en.json';
import qualityZhCN from './quality.zh-CN.json';
import qualityZhTW from './quality.zh-TW.json';
import qualityEn from './quality.en.json';
import reportsZhCN from './reports.zh-CN.json';
import reportsZhTW from './reports.zh-TW.json';
import reportsEn from './reports.en.json';
import techAppZhCN from './techApp.zh-CN.json';
import techAppZhTW from './techApp.zh-TW.json';
import techAppEn from './techApp.en.json';
import inspectAppZhCN from './inspectApp.zh-CN.json';
import inspectAppZhTW from './inspectApp.zh-TW.json';
import inspectAppEn from './inspectApp.en.json';
import residentAppZhCN from './residentApp.zh-CN.json';
import residentAppZhTW from './residentApp.zh-TW.json';
import residentAppEn from './residentApp.en.json';

export type Catalogue = typeof zhCN & typeof deskZhCN & typeof wfmZhCN & typeof opsZhCN & typeof knowledgeZhCN & typeof qualityZhCN & typeof reportsZhCN & typeof techAppZhCN & typeof inspectAppZhCN & typeof residentAppZhCN;

export const catalogues = {
  'zh-CN': { ...zhCN, ...deskZhCN, ...wfmZhCN, ...opsZhCN, ...knowledgeZhCN, ...qualityZhCN, ...reportsZhCN, ...techAppZhCN, ...inspectAppZhCN, ...residentAppZhCN } as Catalogue,
  'zh-TW': { ...zhTW, ...deskZhTW, ...wfmZhTW, ...opsZhTW, ...knowledgeZhTW, ...qualityZhTW, ...reportsZhTW, ...techAppZhTW, ...inspectAppZhTW, ...residentAppZhTW } as Catalogue,
  en: { ...en, ...deskEn, ...wfmEn, ...opsEn, ...knowledgeEn, ...qualityEn, ...reportsEn, ...techAppEn, ...inspectAppEn, ...residentAppEn } as Catalogue,
};
