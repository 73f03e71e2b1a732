import { describe, expect, it } from 'vitest';
import { KPI_CODES } from './kpi';
import { fmtDuration, fmtKpi, kpiKind } from './kpiFormat';
import { KPI_LABELS } from './labels';

describe('KPI formatting by kind', () => {
  it('every rate, 催单率 included, prints as a percentage with one decimal', () => {
    for (const code of [...KPI_CODES, 'chase_rate', 'on_time_rate.dispatch', 'qa_pass_rate', 'inspection_on_time_rate', 'hazard_closure_rate']) {
      expect(kpiKind(code), code).toBe('rate');
      expect(fmtKpi(code, 0.9125), code).toBe('91.3 %');
    }
    // 3 chasers on 40 orders: 7.5 %, not "0.1 %" nor "7.5" without its sign.
    expect(fmtKpi('chase_rate', 3 / 40)).toBe('7.5 %');
    expect(fmtKpi('chase_rate', 1.25, 'en')).toBe('125.0 %');
    expect(fmtKpi('chase_rate', null)).toBe('无数据');
    expect(fmtKpi('chase_rate', null, 'zh-TW')).toBe('無資料');
  });

  it('a count is an integer, money is 元 with two decimals, a duration minutes or hours', () => {
    expect(kpiKind('overdue_orders')).toBe('count');
    expect(fmtKpi('overdue_orders', 12345)).toBe('12,345');
    expect(kpiKind('arrears')).toBe('money');
    expect(fmtKpi('arrears', 1_234_567)).toBe('12,345.67 元');
    expect(fmtKpi('arrears', 5, 'en')).toBe('CNY 0.05');
    expect(kpiKind('aht_seconds')).toBe('duration');
    expect(fmtKpi('aht_seconds', 45)).toBe('45 秒');
    expect(fmtKpi('aht_seconds', 270)).toBe('4.5 分钟');
    expect(fmtKpi('aht_seconds', 5400, 'zh-TW')).toBe('1.5 小時');
    expect(fmtDuration(7200, 'en')).toBe('2 h');
  });

  it('催单率 is named as the rate it is printed as, in every language', () => {
    expect(KPI_LABELS.chase_rate['zh-CN']).toBe('催单率');
    for (const l of Object.values(KPI_LABELS.chase_rate)) expect(l).not.toMatch(/百|100/);
  });
});
