/** Request schemas and scope helpers shared by the billing routes. */
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { authorize, projectFilter, type Actor, type Permission } from '../auth/permissions';
import { parseDecimal, parsePeriod, PAYMENT_METHODS, type PaymentMethod } from './core';
import { dateStr } from '../../core/dates';
import { accountInfo, type AccountInfo, type Db, type Who } from './store';

export const idStr = z.string().min(1).max(40);

/** The shared strict calendar-date schema (see core/dates). */
export { dateStr };
export const monthStr = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'billing.validation.month' });
export const periodStr = z.string().refine(
  (s) => {
    try {
      parsePeriod(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'billing.validation.period' },
);

/** An exact decimal as typed ("2.80", 280, "0.5283"), at most `scale` decimals, never negative; read it with `dec()`. */
export function decimalStr(scale: number) {
  return z
    .union([z.string().max(30), z.number()])
    .refine(
      (v) => {
        try {
          parseDecimal(String(v).trim(), { maxScale: scale });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'billing.validation.decimal' },
    );
}

export const fen = z.number().int().min(0).max(10_000_000_000);
export const positiveFen = z.number().int().min(1).max(10_000_000_000);
export const methodEnum = z.enum(PAYMENT_METHODS as unknown as [PaymentMethod, ...PaymentMethod[]]);

export function who(a: Actor): Who & { userId: string } {
  return { orgId: a.orgId, userId: a.userId, role: a.role };
}

/** The project filter as a list for `where project_id in (…)`; undefined = every project. */
export function scopedProjects(a: Actor): readonly string[] | undefined {
  return projectFilter(a);
}

/** Narrows a query to the actor's projects on `col` (organisation-wide staff: unchanged). */
export function inScope<Q extends { where: any }>(a: Actor, q: Q, col: string): Q {
  const pf = scopedProjects(a);
  return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
}

/** Loads an account and checks the actor may act on it (residents: only their own units). */
export async function visibleAccount(db: Db, a: Actor, accountId: string, perm: Permission): Promise<AccountInfo> {
  const info = await accountInfo(db, a.orgId, accountId);
  if (!info) throw notFound('what.account');
  if (a.role === 'resident') {
    if (!info.unitId || !a.unitIds.includes(info.unitId)) throw new AppError(403, 'auth.out_of_scope');
  }
  authorize(a, perm, { projectId: info.projectId });
  return info;
}

/** The project of a row in a table with project_id, checked against the actor's scope. */
export async function projectOfRow(db: Db, a: Actor, table: 'fee_items' | 'fee_discounts' | 'fee_liabilities' | 'meter_readings' | 'bills' | 'bill_runs' | 'payments' | 'refunds' | 'write_offs' | 'dunning_cases' | 'collector_assignments' | 'collection_plans', id: string, what: string, perm: Permission): Promise<string> {
  const row = await db.selectFrom(table as 'bills').select('project_id').where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst();
  if (!row) throw notFound(what);
  authorize(a, perm, { projectId: row.project_id });
  return row.project_id;
}

export async function assertProject(db: Db, a: Actor, projectId: string, perm: Permission): Promise<void> {
  const p = await db.selectFrom('projects').select('id').where('id', '=', projectId).where('org_id', '=', a.orgId).executeTakeFirst();
  if (!p) throw notFound('what.project');
  authorize(a, perm, { projectId });
}

/** The canonical text of a validated decimal input. */
export function dec(v: string | number): string {
  return String(v).trim();
}
