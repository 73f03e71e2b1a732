import { describe, expect, it } from 'vitest';
import { formatKpiParts, formatKpiValue, kpiKind } from './kpiFormat';
import zhCN from '../../i18n/reports.zh-CN.json';

describe('KPI values on screen, by kind', () => {
  it('every rate — 催单率 included — is a percentage with one decimal', () => {
    for (const code of Object.keys(zhCN.reports.kpi).filter((c) => kpiKind(c) === 'rate')) {
      expect(formatKpiValue(code, 0.0754, 'zh-CN'), code).toBe('7.5%');
    }
    expect(formatKpiValue('chase_rate', 3 / 40, 'en')).toBe('7.5%');
    expect(formatKpiValue('chase_rate', 1.25, 'zh-CN')).toBe('125.0%');
    expect(formatKpiValue('chase_rate', null, 'zh-CN')).toBeNull();
  });

  it('a count is an integer, money is yuan with two decimals, a duration minutes or hours', () => {
    expect(formatKpiValue('overdue_orders', 1234, 'zh-CN')).toBe('1,234');
    expect(formatKpiValue('arrears', 1_234_567, 'zh-CN')).toBe('¥12,345.67');
    expect(formatKpiValue('aht_seconds', 270, 'zh-CN')).toBe('4.5 分钟');
    expect(formatKpiValue('aht_seconds', 5400, 'en')).toBe('1.5 h');
    expect(formatKpiParts('collection_rate', 20_000, 30_000, 'zh-CN')).toBe('¥200.00 / ¥300.00');
    expect(formatKpiParts('chase_rate', 3, 40, 'zh-CN')).toBe('3 / 40');
  });

  it('names 催单率 as the rate it is printed as', () => {
    expect(zhCN.reports.kpi.chase_rate).toBe('催单率');
  });
});
