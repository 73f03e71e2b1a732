/**
 * Narrative rules: sentences written from figures, in zh-CN (default), zh-TW and English, and
 * numbers formatted the Chinese way (thousands separators, 万 for large counts, 元 with two
 * decimals, percentages with one decimal). Pure — tested on hand-made cases.
 */
import type { PeriodKind } from './period';

export type Lang = 'zh-CN' | 'zh-TW' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'zh-TW', 'en'];

export function asLang(s: string | undefined | null): Lang {
  if (!s) return 'zh-CN';
  const l = s.toLowerCase();
  if (l.startsWith('en')) return 'en';
  if (l === 'zh-tw' || l === 'zh-hk' || l.startsWith('zh-hant')) return 'zh-TW';
  return 'zh-CN';
}

/** 3772 → "3,772". */
export function fmtInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Counts: "3,772"; from 10,000 on in Chinese "1.26 万" (two decimals, trailing zeros dropped). */
export function fmtCount(n: number, lang: Lang = 'zh-CN'): string {
  if (lang !== 'en' && Math.abs(n) >= 10_000) return `${trim(n / 10_000, 2)} ${lang === 'zh-TW' ? '萬' : '万'}`;
  return fmtInt(n);
}

function trim(v: number, digits: number): string {
  return v.toFixed(digits).replace(/\.?0+$/, '');
}

/** Money in fen → "1,234.56 元" (en: "CNY 1,234.56"). */
export function fmtYuan(fen: number, lang: Lang = 'zh-CN'): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const s = `${neg ? '-' : ''}${fmtInt(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
  return lang === 'en' ? `CNY ${s}` : `${s} 元`;
}

/** Large sums in prose: from 1 万元 on "123.46 万元", below that as {@link fmtYuan}. */
export function fmtYuanWan(fen: number, lang: Lang = 'zh-CN'): string {
  if (lang === 'en' || Math.abs(fen) < 1_000_000) return fmtYuan(fen, lang);
  return `${fmtInt(Math.trunc(fen / 1_000_000))}${(Math.abs(fen % 1_000_000) / 1_000_000).toFixed(2).slice(1)} ${lang === 'zh-TW' ? '萬元' : '万元'}`;
}

/** A ratio 0..1 → "91.2 %"; null → the language's "no data". */
export function fmtPct(v: number | null | undefined, lang: Lang = 'zh-CN'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return P[lang].noDataShort;
  return `${(Math.round(v * 1000) / 10).toFixed(1)} %`;
}

interface Phrases {
  noDataShort: string;
  noData: (pk: PeriodKind) => string;
  cur: (pk: PeriodKind) => string;
  prev: (pk: PeriodKind) => string;
  up: string;
  down: string;
  flat: (pk: PeriodKind) => string;
  prevEmpty: (pk: PeriodKind) => string;
  countLead: (label: string, pk: PeriodKind, n: string, unit: string) => string;
  change: (pk: PeriodKind, dir: string, pct: string) => string;
  ppChange: (pk: PeriodKind, dir: string, pp: string) => string;
  met: (op: string, t: string) => string;
  missed: (op: string, t: string, gap: string) => string;
  sep: string;
  stop: string;
  lp: string;
  rp: string;
}

const ZH_PK: Record<PeriodKind, [string, string]> = { month: ['本月', '上月'], quarter: ['本季度', '上季度'], year: ['本年', '上年'] };
const EN_PK: Record<PeriodKind, [string, string]> = { month: ['this month', 'last month'], quarter: ['this quarter', 'last quarter'], year: ['this year', 'last year'] };

const P: Record<Lang, Phrases> = {
  'zh-CN': {
    noDataShort: '无数据',
    noData: (pk) => `${ZH_PK[pk][0]}无数据`,
    cur: (pk) => ZH_PK[pk][0],
    prev: (pk) => ZH_PK[pk][1],
    up: '增加',
    down: '减少',
    flat: (pk) => `与${ZH_PK[pk][1]}持平`,
    prevEmpty: (pk) => `${ZH_PK[pk][1]}无数据，无法比较`,
    countLead: (label, pk, n, unit) => `${ZH_PK[pk][0]}共${label} ${n} ${unit}`,
    change: (pk, dir, pct) => `较${ZH_PK[pk][1]}${dir} ${pct}`,
    ppChange: (pk, dir, pp) => `较${ZH_PK[pk][1]}${dir === '增加' ? '提高' : '下降'} ${pp} 个百分点`,
    met: (op, t) => `达到${op} ${t} 的目标`,
    missed: (op, t, gap) => `未达${op} ${t} 的目标（差 ${gap} 个百分点）`,
    sep: '，',
    stop: '。',
    lp: '（',
    rp: '）',
  },
  'zh-TW': {
    noDataShort: '無資料',
    noData: (pk) => `${ZH_PK[pk][0].replace('季度', '季')}無資料`,
    cur: (pk) => ZH_PK[pk][0].replace('季度', '季'),
    prev: (pk) => ZH_PK[pk][1].replace('季度', '季'),
    up: '增加',
    down: '減少',
    flat: (pk) => `與${ZH_PK[pk][1].replace('季度', '季')}持平`,
    prevEmpty: (pk) => `${ZH_PK[pk][1].replace('季度', '季')}無資料，無法比較`,
    countLead: (label, pk, n, unit) => `${ZH_PK[pk][0].replace('季度', '季')}共${label} ${n} ${unit}`,
    change: (pk, dir, pct) => `較${ZH_PK[pk][1].replace('季度', '季')}${dir} ${pct}`,
    ppChange: (pk, dir, pp) => `較${ZH_PK[pk][1].replace('季度', '季')}${dir === '增加' ? '提高' : '下降'} ${pp} 個百分點`,
    met: (op, t) => `達到${op} ${t} 的目標`,
    missed: (op, t, gap) => `未達${op} ${t} 的目標（差 ${gap} 個百分點）`,
    sep: '，',
    stop: '。',
    lp: '（',
    rp: '）',
  },
  en: {
    noDataShort: 'no data',
    noData: (pk) => `No data ${EN_PK[pk][0]}`,
    cur: (pk) => EN_PK[pk][0],
    prev: (pk) => EN_PK[pk][1],
    up: 'up',
    down: 'down',
    flat: (pk) => `unchanged on ${EN_PK[pk][1]}`,
    prevEmpty: (pk) => `no data ${EN_PK[pk][1]} to compare with`,
    countLead: (label, pk, n, unit) => `${cap(EN_PK[pk][0])}: ${n}${unit ? ` ${unit}` : ''} ${label}`,
    change: (pk, dir, pct) => `${dir} ${pct} on ${EN_PK[pk][1]}`,
    ppChange: (pk, dir, pp) => `${dir} ${pp} points on ${EN_PK[pk][1]}`,
    met: (op, t) => `target ${op} ${t} met`,
    missed: (op, t, gap) => `target ${op} ${t} missed by ${gap} points`,
    sep: ', ',
    stop: '.',
    lp: ' (',
    rp: ')',
  },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "较上月增加 6.2 %" / "与上月持平" / "上月无数据，无法比较" — relative change of a count. */
export function countChange(cur: number, prev: number | null | undefined, pk: PeriodKind, lang: Lang = 'zh-CN'): string {
  const p = P[lang];
  if (prev === null || prev === undefined || prev === 0) return cur === 0 && prev === 0 ? p.flat(pk) : p.prevEmpty(pk);
  if (cur === prev) return p.flat(pk);
  const rel = Math.abs(cur - prev) / prev;
  return p.change(pk, cur > prev ? p.up : p.down, fmtPct(rel, lang));
}

/**
 * A count with its comparison: "本月共受理来电来访 3,772 次，较上月增加 6.2 %。" — or, when there
 * was nothing in either period, "本月无数据。"
 */
export function countSentence(o: { label: string; unit: string; cur: number; prev?: number | null; pk: PeriodKind; lang?: Lang; detail?: string }): string {
  const lang = o.lang ?? 'zh-CN';
  const p = P[lang];
  if (o.cur === 0 && !o.prev) return `${o.label}${lang === 'en' ? ': ' : '：'}${p.noData(o.pk)}${p.stop}`;
  let s = p.countLead(o.label, o.pk, fmtCount(o.cur, lang), o.unit);
  if (o.prev !== undefined) s += p.sep + countChange(o.cur, o.prev, o.pk, lang);
  if (o.detail) s += `${p.sep}${o.detail}`;
  return s + p.stop;
}

export interface TargetRule {
  op: '>=' | '<=';
  threshold: number;
}

/** Is the target met? null when the KPI has no data. */
export function targetMet(value: number | null, t: TargetRule): boolean | null {
  if (value === null) return null;
  // Compare at the displayed precision (0.1 %), so "93.0 %" never reads as missing a 93 % target.
  const v = Math.round(value * 1000);
  const th = Math.round(t.threshold * 1000);
  return t.op === '>=' ? v >= th : v <= th;
}

/** Gap to the target in ratio units: positive = better than the target, whichever the direction. */
export function targetGap(value: number | null, t: TargetRule): number | null {
  if (value === null) return null;
  return t.op === '>=' ? value - t.threshold : t.threshold - value;
}

const pp = (v: number) => (Math.round(Math.abs(v) * 1000) / 10).toFixed(1);
/** The change as the reader sees it: the difference of the two displayed (one-decimal) percentages. */
const shownDiff = (a: number, b: number) => (Math.round(a * 1000) - Math.round(b * 1000)) / 1000;

/**
 * A rate with numerator/denominator, its change and its target:
 * "收费率 91.2 %（1,234 / 1,353），较上月提高 1.1 个百分点，未达 ≥ 93.0 % 的目标（差 1.8 个百分点）。"
 * Zero denominator: "收费率：本月无数据。"
 */
export function kpiSentence(o: {
  label: string;
  value: number | null;
  numerator: number;
  denominator: number;
  prev?: number | null;
  target?: TargetRule | null;
  pk: PeriodKind;
  lang?: Lang;
  suffix?: string;
  /** Numerator and denominator are money in fen (collection rate): shown in 元. */
  money?: boolean;
}): string {
  const lang = o.lang ?? 'zh-CN';
  const p = P[lang];
  if (o.value === null || o.denominator === 0) return `${o.label}${lang === 'en' ? ': ' : '：'}${p.noData(o.pk)}${p.stop}`;
  const nd = o.money ? `${fmtYuanWan(o.numerator, lang)} / ${fmtYuanWan(o.denominator, lang)}` : `${fmtInt(o.numerator)} / ${fmtInt(o.denominator)}`;
  let s = `${o.label} ${fmtPct(o.value, lang)}${p.lp}${nd}${p.rp}`;
  if (o.prev !== undefined) {
    if (o.prev === null) s += p.sep + p.prevEmpty(o.pk);
    else if (shownDiff(o.value, o.prev) === 0) s += p.sep + p.flat(o.pk);
    else s += p.sep + p.ppChange(o.pk, o.value > o.prev ? p.up : p.down, pp(shownDiff(o.value, o.prev)));
  }
  if (o.target) {
    const op = o.target.op === '>=' ? '≥' : '≤';
    const t = fmtPct(o.target.threshold, lang);
    s += p.sep + (targetMet(o.value, o.target) ? p.met(op, t) : p.missed(op, t, pp(targetGap(o.value, o.target)!)));
  }
  if (o.suffix) s += p.sep + o.suffix;
  return s + p.stop;
}

/** "其中报修 1,492 次（户内 740、公共 752）" style breakdowns: "a 1、b 2". */
export function listParts(parts: Array<{ label: string; n: number }>, lang: Lang = 'zh-CN'): string {
  const shown = parts.filter((x) => x.n > 0);
  return shown.map((x) => `${x.label} ${fmtCount(x.n, lang)}`).join(lang === 'en' ? ', ' : '、');
}
