/**
 * From the locked figures (ReportData) to a document model — sections with figures, tables,
 * charts and generated narrative — for the three built-in reports. Pure: every renderer (HTML,
 * PDF, DOCX, XLSX) draws this same model, so the formats cannot disagree.
 */
import { withDerived, type KpiValue } from './kpi';
import { fmtKpi } from './kpiFormat';
import { CATEGORY_LABELS, CHANNEL_LABELS, DUNNING_STEP_LABELS, KIND_LABELS, KPI_LABELS, label, MONEY_KPIS, w } from './labels';
import { countSentence, fmtCount, fmtInt, fmtPct, fmtYuan, fmtYuanWan, kpiSentence, listParts, targetGap, targetMet, type Lang } from './narrative';
import type { PeriodFigures, ReportData, ReportType } from './data';
import type { ResolvedTarget } from './plans';

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** Per row, for colouring the gap: true met, false missed, null n/a. */
  status?: Array<boolean | null>;
}
export interface Chart {
  id: string;
  title: string;
  kind: 'bar' | 'line' | 'pie';
  categories: string[];
  /** null = no data (a gap in a line, not a zero). */
  series: Array<{ name: string; data: Array<number | null> }>;
  /** Values are ratios (0..1), drawn as percentages. */
  percent?: boolean;
}
export interface Section {
  id: string;
  title: string;
  narrative: string;
  tables: Table[];
  charts: Chart[];
}
export interface ReportModel {
  type: ReportType;
  title: string;
  subtitle: string;
  lang: Lang;
  sections: Section[];
}

/** Section ids per report, in default order (a template may drop or reorder them). */
export const SECTION_IDS: Record<ReportType, string[]> = {
  monthly: ['kpis', 'contacts', 'orders', 'timeliness', 'service', 'complaints', 'collection', 'dunning', 'inspections', 'renovations', 'ledgers', 'calls', 'extras', 'highlights', 'plan'],
  bulletin: ['works', 'service', 'collection', 'inspections'],
  annual: ['kpis', 'trends', 'yoy', 'contacts', 'orders', 'complaints', 'collection', 'inspections', 'highlights', 'plan'],
};

/**
 * zh-TW of the fixed phrases in the Chinese sentence templates below (phrases, never single
 * characters, so names from the data — projects, buildings — are left as they are).
 */
const TW_PHRASES: Array<[string, string]> = [
  ['其中报修', '其中報修'], ['户内', '戶內'], ['办结', '辦結'], ['返工重开', '返工重開'], ['客户催办', '客戶催辦'],
  ['期末累计欠费', '期末累計欠費'], ['项指标未达目标', '項指標未達目標'], ['新进入催缴', '新進入催繳'], ['户，退出', '戶，退出'],
  ['期末催缴中', '期末催繳中'], ['计划巡检', '計劃巡檢'], ['按时完成', '按時完成'], ['、超时', '、超時'], ['、漏检', '、漏檢'],
  ['发现隐患', '發現隱患'], ['处，整改完成', '處，整改完成'], ['新登记装修', '新登記裝修'], ['验收完成', '驗收完成'],
  ['登记访客', '登記訪客'], ['人次、车辆', '人次、車輛'], ['辆次，代收快递', '輛次，代收快遞'], ['办理停车证', '辦理停車證'],
  ['拾遗', '拾遺'], ['达标：', '達標：'], ['待改进：', '待改進：'], [' 户。', ' 戶。'], [' 户，', ' 戶，'], [' 处。', ' 處。'], [' 张，', ' 張，'], [' 张；', ' 張；'], [' 张。', ' 張。'],
];
export function toTwPhrases(s: string): string {
  for (const [cn, tw] of TW_PHRASES) s = s.split(cn).join(tw);
  return s;
}

/** A fixed phrase in the report's language. */
const tri = (lang: Lang, zhCN: string, zhTW: string, en: string) => (lang === 'en' ? en : lang === 'zh-TW' ? zhTW : zhCN);

const kpiOf = (f: PeriodFigures | null | undefined, code: string): KpiValue | undefined => f?.kpis.find((k) => k.code === code);

function periodTitle(d: ReportData, lang: Lang): string {
  if (d.periodKind === 'year') return lang === 'en' ? d.period : `${d.period} 年`;
  if (d.periodKind === 'quarter') return lang === 'en' ? d.period : `${d.period.slice(0, 4)} 年第 ${d.period.slice(-1)} 季度`;
  return lang === 'en' ? d.period : `${d.period.slice(0, 4)} 年 ${Number(d.period.slice(5, 7))} 月`;
}

function kpiLine(d: ReportData, code: string, lang: Lang, f: PeriodFigures = d.current, prev: PeriodFigures | null = d.previous): string {
  const k = kpiOf(f, code);
  if (!k) return '';
  const t = d.targets.find((x) => x.code === code);
  return kpiSentence({ label: label(KPI_LABELS, code, lang), money: MONEY_KPIS.has(code), value: k.value, numerator: k.numerator, denominator: k.denominator, prev: prev ? (kpiOf(prev, code)?.value ?? null) : undefined, target: t, pk: d.periodKind, lang });
}

function countsTable(title: string, counts: Record<string, number>, map: Record<string, any> | null, lang: Lang, prev?: Record<string, number>): Table {
  const keys = Object.keys(counts).sort((a, b) => counts[b] - counts[a]);
  return {
    title,
    columns: prev ? [w('item', lang), w('value', lang), w('previous', lang)] : [w('item', lang), w('count', lang)],
    rows: keys.map((k) => [map ? label(map, k, lang) : k, counts[k], ...(prev ? [prev[k] ?? 0] : [])]),
  };
}

function kpiTable(d: ReportData, lang: Lang, codes?: string[]): Table {
  // A chosen list keeps the template's order and may name the derived figures (超时工单, 欠费).
  const all = codes ? withDerived(d.current.kpis) : d.current.kpis;
  const list = codes ? codes.flatMap((c) => all.filter((k) => k.code === c)) : all;
  const status: Array<boolean | null> = [];
  const rows = list.map((k) => {
    const t: ResolvedTarget | undefined = d.targets.find((x) => x.code === k.code);
    const met = t ? targetMet(k.value, t) : null;
    status.push(met);
    const gap = t ? targetGap(k.value, t) : null;
    return [
      label(KPI_LABELS, k.code, lang),
      fmtKpi(k.code, k.value, lang),
      MONEY_KPIS.has(k.code) ? `${fmtYuanWan(k.numerator, lang)} / ${fmtYuanWan(k.denominator, lang)}` : `${fmtInt(k.numerator)} / ${fmtInt(k.denominator)}`,
      fmtKpi(k.code, kpiOf(d.previous, k.code)?.value ?? null, lang),
      t ? `${t.op === '>=' ? '≥' : '≤'} ${fmtPct(t.threshold, lang)}` : '—',
      gap === null ? '—' : `${gap >= 0 ? '+' : '−'}${(Math.round(Math.abs(gap) * 1000) / 10).toFixed(1)}`,
      met === null ? '—' : met ? w('met', lang) : w('missed', lang),
    ];
  });
  return { title: w('kpis', lang), columns: [w('metric', lang), w('value', lang), w('numden', lang), w('previous', lang), w('target', lang), `${w('gap', lang)}（pp）`, w('status', lang)], rows, status };
}

function collectionSection(d: ReportData, lang: Lang, bulletin: boolean): Section {
  let c = d.current.collection;
  const s: Section = { id: 'collection', title: w('collection', lang), narrative: '', tables: [], charts: [] };
  if (!c) {
    s.narrative = kpiLine(d, 'collection_rate', lang) || `${w('noData', lang)}。`;
    return s;
  }
  // One project's report: its buildings need no project prefix.
  const short = (x: string) => (d.projectId && d.scopeName && x.startsWith(`${d.scopeName} · `) ? x.slice(d.scopeName.length + 3) : x);
  c = { ...c, lines: c.lines.map((x) => ({ ...x, label: short(x.label) })) };
  const worst = [...c.lines].filter((x) => x.rate !== null).sort((a, b) => a.rate! - b.rate!)[0];
  const target = d.targets.find((t) => t.code === 'collection_rate');
  const parts = [kpiLine(d, 'collection_rate', lang)];
  if (!bulletin) {
    parts.push(kpiLine(d, 'household_collection_rate', lang));
    if (worst && target && targetMet(c.total.rate, target) === false && c.lines.length > 1)
      parts.push(lang === 'en' ? `The gap lies mainly in ${worst.label} (${fmtPct(worst.rate, lang)}).` : `差距主要在${worst.label}（${fmtPct(worst.rate, lang)}）。`);
    parts.push(lang === 'en' ? `Outstanding at period end: ${fmtYuan(c.arrearsFen, lang)}.` : `期末累计欠费 ${fmtYuanWan(c.arrearsFen, lang)}。`);
  }
  s.narrative = parts.filter(Boolean).join('');
  s.tables.push({
    title: w('collection', lang),
    columns: [w('scope', lang), `${w('receivable', lang)}（元）`, `${w('received', lang)}（元）`, `${w('outstanding', lang)}（元）`, w('rate', lang), w('hhRate', lang)],
    rows: [...c.lines, c.total].map((x) => [x.label, fmtYuan(x.receivableFen, lang).replace(/ 元$|^CNY /, ''), fmtYuan(x.receivedFen, lang).replace(/ 元$|^CNY /, ''), fmtYuan(x.outstandingFen, lang).replace(/ 元$|^CNY /, ''), fmtPct(x.rate, lang), fmtPct(x.householdRate, lang)]),
  });
  if (c.lines.length > 1)
    s.charts.push({ id: 'collection', title: `${w('rate', lang)}`, kind: 'bar', categories: c.lines.map((x) => x.label), series: [{ name: w('rate', lang), data: c.lines.map((x) => x.rate ?? 0) }], percent: true });
  return s;
}

function build(d: ReportData, lang: Lang, id: string): Section | null {
  const cur = d.current;
  const pk = d.periodKind;
  const sec = (title: string): Section => ({ id, title, narrative: '', tables: [], charts: [] });
  const bulletin = d.type === 'bulletin';
  switch (id) {
    case 'kpis': {
      const s = sec(w('kpis', lang));
      s.tables.push(kpiTable(d, lang));
      const missed = cur.kpis.filter((k) => {
        const t = d.targets.find((x) => x.code === k.code);
        return t && targetMet(k.value, t) === false;
      });
      s.narrative = cur.kpis.every((k) => k.denominator === 0)
        ? `${w('noData', lang)}。`
        : missed.length
          ? (lang === 'en' ? `${missed.length} KPI(s) below target: ` : `${missed.length} 项指标未达目标：`) + missed.map((k) => label(KPI_LABELS, k.code, lang)).join(tri(lang, '、', '、', ', ')) + (tri(lang, '。', '。', '.'))
          : tri(lang, '有数据的指标均达到目标。', '有資料的指標均達到目標。', 'All KPIs with data met their targets.');
      return s;
    }
    case 'contacts': {
      const s = sec(w('contacts', lang));
      const cat = cur.contacts.byCategory;
      const repairs = (cat.public_repair ?? 0) + (cat.unit_repair ?? 0);
      const detail = repairs ? (lang === 'en' ? `of which ${fmtCount(repairs, lang)} repairs (in-unit ${fmtCount(cat.unit_repair ?? 0, lang)}, public ${fmtCount(cat.public_repair ?? 0, lang)})` : `其中报修 ${fmtCount(repairs, lang)} 次（户内 ${fmtCount(cat.unit_repair ?? 0, lang)}、公共 ${fmtCount(cat.public_repair ?? 0, lang)}）`) : undefined;
      s.narrative = countSentence({ label: tri(lang, '受理来电来访', '受理來電來訪', 'contacts'), unit: tri(lang, '次', '次', ''), cur: cur.contacts.total, prev: d.previous?.contacts.total ?? null, pk, lang, detail }) + (cur.contacts.total ? kpiLine(d, 'first_contact_resolution', lang) : '');
      s.tables.push(countsTable(tri(lang, '按渠道', '按渠道', 'By channel'), cur.contacts.byChannel, CHANNEL_LABELS, lang, d.previous?.contacts.byChannel));
      s.tables.push(countsTable(tri(lang, '按类别', '按類別', 'By category'), cur.contacts.byCategory, CATEGORY_LABELS, lang, d.previous?.contacts.byCategory));
      if (cur.contacts.total) s.charts.push({ id: 'contacts', title: tri(lang, '来电来访类别', '來電來訪類別', 'Contacts by category'), kind: 'pie', categories: Object.keys(cat).map((k) => label(CATEGORY_LABELS, k, lang)), series: [{ name: w('count', lang), data: Object.values(cat) }] });
      return s;
    }
    case 'orders': {
      const s = sec(w('orders', lang));
      const o = cur.orders;
      const kinds = listParts(Object.entries(o.byKind).map(([k, n]) => ({ label: label(KIND_LABELS, k, lang), n })), lang);
      s.narrative = countSentence({ label: tri(lang, '新建工单', '新建工單', 'work orders'), unit: tri(lang, '张', '張', ''), cur: o.created, prev: d.previous?.orders.created ?? null, pk, lang, detail: kinds || undefined });
      if (o.created || o.closed)
        s.narrative += lang === 'en' ? `Closed ${fmtInt(o.closed)}, of which ${fmtInt(o.reopened)} had been reopened; ${fmtInt(o.chased)} chased by the customer.` : `办结 ${fmtInt(o.closed)} 张，其中返工重开 ${fmtInt(o.reopened)} 张；客户催办 ${fmtInt(o.chased)} 张。`;
      s.tables.push(countsTable(tri(lang, '按类型', '按類型', 'By kind'), o.byKind, KIND_LABELS, lang, d.previous?.orders.byKind));
      if (o.byKind.repair) {
        s.tables.push({ title: tri(lang, '报修按部位', '報修按部位', 'Repairs by area'), columns: [w('item', lang), w('count', lang)], rows: [[tri(lang, '户内', '戶內', 'In-unit'), o.repairScope.unit], [tri(lang, '公共部位', '公共部位', 'Public areas'), o.repairScope.public]] });
        s.tables.push(countsTable(tri(lang, '报修按专业', '報修按專業', 'Repairs by trade'), o.byTrade, null, lang));
        s.charts.push({ id: 'trades', title: tri(lang, '报修专业分布', '報修專業分佈', 'Repairs by trade'), kind: 'bar', categories: Object.keys(o.byTrade), series: [{ name: w('count', lang), data: Object.values(o.byTrade) }] });
      }
      return s;
    }
    case 'timeliness': {
      const s = sec(w('timeliness', lang));
      const k = kpiOf(cur, 'on_time_rate');
      s.narrative = kpiLine(d, 'on_time_rate', lang);
      if (k?.parts?.length) s.tables.push({ title: tri(lang, '各时效环节及时率', '各時效環節及時率', 'On time per SLA stage'), columns: [w('item', lang), w('value', lang), w('numden', lang)], rows: k.parts.map((p) => [p.label ?? p.code, fmtPct(p.value, lang), `${fmtInt(p.numerator)} / ${fmtInt(p.denominator)}`]) });
      return s;
    }
    case 'service': {
      const s = sec(w('service', lang));
      s.narrative = bulletin
        ? countSentence({ label: tri(lang, '处理报修', '處理報修', 'repairs handled'), unit: tri(lang, '件', '件', ''), cur: cur.orders.byKind.repair ?? 0, pk, lang }) + kpiLine(d, 'satisfaction', lang, cur, null)
        : kpiLine(d, 'callback_rate', lang) + kpiLine(d, 'satisfaction', lang);
      return s;
    }
    case 'complaints': {
      const s = sec(w('complaints', lang));
      s.narrative = countSentence({ label: tri(lang, '受理投诉', '受理投訴', 'complaints received'), unit: tri(lang, '件', '件', ''), cur: cur.complaints.received, prev: d.previous?.complaints.received ?? null, pk, lang }) + kpiLine(d, 'complaint_handling_rate', lang);
      if (cur.complaints.received) s.tables.push(countsTable(tri(lang, '投诉原因', '投訴原因', 'Complaints by cause'), cur.complaints.byCause, null, lang));
      return s;
    }
    case 'collection':
      return collectionSection(d, lang, bulletin);
    case 'dunning': {
      if (!cur.dunning) return null;
      const s = sec(w('dunning', lang));
      const dn = cur.dunning;
      s.narrative = lang === 'en' ? `${fmtInt(dn.opened)} accounts entered the dunning ladder, ${fmtInt(dn.closed)} left it; ${fmtInt(dn.openCases)} open at period end.` : `新进入催缴 ${fmtInt(dn.opened)} 户，退出 ${fmtInt(dn.closed)} 户，期末催缴中 ${fmtInt(dn.openCases)} 户。`;
      if (Object.keys(dn.steps).length) s.tables.push(countsTable(tri(lang, '催缴步骤', '催繳步驟', 'Steps taken'), dn.steps, DUNNING_STEP_LABELS, lang));
      return s;
    }
    case 'inspections': {
      const s = sec(w('inspections', lang));
      const i = cur.inspections;
      const h = cur.hazards;
      s.narrative = i
        ? (lang === 'en' ? `${fmtInt(i.planned)} rounds planned: ${fmtInt(i.onTime)} on time, ${fmtInt(i.late)} late, ${fmtInt(i.missed)} missed.` : `计划巡检 ${fmtInt(i.planned)} 次：按时完成 ${fmtInt(i.onTime)} 次、超时 ${fmtInt(i.late)} 次、漏检 ${fmtInt(i.missed)} 次。`)
        : '';
      s.narrative += lang === 'en' ? `Hazards found ${fmtInt(h.opened)}, closed ${fmtInt(h.closed)}.` : `发现隐患 ${fmtInt(h.opened)} 处，整改完成 ${fmtInt(h.closed)} 处。`;
      if (!i && !h.opened && !h.closed) return bulletin ? null : { ...s, narrative: `${w('noData', lang)}。` };
      if (i && !bulletin) s.tables.push({ title: w('inspections', lang), columns: [w('item', lang), w('count', lang)], rows: [[tri(lang, '计划', '計劃', 'Planned'), i.planned], [tri(lang, '按时', '按時', 'On time'), i.onTime], [tri(lang, '超时', '超時', 'Late'), i.late], [tri(lang, '漏检', '漏檢', 'Missed'), i.missed], [tri(lang, '未到期', '未到期', 'Not yet due'), i.pending]] });
      return s;
    }
    case 'renovations': {
      const s = sec(w('renovations', lang));
      const r = cur.renovations;
      s.narrative = r.registered || r.completed ? (lang === 'en' ? `${fmtInt(r.registered)} renovations registered, ${fmtInt(r.completed)} completed.` : `新登记装修 ${fmtInt(r.registered)} 户，验收完成 ${fmtInt(r.completed)} 户。`) : `${w('noData', lang)}。`;
      return s;
    }
    case 'ledgers': {
      if (!cur.ledgers) return null;
      const s = sec(w('ledgers', lang));
      const g = cur.ledgers;
      s.narrative = lang === 'en' ? `Visitors ${fmtInt(g.visitors)}, vehicles ${fmtInt(g.vehicles)}, parcels ${fmtInt(g.parcels)}, mail ${fmtInt(g.mail)}, parking permits ${fmtInt(g.permits)}, lost and found ${fmtInt(g.lostFound)}.` : `登记访客 ${fmtInt(g.visitors)} 人次、车辆 ${fmtInt(g.vehicles)} 辆次，代收快递 ${fmtInt(g.parcels)} 件、信件 ${fmtInt(g.mail)} 件，办理停车证 ${fmtInt(g.permits)} 张，拾遗 ${fmtInt(g.lostFound)} 件。`;
      return s;
    }
    case 'calls': {
      if (!cur.calls) return null;
      const s = sec(w('calls', lang));
      s.narrative = countSentence({ label: tri(lang, '呼入', '呼入', 'calls offered'), unit: tri(lang, '通', '通', ''), cur: cur.calls.offered, prev: d.previous?.calls?.offered ?? null, pk, lang }) + kpiLine(d, 'answer_rate', lang) + kpiLine(d, 'service_level', lang);
      return s;
    }
    case 'extras': {
      if (!cur.extras.length) return null;
      const s = sec(cur.extras.map((e) => e.title).join(' · '));
      s.narrative = cur.extras.flatMap((e) => e.kpis.map((k) => kpiSentence({ label: label(KPI_LABELS, k.code, lang), value: k.value, numerator: k.numerator, denominator: k.denominator, target: d.targets.find((t) => t.code === k.code), pk, lang }))).join('');
      return s;
    }
    case 'works': {
      const s = sec(w('works', lang));
      s.narrative = countSentence({ label: tri(lang, '受理业主诉求', '受理業主訴求', 'requests handled'), unit: tri(lang, '件', '件', ''), cur: cur.contacts.total, pk, lang }) + countSentence({ label: tri(lang, '完成工单', '完成工單', 'work orders completed'), unit: tri(lang, '张', '張', ''), cur: cur.orders.closed, pk, lang });
      s.tables.push(countsTable(tri(lang, '诉求类别', '訴求類別', 'Requests by category'), cur.contacts.byCategory, CATEGORY_LABELS, lang));
      return s;
    }
    case 'highlights': {
      const s = sec(w('highlights', lang));
      const good: string[] = [];
      const bad: string[] = [];
      for (const k of cur.kpis) {
        const t = d.targets.find((x) => x.code === k.code);
        const m = t ? targetMet(k.value, t) : null;
        if (m === true) good.push(label(KPI_LABELS, k.code, lang));
        if (m === false) bad.push(`${label(KPI_LABELS, k.code, lang)} ${fmtPct(k.value, lang)}`);
      }
      const j = tri(lang, '、', '、', ', ');
      s.narrative = (good.length ? (lang === 'en' ? `Targets met: ${good.join(j)}. ` : `达标：${good.join(j)}。`) : '') + (bad.length ? (lang === 'en' ? `Needs attention: ${bad.join(j)}.` : `待改进：${bad.join(j)}。`) : '');
      if (!s.narrative) s.narrative = `${w('noData', lang)}。`;
      return s;
    }
    case 'plan': {
      const annual = d.type === 'annual';
      const s = sec(annual ? w('planYear', lang) : w('plan', lang));
      const items = d.nextPlanItems.map((x) => [x.title, x.owner ?? '—', x.dueDate ?? '—', x.status]);
      if (annual) {
        // Draft next year's targets from this year's gaps: keep what was met, raise what was missed.
        for (const t of d.targets) {
          const k = kpiOf(cur, t.code);
          if (!k) continue;
          if (targetMet(k.value, t) === false) items.push([lang === 'en' ? `Bring ${label(KPI_LABELS, t.code, lang)} from ${fmtPct(k.value, lang)} to ${t.op === '>=' ? '≥' : '≤'} ${fmtPct(t.threshold, lang)}` : `${label(KPI_LABELS, t.code, lang)}由 ${fmtPct(k.value, lang)} 提升至 ${t.op === '>=' ? '≥' : '≤'} ${fmtPct(t.threshold, lang)}`, '—', `${Number(d.period) + 1}-12-31`, 'draft']);
        }
      }
      s.tables.push({ title: s.title, columns: [w('item', lang), w('owner', lang), w('due', lang), w('status', lang)], rows: items });
      s.narrative = items.length ? '' : `${w('noPlan', lang)}。`;
      return s;
    }
    case 'trends': {
      const s = sec(w('trends', lang));
      const months = d.months.map((m) => m.period.slice(5));
      const codes = ['collection_rate', 'satisfaction', 'callback_rate', 'complaint_handling_rate', 'on_time_rate'];
      s.charts.push({ id: 'trend-volume', title: tri(lang, '每月来电来访与工单', '每月來電來訪與工單', 'Contacts and orders per month'), kind: 'bar', categories: months, series: [{ name: w('contacts', lang), data: d.months.map((m) => m.contacts.total) }, { name: w('orders', lang), data: d.months.map((m) => m.orders.created) }] });
      s.charts.push({ id: 'trend-kpi', title: tri(lang, '主要指标逐月', '主要指標逐月', 'KPIs per month'), kind: 'line', categories: months, percent: true, series: codes.map((c) => ({ name: label(KPI_LABELS, c, lang), data: d.months.map((m) => kpiOf(m, c)?.value ?? null) })) });
      s.tables.push({ title: s.title, columns: [w('month', lang), w('contacts', lang), w('orders', lang), ...codes.map((c) => label(KPI_LABELS, c, lang))], rows: d.months.map((m) => [m.period, m.contacts.total, m.orders.created, ...codes.map((c) => fmtPct(kpiOf(m, c)?.value ?? null, lang))]) });
      return s;
    }
    case 'yoy': {
      const s = sec(w('yoy', lang));
      const ly = d.lastYear;
      s.tables.push({ title: s.title, columns: [w('metric', lang), w('value', lang), w('lastYear', lang)], rows: [[w('contacts', lang), cur.contacts.total, ly?.contacts.total ?? 0], [w('orders', lang), cur.orders.created, ly?.orders.created ?? 0], ...cur.kpis.map((k) => [label(KPI_LABELS, k.code, lang), fmtKpi(k.code, k.value, lang), fmtKpi(k.code, kpiOf(ly, k.code)?.value ?? null, lang)])] });
      s.narrative = countSentence({ label: tri(lang, '受理来电来访', '受理來電來訪', 'contacts'), unit: tri(lang, '次', '次', ''), cur: cur.contacts.total, prev: ly?.contacts.total ?? null, pk, lang });
      return s;
    }
    default:
      return null;
  }
}

/**
 * A template's section: a built-in one (its id) or a custom text section (`custom-…`). A manager
 * may rename it, put an intro before its generated text, choose the KPIs shown in a table
 * (`kpis`: the KPI section shows only these; any other section gains a table of them) and hide
 * its charts or tables. `intro` and `text` may hold placeholders such as {{contacts}}.
 */
export interface TemplateSection {
  id: string;
  title?: string;
  intro?: string;
  text?: string;
  kpis?: string[];
  charts?: boolean;
  tables?: boolean;
}

export const isCustomSection = (id: string) => /^custom-[a-z0-9-]{1,30}$/.test(id);

/** Placeholders besides the KPI codes (and `target.<code>`): counts of the period and its name. */
export const PLACEHOLDERS = ['period', 'scope', 'contacts', 'calls', 'orders', 'orders_closed', 'repairs', 'complaints', 'visits', 'chased', 'hazards_opened', 'hazards_closed'] as const;

/** Names a template may use in {{…}}: the fixed ones, every KPI and every KPI's target. */
export function placeholderNames(): string[] {
  const codes = Object.keys(KPI_LABELS);
  return [...PLACEHOLDERS, ...codes, ...codes.map((c) => `target.${c}`)];
}

/** The text of each placeholder for these figures, formatted like the rest of the report. */
export function placeholderValues(d: ReportData, lang: Lang): Record<string, string> {
  const cur = d.current;
  const v: Record<string, string> = {
    period: periodTitle(d, lang),
    scope: d.scopeName,
    contacts: fmtCount(cur.contacts.total, lang),
    // The call centre's offered calls when it reports; otherwise the desk's phone contacts.
    calls: fmtCount(cur.calls?.offered ?? cur.contacts.byChannel.phone ?? 0, lang),
    orders: fmtCount(cur.orders.created, lang),
    orders_closed: fmtCount(cur.orders.closed, lang),
    repairs: fmtCount(cur.orders.byKind.repair ?? 0, lang),
    complaints: fmtCount(cur.complaints.received, lang),
    visits: fmtCount(cur.visits.done, lang),
    chased: fmtCount(cur.orders.chased, lang),
    hazards_opened: fmtCount(cur.hazards.opened, lang),
    hazards_closed: fmtCount(cur.hazards.closed, lang),
  };
  for (const k of withDerived(cur.kpis)) v[k.code] = fmtKpi(k.code, k.value, lang);
  for (const t of d.targets) v[`target.${t.code}`] = `${t.op === '>=' ? '≥' : '≤'} ${fmtPct(t.threshold, lang)}`;
  return v;
}

/** Fill {{name}} from the values; an unknown name stays as written, so a typo shows in the preview. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_.0-9]+)\s*\}\}/g, (m, name: string) => values[name] ?? m);
}

/** The placeholders a text uses that are not known (saving such a template is refused). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set(placeholderNames());
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]).filter((n) => !known.has(n));
}

/** The document model; `narrative` holds the manager's edits by section id (numbers stay locked). */
export function assemble(d: ReportData, lang: Lang, opts: { sections?: TemplateSection[]; narrative?: Record<string, string> } = {}): ReportModel {
  const order: TemplateSection[] = opts.sections ?? SECTION_IDS[d.type].map((id) => ({ id }));
  const sections: Section[] = [];
  let values: Record<string, string> | null = null;
  const fill = (text: string) => fillPlaceholders(text, (values ??= placeholderValues(d, lang)));
  for (const o of order) {
    const s = isCustomSection(o.id) ? { id: o.id, title: o.title ?? '', narrative: fill(o.text ?? ''), tables: [], charts: [] } : build(d, lang, o.id);
    if (!s) continue;
    if (o.title) s.title = o.title;
    // English sentences are concatenated like Chinese ones; give them their space.
    if (lang === 'en') s.narrative = s.narrative.replace(/\.(?=[A-Z])/g, '. ');
    if (lang === 'zh-TW' && !isCustomSection(o.id)) s.narrative = toTwPhrases(s.narrative);
    if (o.intro) s.narrative = fill(o.intro) + s.narrative;
    if (o.kpis?.length) {
      const table = { ...kpiTable(d, lang, o.kpis), title: s.title };
      if (o.id === 'kpis') s.tables = [table];
      else s.tables.push(table);
    }
    if (o.tables === false) s.tables = [];
    if (o.charts === false) s.charts = [];
    const edited = opts.narrative?.[o.id];
    if (edited !== undefined) s.narrative = edited;
    sections.push(s);
  }
  return { type: d.type, title: `${d.scopeName ? `${d.scopeName} ` : ''}${w(d.type, lang)}`, subtitle: periodTitle(d, lang), lang, sections };
}

/** Differences between two sets of figures, for "refresh shows what changed": KPI values and counts. */
export function diffData(a: ReportData, b: ReportData): Array<{ path: string; before: number | null; after: number | null }> {
  const out: Array<{ path: string; before: number | null; after: number | null }> = [];
  const walk = (x: any, y: any, path: string) => {
    if (typeof x === 'number' || typeof y === 'number' || x === null || y === null) {
      if ((typeof x === 'number' || x === null) && (typeof y === 'number' || y === null) && x !== y) out.push({ path, before: x ?? null, after: y ?? null });
      return;
    }
    if (typeof x !== 'object' || typeof y !== 'object' || x === undefined || y === undefined) return;
    if (Array.isArray(x) && x.every((e) => e && typeof e === 'object' && 'code' in e)) {
      const ym = new Map((y as any[]).map((e) => [e.code, e]));
      for (const e of x) walk(e, ym.get(e.code) ?? {}, `${path}.${e.code}`);
      return;
    }
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (k !== 'generatedAt') walk(x[k], y[k], path ? `${path}.${k}` : k);
  };
  walk(a.current, b.current, 'current');
  return out;
}
