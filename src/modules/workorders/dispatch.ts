import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { workStates } from './board';
import { readSetting } from './slaSettings';

type Db = Kysely<DB> | Transaction<DB>;

export interface DispatchSettings {
  /** Cap of open orders per technician (auto-assignment and grabbing respect it). */
  maxOpenPerTechnician: number;
  /** Assign new repairs automatically when they are created. */
  autoAssign: 'off' | 'round_robin' | 'least_loaded';
}
export const DEFAULT_DISPATCH: DispatchSettings = { maxOpenPerTechnician: 8, autoAssign: 'off' };

export async function dispatchSettings(db: Db, orgId: string): Promise<DispatchSettings> {
  return { ...DEFAULT_DISPATCH, ...((await readSetting<Partial<DispatchSettings>>(db, orgId, 'dispatch')) ?? {}) };
}

export interface Technician {
  id: string;
  name: string;
  skills: string[];
  onDuty: boolean;
  openOrders: number;
  /** Last time they were given an order (round-robin order). */
  lastAssignedAt: string | null;
  projectIds: string[] | 'all';
}

/** Skill a category needs: configured per category, else the category name itself. */
export async function skillFor(db: Db, orgId: string, kind: string, category: string | null): Promise<string | null> {
  if (!category) return null;
  const row = await db.selectFrom('order_categories').select('skill').where('org_id', '=', orgId).where('kind', '=', kind).where('name', '=', category).executeTakeFirst();
  return row ? row.skill : category;
}

/** Technicians with their load and duty state, for the dispatch board and for assignment. */
export async function technicians(db: Db, orgId: string): Promise<Technician[]> {
  const users = await db.selectFrom('users').select(['id', 'display_name', 'skills', 'on_duty', 'last_assigned_at']).where('org_id', '=', orgId).where('role', '=', 'technician').where('active', '=', 1).orderBy('username').execute();
  if (!users.length) return [];
  const ids = users.map((u) => u.id);
  const loads = await db
    .selectFrom('work_orders')
    .select(['assignee_id', (eb) => eb.fn.countAll().as('n')])
    .where('assignee_id', 'in', ids)
    // Live load: work still to do. Orders waiting for payment or a return visit no longer occupy the technician.
    .where('state', 'in', workStates())
    .groupBy('assignee_id')
    .execute();
  const scopes = await db.selectFrom('user_projects').select(['user_id', 'project_id']).where('user_id', 'in', ids).execute();
  return users.map((u) => {
    const mine = scopes.filter((s) => s.user_id === u.id).map((s) => s.project_id);
    return {
      id: u.id,
      name: u.display_name,
      skills: u.skills ? u.skills.split(',') : [],
      onDuty: !!u.on_duty,
      openOrders: Number(loads.find((l) => l.assignee_id === u.id)?.n ?? 0),
      lastAssignedAt: u.last_assigned_at ?? null,
      projectIds: mine.length ? mine : 'all',
    };
  });
}

/** Who may take this order: on duty, right skill, in the project, under the cap. Pure. */
export function eligible(techs: Technician[], need: { skill: string | null; projectId: string }, cap: number): Technician[] {
  return techs.filter(
    (t) => t.onDuty && t.openOrders < cap && (!need.skill || t.skills.includes(need.skill)) && (t.projectIds === 'all' || t.projectIds.includes(need.projectId)),
  );
}

/**
 * Pick a technician. Round-robin: whoever waited longest since their last order. Least-loaded:
 * fewest open orders, ties to whoever waited longest. Pure; null when nobody is eligible.
 */
export function pickTechnician(candidates: Technician[], strategy: 'round_robin' | 'least_loaded'): Technician | null {
  if (!candidates.length) return null;
  const waited = (a: Technician, b: Technician) => (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') || a.id.localeCompare(b.id);
  const sorted = [...candidates].sort(strategy === 'least_loaded' ? (a, b) => a.openOrders - b.openOrders || waited(a, b) : waited);
  return sorted[0];
}

/** Each technician's appointments of the local (Asia/Shanghai) day: the board's "today" schedule. */
export async function appointmentsToday(db: Db, ids: string[], now = Date.now()): Promise<Map<string, Array<{ orderId: string; number: string; title: string; at: string; state: string }>>> {
  const out = new Map<string, Array<{ orderId: string; number: string; title: string; at: string; state: string }>>();
  if (!ids.length) return out;
  const DAY = 86_400_000;
  const start = Math.floor((now + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const rows = await db
    .selectFrom('work_orders')
    .select(['id', 'number', 'title', 'appointment_at', 'assignee_id', 'state'])
    .where('assignee_id', 'in', ids)
    .where('appointment_at', '>=', new Date(start).toISOString())
    .where('appointment_at', '<', new Date(start + DAY).toISOString())
    .orderBy('appointment_at')
    .execute();
  for (const r of rows) out.set(r.assignee_id!, [...(out.get(r.assignee_id!) ?? []), { orderId: r.id, number: r.number, title: r.title, at: r.appointment_at!, state: r.state }]);
  return out;
}
