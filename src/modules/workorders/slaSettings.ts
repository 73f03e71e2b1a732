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

/**
 * Settings are read on hot paths (every order); keep them for a moment. A change made by this
 * process is seen at once; one made by another process within SETTINGS_TTL_MS.
 */
export const SETTINGS_TTL_MS = 2_000;
const settingsMemo = new Map<string, { at: number; json: string | null }>();

async function settingJson(db: Db, orgId: string, key: string): Promise<string | null> {
  const k = `${orgId}\u0000${key}`;
  const hit = settingsMemo.get(k);
  if (hit && Date.now() - hit.at < SETTINGS_TTL_MS) return hit.json;
  const row = await db.selectFrom('settings').select('value_json').where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  settingsMemo.set(k, { at: Date.now(), json: row?.value_json ?? null });
  return row?.value_json ?? null;
}

export async function readSetting<T>(db: Db, orgId: string, key: string): Promise<T | null> {
  const json = await settingJson(db, orgId, key);
  return json ? (JSON.parse(json) as T) : null;
}

export async function writeSetting(db: Db, orgId: string, key: string, value: unknown): Promise<void> {
  settingsMemo.delete(`${orgId}\u0000${key}`);
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
  const policyJson = (await settingJson(db, orgId, 'sla.policy')) ?? '';
  const calendarJson = (await settingJson(db, orgId, 'sla.calendar')) ?? '';
  const hit = cache.get(orgId);
  if (hit && hit.policyJson === policyJson && hit.calendarJson === calendarJson) return hit.config;
  const policy = policyJson ? slaPolicySetSchema.parse(JSON.parse(policyJson)) : DEFAULT_SLA_POLICY;
  const calendarConfig = calendarJson ? calendarConfigSchema.parse(JSON.parse(calendarJson)) : defaultCalendarConfig();
  const config = { policy, calendarConfig, calendar: createCalendar(calendarConfig) };
  cache.set(orgId, { policyJson, calendarJson, config });
  return config;
}

export interface Firing {
  target: string;
  cycle: number;
  kind: string;
  topic: 'order.near_breach' | 'order.breached' | 'order.escalated';
  level?: string;
}

/** What has become due on an order's clocks as of the state's `now` — warnings, breaches, escalation steps. Pure. */
export function dueFirings(state: SlaState): Firing[] {
  const out: Firing[] = [];
  for (const t of state.targets) {
    if (t.status === 'cancelled' || t.status === 'pending') continue;
    if (t.warning) out.push({ target: t.target, cycle: t.cycle, kind: 'warning', topic: 'order.near_breach' });
    if (t.status === 'breached') out.push({ target: t.target, cycle: t.cycle, kind: 'breach', topic: 'order.breached' });
    for (const e of t.escalations) if (e.reached) out.push({ target: t.target, cycle: t.cycle, kind: `escalate:${e.level}:${e.ratio}`, topic: 'order.escalated', level: e.level });
  }
  return out;
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
  // Something already due (a breach seen first by a transition, not the sweeper) must still be
  // fired by the sweeper: ask it to look now; it fires once and then moves the check forward.
  const nextCheckAt = dueFirings(state).length ? new Date(now).toISOString() : state.nextChangeAt !== null ? new Date(state.nextChangeAt).toISOString() : null;
  return {
    state,
    breached: state.targets.some((t) => t.status === 'breached'),
    warning: open.some((t) => t.warning),
    nextCheckAt,
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
