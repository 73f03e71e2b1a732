import { describe, expect, it } from 'vitest';
import cn2025 from './holidays/cn-2025.json' with { type: 'json' };
import cn2026 from './holidays/cn-2026.json' with { type: 'json' };
import {
  CN_HOLIDAYS,
  cnHolidays,
  formatHolidayCsv,
  mergeHolidays,
  parseHolidayCsv,
  parseHolidayJson,
  type HolidayEntry,
} from './holidays';

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const weekdayOf = (date: string) => WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()];

function daysOff(entries: readonly HolidayEntry[], name: string): string[] {
  return entries.filter((e) => e.name === name && e.kind === 'holiday').map((e) => e.date);
}
function makeUpDays(entries: readonly HolidayEntry[]): string[] {
  return entries.filter((e) => e.kind === 'workday').map((e) => e.date);
}
function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('shipped PRC schedules, checked against the State Council notices', () => {
  const y25 = CN_HOLIDAYS[2025];
  const y26 = CN_HOLIDAYS[2026];

  it('2025 (国办发明电〔2024〕12号)', () => {
    expect(daysOff(y25, '元旦')).toEqual(['2025-01-01']);
    expect(daysOff(y25, '春节')).toEqual(range('2025-01-28', '2025-02-04'));
    expect(daysOff(y25, '清明节')).toEqual(range('2025-04-04', '2025-04-06'));
    expect(daysOff(y25, '劳动节')).toEqual(range('2025-05-01', '2025-05-05'));
    expect(daysOff(y25, '端午节')).toEqual(range('2025-05-31', '2025-06-02'));
    expect(daysOff(y25, '国庆节、中秋节')).toEqual(range('2025-10-01', '2025-10-08'));
    expect(makeUpDays(y25)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('2026 (国办发明电〔2025〕7号)', () => {
    expect(daysOff(y26, '元旦')).toEqual(range('2026-01-01', '2026-01-03'));
    expect(daysOff(y26, '春节')).toEqual(range('2026-02-15', '2026-02-23'));
    expect(daysOff(y26, '清明节')).toEqual(range('2026-04-04', '2026-04-06'));
    expect(daysOff(y26, '劳动节')).toEqual(range('2026-05-01', '2026-05-05'));
    expect(daysOff(y26, '端午节')).toEqual(range('2026-06-19', '2026-06-21'));
    expect(daysOff(y26, '中秋节')).toEqual(range('2026-09-25', '2026-09-27'));
    expect(daysOff(y26, '国庆节')).toEqual(range('2026-10-01', '2026-10-07'));
    expect(makeUpDays(y26)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('matches the weekdays printed in the notices', () => {
    // "1月26日（周日）、2月8日（周六）上班", "1月1日（周四）至3日（周六）", …
    const printed: Array<[string, string]> = [
      ['2025-01-01', '三'], ['2025-01-26', '日'], ['2025-02-08', '六'], ['2025-04-27', '日'],
      ['2025-05-31', '六'], ['2025-09-28', '日'], ['2025-10-11', '六'], ['2025-10-01', '三'],
      ['2026-01-01', '四'], ['2026-01-04', '日'], ['2026-02-14', '六'], ['2026-02-15', '日'],
      ['2026-02-23', '一'], ['2026-02-28', '六'], ['2026-05-09', '六'], ['2026-06-19', '五'],
      ['2026-09-20', '日'], ['2026-09-25', '五'], ['2026-10-01', '四'], ['2026-10-10', '六'],
    ];
    for (const [date, wd] of printed) expect(`${date} ${weekdayOf(date)}`).toBe(`${date} ${wd}`);
  });

  it('make-up workdays are all weekends, and each year has 13 statutory days (2024 revision)', () => {
    for (const y of [y25, y26]) {
      for (const d of makeUpDays(y)) expect(['六', '日']).toContain(weekdayOf(d));
      expect(y.filter((e) => e.statutory).length).toBe(13);
    }
    // Statutory Spring Festival days start on New Year's Eve (除夕).
    expect(y25.filter((e) => e.statutory && e.name === '春节').map((e) => e.date)).toEqual(range('2025-01-28', '2025-01-31'));
    expect(y26.filter((e) => e.statutory && e.name === '春节').map((e) => e.date)).toEqual(range('2026-02-16', '2026-02-19'));
  });

  it('the files carry their source and parse cleanly', () => {
    expect(cn2025.source).toContain('国办发明电〔2024〕12号');
    expect(cn2026.source).toContain('国办发明电〔2025〕7号');
    expect(parseHolidayJson(JSON.stringify(cn2025))).toMatchObject({ ok: true, warnings: [] });
    expect(cnHolidays().length).toBe(y25.length + y26.length);
    expect(() => cnHolidays([2031])).toThrow();
  });
});

describe('JSON import', () => {
  it('accepts a bare array and sorts it', () => {
    const r = parseHolidayJson([
      { date: '2025-10-02', kind: 'holiday', name: '国庆' },
      { date: '2025-10-01', kind: 'holiday', name: '国庆', statutory: true },
    ]);
    expect(r.ok && r.entries.map((e) => e.date)).toEqual(['2025-10-01', '2025-10-02']);
  });

  it('reports each problem with its index and a localisable code', () => {
    const r = parseHolidayJson([
      { date: '2025-02-30', kind: 'holiday', name: 'x' },
      { date: '2025-03-01', kind: 'vacation', name: 'x' },
      { date: '2025-03-02', kind: 'holiday', name: '' },
      { date: '2025-03-03', kind: 'holiday', name: 'x', windows: ['09:00-10:00'] },
      { date: '2025-03-04', kind: 'workday', name: 'x', windows: ['9-10'] },
      { date: '2025-03-05', kind: 'holiday', name: 'x', colour: 'red' },
      { date: '2025-03-06', kind: 'workday', name: 'x', statutory: true },
      { date: '2025-03-08', kind: 'holiday', name: 'x' },
      { date: '2025-03-08', kind: 'holiday', name: 'y' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.index, e.code])).toEqual([
      [0, 'holidays.invalid_date'],
      [1, 'holidays.invalid_kind'],
      [2, 'holidays.name_required'],
      [3, 'holidays.windows_on_holiday'],
      [4, 'holidays.invalid_window'],
      [5, 'holidays.unknown_field'],
      [6, 'holidays.statutory_on_workday'],
      [8, 'holidays.duplicate_date'],
    ]);
  });

  it('warns about a make-up workday on a weekday', () => {
    const r = parseHolidayJson('[{"date":"2025-03-05","kind":"workday","name":"x"}]');
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['holidays.workday_on_weekday']);
  });

  it('rejects malformed JSON and wrong shapes', () => {
    expect(parseHolidayJson('{nope')).toMatchObject({ ok: false, errors: [{ code: 'holidays.invalid_json' }] });
    expect(parseHolidayJson({ year: 2025 })).toMatchObject({ ok: false, errors: [{ code: 'holidays.invalid_file' }] });
    expect(parseHolidayJson(42)).toMatchObject({ ok: false });
  });
});

describe('CSV import', () => {
  it('reads date,kind,name with header, BOM, CRLF, comments, Chinese kinds and slashed dates', () => {
    const csv = '\uFEFFdate,kind,name,statutory\r\n# 2025 国庆\r\n2025/10/1,放假,国庆节,是\r\n2025-10-02,holiday,"国庆节, 中秋节"\r\n\r\n2025-10-11,班,国庆节\r\n';
    const r = parseHolidayCsv(csv);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      entries: [
        { date: '2025-10-01', kind: 'holiday', name: '国庆节', statutory: true },
        { date: '2025-10-02', kind: 'holiday', name: '国庆节, 中秋节' },
        { date: '2025-10-11', kind: 'workday', name: '国庆节' },
      ],
    });
  });

  it('reports errors with 1-based line numbers', () => {
    const r = parseHolidayCsv('date,kind,name\n2025-10-01,holiday\n2025-13-01,holiday,x\n2025-10-03,rest,x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'holidays.csv_columns'],
      [3, 'holidays.invalid_date'],
      [4, 'holidays.invalid_kind'],
    ]);
  });

  it('round-trips the shipped schedules through CSV', () => {
    const all = cnHolidays();
    const r = parseHolidayCsv(formatHolidayCsv(all));
    expect(r.ok && r.entries).toEqual(all);
  });
});

describe('merging', () => {
  it('lets local edits override the official list date by date', () => {
    const local: HolidayEntry[] = [
      { date: '2025-10-08', kind: 'workday', name: '值班' },
      { date: '2025-12-31', kind: 'holiday', name: '年会' },
    ];
    const merged = mergeHolidays(CN_HOLIDAYS[2025], local);
    expect(merged.find((e) => e.date === '2025-10-08')?.kind).toBe('workday');
    expect(merged.length).toBe(CN_HOLIDAYS[2025].length + 1);
    expect(merged.map((e) => e.date)).toEqual([...merged.map((e) => e.date)].sort());
  });
});
