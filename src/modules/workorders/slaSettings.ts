import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../db/ids';
import {
  calendarConfigSchema,
  cnHolidays,
  computeSlaState,
  createCalendar,
  DEFAULT_SLA_POLICY,
  resolveSlaPolicy,
  slaPolicySetSchema,
  type BusinessCalendar,
  type CalendarConfig,
  type SlaEvent,
  type SlaPolicySet,
  type SlaState,
} from '../sla';

type Db = Kysely<DB> | Transaction<DB>;

/** A property service centre's desk hours: 08:30–12:00 and 13:30–17:30 on workdays, PRC holidays and 调休. */
export function defaultCalendarConfig(): CalendarConfig {
  const day = ['08:30-12:00', '13:30-17:30'];
  return {
    id: 'cn-office',
    name: '客服中心工作时间',
    timeZone: 'Asia/Shanghai',
    mode: 'business',
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: cnHolidays(),
  };
}

export async function readSetting<T>(db: Db, orgId: string, key: string): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value_json').where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as T) : null;
}

export async function writeSetting(db: Db, orgId: string, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  const ts = nowIso();
  await db
    .insertInto('settings')
    .values({ org_id: orgId, key, value_json: json, updated_at: ts })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value_json: json, updated_at: ts }))
    .execute();
}

export interface SlaConfig {
  policy: SlaPolicySet;
  calendarConfig: CalendarConfig;
  calendar: BusinessCalendar;
}

/** Compiled calendars are cached per organisation and invalidated when the setting changes. */
const cache = new Map<string, { policyJson: string; calendarJson: string; config: SlaConfig }>();

export async function loadSlaConfig(db: Db, orgId: string): Promise<SlaConfig> {
  const rows = await db.selectFrom('settings').select(['key', 'value_json']).where('org_id', '=', orgId).where('key', 'in', ['sla.policy', 'sla.calendar']).execute();
  const policyJson = rows.find((r) => r.key === 'sla.policy')?.value_json ?? '';
  const calendarJson = rows.find((r) => r.key === 'sla.calendar')?.value_json ?? '';
  const hit = cache.get(orgId);
  if (hit && hit.policyJson === policyJson && hit.calendarJson === calendarJson) return hit.config;
  const policy = policyJson ? slaPolicySetSchema.parse(JSON.parse(policyJson)) : DEFAULT_SLA_POLICY;
  const calendarConfig = calendarJson ? calendarConfigSchema.parse(JSON.parse(calendarJson)) : defaultCalendarConfig();
  const config = { policy, calendarConfig, calendar: createCalendar(calendarConfig) };
  cache.set(orgId, { policyJson, calendarJson, config });
  return config;
}

export interface SlaSnapshot {
  state: SlaState | null;
  breached: boolean;
  warning: boolean;
  nextCheckAt: string | null;
}

/** Clocks of one order from its events, and the columns the queues filter on. */
export function slaSnapshot(cfg: SlaConfig, order: { kind: string; category: string | null; priority: string }, events: SlaEvent[], now: number): SlaSnapshot {
  const policy = resolveSlaPolicy(cfg.policy, order);
  if (!policy) return { state: null, breached: false, warning: false, nextCheckAt: null };
  const state = computeSlaState(policy, cfg.calendar, events, now);
  const open = state.targets.filter((t) => t.open);
  return {
    state,
    breached: state.targets.some((t) => t.status === 'breached'),
    warning: open.some((t) => t.warning),
    nextCheckAt: state.nextChangeAt !== null ? new Date(state.nextChangeAt).toISOString() : null,
  };
}

/** The compact form stored on the order and sent to clients. */
export function slaView(s: SlaState | null) {
  if (!s) return { cycle: 0, targets: [] };
  const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());
  return {
    cycle: s.cycle,
    targets: s.targets.map((t) => ({
      target: t.target,
      status: t.status,
      calendar: t.calendar,
      targetMinutes: t.targetMinutes,
      deadline: iso(t.deadline),
      warningAt: iso(t.warningAt),
      startedAt: iso(t.startedAt),
      stoppedAt: iso(t.stoppedAt),
      elapsedMinutes: Math.round(t.elapsedMinutes),
      remainingMinutes: Math.round(t.remainingMinutes),
      overdueMinutes: Math.round(t.overdueMinutes),
      pausedMinutes: Math.round(t.pausedMinutes),
      warning: t.warning,
      paused: t.paused,
      attribution: t.attribution.map((a) => ({ ...a, minutes: Math.round(a.minutes) })),
    })),
  };
}
