/** Shared fixtures for the SLA tests (not a test file itself). */
import { createCalendar, type CalendarConfig } from './calendar';
import { cnHolidays } from './holidays';

/** 'YYYY-MM-DD HH:MM' in Beijing time → epoch ms. */
export function bj(text: string): number {
  const t = Date.parse(text.replace(' ', 'T') + ':00+08:00');
  if (Number.isNaN(t)) throw new Error(`bad time ${text}`);
  return t;
}

/** Epoch ms → 'YYYY-MM-DD HH:MM' in Beijing time (for readable assertions). */
export function fmtBj(t: number | null): string | null {
  if (t === null) return null;
  const d = new Date(t + 8 * 3600_000);
  const iso = d.toISOString();
  const secs = d.getUTCSeconds() || d.getUTCMilliseconds() ? iso.slice(16, 23) : '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${secs}`;
}

const OFFICE = ['08:30-12:00', '13:30-17:30'];

/** Mon–Fri 08:30–12:00 and 13:30–17:30 (450 min a day), PRC holidays 2025–2026. */
export const officeConfig: CalendarConfig = {
  id: 'office',
  timeZone: 'Asia/Shanghai',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
  holidays: cnHolidays(),
};
export const office = createCalendar(officeConfig);

/** Night monitoring room: Mon–Fri nights 22:00–06:00 (the window belongs to the evening's date). */
const NIGHT = ['22:00-06:00'];
export const nightConfig: CalendarConfig = {
  id: 'night',
  timeZone: '+08:00',
  week: { mon: NIGHT, tue: NIGHT, wed: NIGHT, thu: NIGHT, fri: NIGHT },
  holidays: cnHolidays(),
};
export const night = createCalendar(nightConfig);

/** Service centre open every day 08:00–20:00, closed on public holidays, a short make-up day. */
const DAY = ['08:00-20:00'];
export const sevenDayConfig: CalendarConfig = {
  id: 'seven',
  timeZone: 'Asia/Shanghai',
  week: { sun: DAY, mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY },
  holidays: cnHolidays(),
  makeUpWorkday: { windows: ['09:00-12:00'] },
};
export const sevenDay = createCalendar(sevenDayConfig);

/** A DST zone, to show the zone is a real parameter: weekdays 09:00–17:00 New York time. */
const NY = ['09:00-17:00'];
export const newYorkConfig: CalendarConfig = {
  id: 'ny',
  timeZone: 'America/New_York',
  week: { mon: NY, tue: NY, wed: NY, thu: NY, fri: NY, sun: ['00:00-24:00'] },
};
export const newYork = createCalendar(newYorkConfig);

/** Overlapping windows across midnight and a 24-hour Saturday: exercises run merging. */
export const mixedConfig: CalendarConfig = {
  id: 'mixed',
  timeZone: '-03:30',
  week: { mon: ['00:00-24:00'], tue: ['20:00-08:00'], wed: ['00:00-02:00', '07:00-09:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] },
  holidays: [{ date: '2025-06-03', kind: 'holiday', name: 'x' }],
};
export const mixed = createCalendar(mixedConfig);
