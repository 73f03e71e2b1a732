/**
 * Storage helpers of the billing module: row ↔ core conversions, sequences, settings, account
 * locks and batched inserts. Everything here takes the caller's transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Dialect } from '../../db';
import { AppError } from '../../core/errors';
import { nowIso } from '../../db/ids';
import {
  BillingError,
  DEFAULT_DUNNING_LADDER,
  DEFAULT_LATE_FEE_RULE,
  businessDate,
  type BillableUnit,
  type Discount,
  type DunningLadder,
  type FeeItem,
  type LateFeeRule,
  type MeterReading,
  type Occupancy,
} from './core';
import type { BillTable, FeeDiscountTable, FeeItemTable, FeeLiabilityTable, MeterReadingTable } from './schema';

export type Db = Kysely<DB> | Transaction<DB>;

/** Who does something: a user, or the system (jobs, demo) with userId null. */
export interface Who {
  orgId: string;
  userId: string | null;
  role?: string;
}

/** Today's business date (Asia/Shanghai unless the project says otherwise). */
export function today(timeZone = 'Asia/Shanghai'): string {
  return businessDate(nowIso(), timeZone);
}

/** 8935 hundredths of a m² → "89.35" (exact; the registry keeps areas in hundredths). */
export function centiToM2(centi: number): string {
  const s = String(Math.abs(Math.trunc(centi))).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Core errors as HTTP: the state forbids it (409), the rights forbid it (403), bad input (400). */
const BILLING_STATUS: Partial<Record<string, number>> = {
  DUPLICATE_PAYMENT: 409,
  DUPLICATE_BILL: 409,
  DUPLICATE_WRITE_OFF: 409,
  INSUFFICIENT_CREDIT: 409,
  WRITE_OFF_ALREADY_DECIDED: 409,
  WRITE_OFF_EXCEEDS_OUTSTANDING: 409,
  WRITE_OFF_NOT_APPROVED: 409,
  WRITE_OFF_SELF_APPROVAL: 403,
  WRITE_OFF_FORBIDDEN: 403,
  RECEIPT_SEQUENCE_OVERFLOW: 409,
};

export function billingAppError(e: BillingError): AppError {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  return new AppError(BILLING_STATUS[e.code] ?? 400, `billing.core.${e.code}`, params, { message: e.message });
}

/** Runs `fn`, turning core BillingErrors into localised AppErrors. */
export async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BillingError) throw billingAppError(e);
    throw e;
  }
}

/** Inserts rows in batches (a few hundred rows per statement keeps both dialects fast). */
export async function insertBatches(db: Db, table: keyof DB, rows: readonly object[], size = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
}

/**
 * Next number of a daily counter (receipts SK…, letters CJ…, permits ZX…): one upsert that
 * increments and returns the counter, unique under concurrency on both dialects.
 */
export async function nextSequence(db: Db, orgId: string, prefix: string, day: string): Promise<number> {
  const r = await sql<{ last: number }>`
    insert into billing_sequences (org_id, prefix, day, last) values (${orgId}, ${prefix}, ${day}, 1)
    on conflict (org_id, prefix, day) do update set last = billing_sequences.last + 1
    returning last`.execute(db);
  return Number(r.rows[0].last);
}

export interface ProjectBillingSettings {
  lateFee: (LateFeeRule & { enabled: boolean }) | null;
  ladder: DunningLadder;
  receiptPrefix: string;
}

/** Late fees are off until a project turns them on (many contracts do not provide for them). */
export async function loadSettings(db: Db, projectId: string): Promise<ProjectBillingSettings> {
  const row = await db.selectFrom('billing_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  const lateFee = row?.late_fee_json ? (JSON.parse(row.late_fee_json) as LateFeeRule & { enabled: boolean }) : null;
  return {
    lateFee,
    ladder: row?.ladder_json ? (JSON.parse(row.ladder_json) as DunningLadder) : DEFAULT_DUNNING_LADDER,
    receiptPrefix: row?.receipt_prefix ?? 'SK',
  };
}

export const DEFAULT_SETTINGS_VIEW = { lateFee: { ...DEFAULT_LATE_FEE_RULE, enabled: false }, ladder: DEFAULT_DUNNING_LADDER, receiptPrefix: 'SK' };

/** Make sure a settings row exists (the dunning job walks these rows). */
export async function ensureSettings(db: Db, orgId: string, projectId: string): Promise<void> {
  await db
    .insertInto('billing_settings')
    .values({ project_id: projectId, org_id: orgId, late_fee_json: null, ladder_json: null, receipt_prefix: 'SK', dunning_evaluated_on: null, updated_by: null, updated_at: nowIso() })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
}

/**
 * Creates the account row if needed and locks it for the rest of the transaction (PostgreSQL
 * FOR UPDATE; SQLite has one writer at a time anyway). Every movement of money on an account
 * goes through here, so two payments cannot both spend the same credit or the same bill.
 */
export async function lockAccount(db: Db, dialect: Dialect, orgId: string, accountId: string, projectId: string): Promise<{ creditFen: number; version: number }> {
  await db
    .insertInto('billing_accounts')
    .values({ id: accountId, org_id: orgId, project_id: projectId, credit_fen: 0, version: 0, updated_at: nowIso() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const lock = dialect === 'postgres' ? sql`for update` : sql``;
  const r = await sql<{ credit_fen: number; version: number }>`select credit_fen, version from billing_accounts where id = ${accountId} ${lock}`.execute(db);
  return { creditFen: Number(r.rows[0].credit_fen), version: Number(r.rows[0].version) };
}

export async function setAccountCredit(db: Db, accountId: string, creditFen: number): Promise<void> {
  await db
    .updateTable('billing_accounts')
    .set((eb) => ({ credit_fen: creditFen, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', accountId)
    .execute();
}

/** What an account is: a house unit, or a parking space with no house. */
export interface AccountInfo {
  id: string;
  orgId: string;
  projectId: string;
  unitId: string | null;
  spaceId: string | null;
  label: string;
  buildingId: string | null;
}

export async function accountInfo(db: Db, orgId: string, accountId: string): Promise<AccountInfo | null> {
  const u = await db
    .selectFrom('units')
    .innerJoin('buildings', 'buildings.id', 'units.building_id')
    .select(['units.id', 'units.project_id', 'units.number', 'units.building_id', 'buildings.name as building_name'])
    .where('units.id', '=', accountId)
    .where('units.org_id', '=', orgId)
    .executeTakeFirst();
  if (u) return { id: u.id, orgId, projectId: u.project_id, unitId: u.id, spaceId: null, label: u.number, buildingId: u.building_id };
  const s = await db.selectFrom('parking_spaces').select(['id', 'project_id', 'code']).where('id', '=', accountId).where('org_id', '=', orgId).executeTakeFirst();
  if (s) return { id: s.id, orgId, projectId: s.project_id, unitId: null, spaceId: s.id, label: s.code, buildingId: null };
  return null;
}

// ---------- row → core ----------

export function toCoreFeeItem(r: FeeItemTable): FeeItem | null {
  const base = {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    category: r.category,
    cycle: r.cycle,
    ...(r.unit_kinds_json ? { unitKinds: JSON.parse(r.unit_kinds_json) as string[] } : {}),
    ...(r.valid_from ? { validFrom: r.valid_from } : {}),
    ...(r.valid_to ? { validTo: r.valid_to } : {}),
    dueDays: r.due_days,
  };
  if (r.kind === 'area') return { ...base, kind: 'area', unitPriceFen: r.unit_price ?? '0' };
  if (r.kind === 'fixed') return { ...base, kind: 'fixed', monthlyFen: Number(r.monthly_fen ?? 0) };
  if (r.kind === 'metered') return { ...base, kind: 'metered', unitPriceFen: r.unit_price ?? '0' };
  return null;
}

export function toCoreOccupancy(r: Pick<FeeLiabilityTable, 'id' | 'target_id' | 'party_id' | 'role' | 'start_date' | 'end_date'>): Occupancy {
  return { id: r.id, unitId: r.target_id, partyId: r.party_id, role: r.role, start: r.start_date, end: r.end_date };
}

export function toCoreReading(r: MeterReadingTable): MeterReading {
  return {
    id: r.id,
    unitId: r.unit_id,
    feeItemId: r.fee_item_id,
    readDate: r.read_date,
    previous: r.previous_reading,
    current: r.current_reading,
    multiplier: r.multiplier,
    ...(r.old_final !== null && r.new_initial !== null ? { replacement: { oldFinal: r.old_final, newInitial: r.new_initial } } : {}),
  };
}

export function toCoreDiscount(r: FeeDiscountTable): Discount {
  const filters = {
    id: r.id,
    name: r.name,
    ...(r.fee_item_ids_json ? { feeItemIds: JSON.parse(r.fee_item_ids_json) as string[] } : {}),
    ...(r.unit_ids_json ? { unitIds: JSON.parse(r.unit_ids_json) as string[] } : {}),
    ...(r.cycles_json ? { cycles: JSON.parse(r.cycles_json) } : {}),
    ...(r.valid_from ? { validFrom: r.valid_from } : {}),
    ...(r.valid_to ? { validTo: r.valid_to } : {}),
  };
  return r.kind === 'percent' ? { ...filters, kind: 'percent', percentOff: r.percent_off ?? '0' } : { ...filters, kind: 'fixed', amountFen: Number(r.amount_fen ?? 0) };
}

/** Where a billable target books: its unit, its parking space, its account, its place in the hierarchy. */
export interface TargetPlace {
  unitId: string | null;
  spaceId: string | null;
  accountId: string;
  projectId: string;
  phaseId: string | null;
  buildingId: string | null;
}

/**
 * The billable units of a project as the core sees them (houses with their chargeable area,
 * and parking spaces as kind 'parking'), with where each one books.
 */
export async function loadBillableTargets(db: Db, orgId: string, projectId: string): Promise<{ units: BillableUnit[]; places: Map<string, TargetPlace> }> {
  const rows = await db
    .selectFrom('units')
    .innerJoin('buildings', 'buildings.id', 'units.building_id')
    .select(['units.id', 'units.building_id', 'buildings.phase_id', 'units.type', 'units.area_centi_m2'])
    .where('units.project_id', '=', projectId)
    .where('units.org_id', '=', orgId)
    .execute();
  const units: BillableUnit[] = [];
  const places = new Map<string, TargetPlace>();
  for (const r of rows) {
    units.push({ id: r.id, projectId, phaseId: r.phase_id ?? undefined, buildingId: r.building_id, kind: r.type, areaM2: centiToM2(Number(r.area_centi_m2)) });
    places.set(r.id, { unitId: r.id, spaceId: null, accountId: r.id, projectId, phaseId: r.phase_id, buildingId: r.building_id });
  }
  const spaces = await db.selectFrom('parking_spaces').select(['id', 'unit_id']).where('project_id', '=', projectId).where('org_id', '=', orgId).execute();
  for (const s of spaces) {
    const home = s.unit_id ? places.get(s.unit_id) : undefined;
    units.push({ id: s.id, projectId, phaseId: home?.phaseId ?? undefined, buildingId: home?.buildingId ?? undefined, kind: 'parking' });
    places.set(s.id, { unitId: home?.unitId ?? null, spaceId: s.id, accountId: home?.accountId ?? s.id, projectId, phaseId: home?.phaseId ?? null, buildingId: home?.buildingId ?? null });
  }
  return { units, places };
}

/** A bill row for the store: the money state starts unpaid (listed field by field — no spread, rows come in bulk). */
export function billRow(
  b: Omit<BillTable, 'paid_fen' | 'written_off_fen' | 'outstanding_fen' | 'created_at' | 'updated_at'>,
  at = nowIso(),
): BillTable {
  return {
    id: b.id,
    org_id: b.org_id,
    project_id: b.project_id,
    phase_id: b.phase_id,
    building_id: b.building_id,
    unit_id: b.unit_id,
    space_id: b.space_id,
    account_id: b.account_id,
    party_id: b.party_id,
    liability_id: b.liability_id,
    fee_item_id: b.fee_item_id,
    category: b.category,
    kind: b.kind,
    line_key: b.line_key,
    period_key: b.period_key,
    cover_start: b.cover_start,
    cover_end: b.cover_end,
    account_month: b.account_month,
    issued_on: b.issued_on,
    due_date: b.due_date,
    gross_fen: b.gross_fen,
    discount_fen: b.discount_fen,
    amount_fen: b.amount_fen,
    paid_fen: 0,
    written_off_fen: 0,
    outstanding_fen: b.amount_fen,
    basis_json: b.basis_json,
    discounts_json: b.discounts_json,
    description: b.description,
    run_id: b.run_id,
    source_bill_id: b.source_bill_id,
    source_order_id: b.source_order_id,
    created_by: b.created_by,
    created_at: at,
    updated_at: at,
  };
}

/** Parses a stored JSON array of strings, or null. */
export function jsonList(s: string | null): string[] | null {
  return s ? (JSON.parse(s) as string[]) : null;
}
