import { describe, expect, it } from 'vitest';
import { countChange, countSentence, fmtCount, fmtInt, fmtPct, fmtYuan, fmtYuanWan, kpiSentence, targetMet } from './narrative';
import { parsePeriod, previousPeriod, sameLastYear, lastCompletedMonth } from './period';
import { assemble } from './assemble';

describe('Chinese number formatting', () => {
  it('thousands separators, 万, 元 with two decimals, one-decimal percentages', () => {
    expect(fmtInt(3772)).toBe('3,772');
    expect(fmtInt(-1234567)).toBe('-1,234,567');
    expect(fmtCount(9999)).toBe('9,999');
    expect(fmtCount(12600)).toBe('1.26 万');
    expect(fmtCount(20000)).toBe('2 万');
    expect(fmtCount(12600, 'en')).toBe('12,600');
    expect(fmtCount(12600, 'zh-TW')).toBe('1.26 萬');
    expect(fmtYuanWan(123456789, 'zh-TW')).toBe('123.46 萬元');
    expect(fmtYuan(123456)).toBe('1,234.56 元');
    expect(fmtYuan(5)).toBe('0.05 元');
    expect(fmtYuan(-100)).toBe('-1.00 元');
    expect(fmtYuan(123456, 'en')).toBe('CNY 1,234.56');
    expect(fmtYuanWan(123456789)).toBe('123.46 万元');
    expect(fmtYuanWan(999999)).toBe('9,999.99 元');
    expect(fmtPct(0.9125)).toBe('91.3 %');
    expect(fmtPct(0.912)).toBe('91.2 %');
    expect(fmtPct(1)).toBe('100.0 %');
    expect(fmtPct(null)).toBe('无数据');
    expect(fmtPct(null, 'zh-TW')).toBe('無資料');
  });
});

describe('narrative rules', () => {
  it('rise, fall and no change of a count', () => {
    expect(countSentence({ label: '受理来电来访', unit: '次', cur: 3772, prev: 3552, pk: 'month', detail: '其中报修 1,492 次（户内 740、公共 752）' })).toBe('本月共受理来电来访 3,772 次，较上月增加 6.2 %，其中报修 1,492 次（户内 740、公共 752）。');
    expect(countChange(90, 100, 'month')).toBe('较上月减少 10.0 %');
    expect(countChange(100, 100, 'month')).toBe('与上月持平');
    expect(countChange(100, 0, 'month')).toBe('上月无数据，无法比较');
    expect(countChange(100, 80, 'year', 'zh-TW')).toBe('較上年增加 25.0 %');
    expect(countChange(90, 100, 'month', 'en')).toBe('down 10.0 % on last month');
  });

  it('a period with nothing says so instead of dividing by zero', () => {
    expect(countSentence({ label: '受理来电来访', unit: '次', cur: 0, prev: 0, pk: 'month' })).toBe('受理来电来访：本月无数据。');
    expect(kpiSentence({ label: '收费率', value: null, numerator: 0, denominator: 0, pk: 'month', target: { op: '>=', threshold: 0.93 } })).toBe('收费率：本月无数据。');
    expect(kpiSentence({ label: '收費率', value: null, numerator: 0, denominator: 0, pk: 'month', lang: 'zh-TW' })).toBe('收費率：本月無資料。');
    expect(kpiSentence({ label: 'Collection rate', value: null, numerator: 0, denominator: 0, pk: 'quarter', lang: 'en' })).toBe('Collection rate: No data this quarter.');
  });

  it('target met and missed, with the change in percentage points', () => {
    expect(kpiSentence({ label: '收费率', value: 912 / 1000, numerator: 912, denominator: 1000, prev: 0.901, pk: 'month', target: { op: '>=', threshold: 0.93 } })).toBe(
      '收费率 91.2 %（912 / 1,000），较上月提高 1.1 个百分点，未达≥ 93.0 % 的目标（差 1.8 个百分点）。',
    );
    expect(kpiSentence({ label: '满意度', value: 0.96, numerator: 96, denominator: 100, prev: 0.97, pk: 'month', target: { op: '>=', threshold: 0.95 } })).toBe('满意度 96.0 %（96 / 100），较上月下降 1.0 个百分点，达到≥ 95.0 % 的目标。');
    expect(kpiSentence({ label: '满意度', value: 0.96, numerator: 96, denominator: 100, prev: 0.96, pk: 'month' })).toBe('满意度 96.0 %（96 / 100），与上月持平。');
    expect(kpiSentence({ label: '满意度', value: 0.96, numerator: 96, denominator: 100, prev: null, pk: 'month' })).toBe('满意度 96.0 %（96 / 100），上月无数据，无法比较。');
    expect(kpiSentence({ label: 'Satisfaction', value: 0.9, numerator: 9, denominator: 10, pk: 'month', lang: 'en', target: { op: '>=', threshold: 0.95 } })).toBe('Satisfaction 90.0 % (9 / 10), target ≥ 95.0 % missed by 5.0 points.');
    // Money ratios show 元; the change is that of the two displayed percentages (90.7 vs 90.6 → 0.1).
    expect(kpiSentence({ label: '收费率', value: 40_120_022 / 51_608_652, numerator: 40_120_022, denominator: 51_608_652, pk: 'month', money: true })).toBe('收费率 77.7 %（40.12 万元 / 51.61 万元）。');
    expect(kpiSentence({ label: '服务水平', value: 0.90656, numerator: 1, denominator: 1, prev: 0.90649, pk: 'month' })).toBe('服务水平 90.7 %（1 / 1），较上月提高 0.1 个百分点。');
    // A ceiling: complaint share ≤ 2 %.
    expect(targetMet(0.019, { op: '<=', threshold: 0.02 })).toBe(true);
    expect(targetMet(0.021, { op: '<=', threshold: 0.02 })).toBe(false);
    // At display precision: 92.96 % shows as 93.0 % and meets a 93 % target.
    expect(targetMet(0.92996, { op: '>=', threshold: 0.93 })).toBe(true);
    expect(targetMet(null, { op: '>=', threshold: 0.93 })).toBeNull();
  });
});

describe('periods', () => {
  it('months, quarters and years in Shanghai time', () => {
    const p = parsePeriod('2026-11');
    expect(p.from).toBe('2026-10-31T16:00:00.000Z');
    expect(p.to).toBe('2026-11-30T16:00:00.000Z');
    expect(previousPeriod(parsePeriod('2026-01')).code).toBe('2025-12');
    expect(sameLastYear(parsePeriod('2026-Q4')).code).toBe('2025-Q4');
    expect(parsePeriod('2026').months).toHaveLength(12);
    expect(lastCompletedMonth(new Date('2026-12-01T01:00:00Z'))).toBe('2026-11');
    expect(lastCompletedMonth(new Date('2026-01-01T00:30:00Z'))).toBe('2025-12');
    expect(() => parsePeriod('2026-13')).toThrow();
  });
});

describe('an empty report', () => {
  it('every section of an empty month says there is no data', () => {
    const empty = { period: '2025-01', kpis: [{ code: 'collection_rate', numerator: 0, denominator: 0, value: null }], contacts: { total: 0, byChannel: {}, byCategory: {} }, orders: { created: 0, byKind: {}, repairScope: { public: 0, unit: 0 }, byTrade: {}, closed: 0, reopened: 0, chased: 0 }, complaints: { received: 0, closed: 0, byCause: {} }, visits: { done: 0, satisfied: 0 }, collection: null, dunning: null, inspections: null, hazards: { opened: 0, closed: 0 }, renovations: { registered: 0, completed: 0 }, ledgers: null, calls: null, extras: [] };
    const m = assemble({ type: 'monthly', period: '2025-01', periodKind: 'month', from: '', to: '', projectId: null, scopeName: '测试', generatedAt: '', current: empty, previous: empty, lastYear: null, months: [], targets: [{ code: 'collection_rate', op: '>=', threshold: 0.93, source: 'default', projectId: null }], planItems: [], nextPlanItems: [] }, 'zh-CN');
    const text = m.sections.map((s) => s.narrative).join('');
    expect(text).toContain('本期无数据');
    expect(text).toContain('受理来电来访：本月无数据');
    expect(text).toContain('收费率：本月无数据');
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});
