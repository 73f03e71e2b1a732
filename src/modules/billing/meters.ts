/** Meter readings (抄表) on the store: single entry and sheet import (all rows or none). */
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { MeterReadingTable } from './schema';
import { consumptionError, mapReadingColumns, validateReadingRows, type ReadingRowError } from './meterImport';
import { insertBatches, today, type Db, type Who } from './store';

export interface ReadingInput {
  unitId: string;
  feeItemId: string;
  readDate: string;
  current: string;
  /** Default: the meter's last reading before readDate. */
  previous?: string | null;
  multiplier?: string | null;
  replacement?: { oldFinal: string; newInitial: string } | null;
}

/** The meter's last reading before a date (its current value is the next reading's previous). */
async function lastReading(db: Db, unitId: string, feeItemId: string, before: string) {
  return db
    .selectFrom('meter_readings')
    .select(['current_reading', 'multiplier', 'read_date'])
    .where('unit_id', '=', unitId)
    .where('fee_item_id', '=', feeItemId)
    .where('read_date', '<', before)
    .orderBy('read_date', 'desc')
    .executeTakeFirst();
}

export async function addReading(ctx: AppContext, who: Who, input: ReadingInput): Promise<MeterReadingTable> {
  const db = ctx.store.db;
  const unit = await db.selectFrom('units').select(['id', 'project_id']).where('id', '=', input.unitId).where('org_id', '=', who.orgId).executeTakeFirst();
  if (!unit) throw notFound('what.unit');
  const item = await db.selectFrom('fee_items').select(['id', 'kind', 'project_id']).where('id', '=', input.feeItemId).where('org_id', '=', who.orgId).executeTakeFirst();
  if (!item || item.project_id !== unit.project_id) throw notFound('what.fee_item');
  if (item.kind !== 'metered') throw new AppError(400, 'billing.not_metered');
  if (input.readDate > today()) throw new AppError(400, 'billing.future_date', { date: input.readDate });
  const last = await lastReading(db, unit.id, item.id, input.readDate);
  const previous = input.previous ?? last?.current_reading ?? null;
  if (previous === null) throw new AppError(400, 'billing.previous_reading_required');
  const rec = { current: input.current, oldFinal: input.replacement?.oldFinal ?? null, newInitial: input.replacement?.newInitial ?? null };
  const err = consumptionError(previous, rec);
  if (err) throw new AppError(400, `billing.reading.${err}`, { previous, current: input.current });
  const row: MeterReadingTable = {
    id: newId(),
    org_id: who.orgId,
    project_id: unit.project_id,
    unit_id: unit.id,
    fee_item_id: item.id,
    read_date: input.readDate,
    previous_reading: previous,
    current_reading: input.current,
    multiplier: input.multiplier ?? last?.multiplier ?? '1',
    old_final: rec.oldFinal,
    new_initial: rec.newInitial,
    source: 'manual',
    created_by: who.userId,
    created_at: nowIso(),
  };
  await db.insertInto('meter_readings').values(row).execute();
  return row;
}

export interface ImportOutcome {
  total: number;
  imported: number;
  dryRun: boolean;
  errors: ReadingRowError[];
}

/**
 * Imports a sheet of readings for one project. Units are found by their number in the project,
 * fee items by code or name; a missing "previous" cell takes the meter's last stored reading
 * (or the sheet's earlier row for the same meter). Any bad row → nothing is written.
 */
export async function importReadings(
  ctx: AppContext,
  who: Who,
  projectId: string,
  sheet: { headers: string[]; rows: Record<string, string>[] },
  dryRun: boolean,
): Promise<ImportOutcome> {
  const db = ctx.store.db;
  const { mapping, missing } = mapReadingColumns(sheet.headers);
  if (missing.length) throw new AppError(400, 'import.missing_column', { column: missing.join(', ') });
  const { records, errors } = validateReadingRows(sheet.rows, mapping);
  const units = await db.selectFrom('units').select(['id', 'number']).where('project_id', '=', projectId).where('org_id', '=', who.orgId).execute();
  const unitByNumber = new Map<string, string | null>();
  for (const u of units) unitByNumber.set(u.number, unitByNumber.has(u.number) ? null : u.id);
  const items = await db.selectFrom('fee_items').select(['id', 'code', 'name', 'kind']).where('project_id', '=', projectId).where('org_id', '=', who.orgId).where('kind', '=', 'metered').execute();
  const itemByName = new Map<string, string>();
  for (const it of items) {
    itemByName.set(it.code, it.id);
    itemByName.set(it.name, it.id);
  }
  const day = today();
  const rows: MeterReadingTable[] = [];
  const carried = new Map<string, { date: string; current: string }>();
  const lineById = new Map<string, number>();
  const sorted = [...records].sort((a, b) => (a.readDate < b.readDate ? -1 : a.readDate > b.readDate ? 1 : a.line - b.line));
  for (const r of sorted) {
    const unitId = unitByNumber.get(r.unit);
    if (!unitId) {
      errors.push({ line: r.line, field: 'unit', code: unitId === null ? 'ambiguous_unit' : 'unknown_unit', value: r.unit });
      continue;
    }
    const itemId = itemByName.get(r.feeItem);
    if (!itemId) {
      errors.push({ line: r.line, field: 'feeItem', code: 'unknown_fee_item', value: r.feeItem });
      continue;
    }
    if (r.readDate > day) {
      errors.push({ line: r.line, field: 'readDate', code: 'future_date', value: r.readDate });
      continue;
    }
    const meter = `${unitId}|${itemId}`;
    let previous = r.previous;
    if (previous === null) {
      const inSheet = carried.get(meter);
      previous = inSheet && inSheet.date < r.readDate ? inSheet.current : ((await lastReading(db, unitId, itemId, r.readDate))?.current_reading ?? null);
      if (previous === null) {
        errors.push({ line: r.line, field: 'previous', code: 'required' });
        continue;
      }
      const err = consumptionError(previous, r);
      if (err) {
        errors.push({ line: r.line, field: 'current', code: err, value: r.current });
        continue;
      }
    }
    carried.set(meter, { date: r.readDate, current: r.current });
    const id = newId();
    lineById.set(id, r.line);
    rows.push({
      id,
      org_id: who.orgId,
      project_id: projectId,
      unit_id: unitId,
      fee_item_id: itemId,
      read_date: r.readDate,
      previous_reading: previous,
      current_reading: r.current,
      multiplier: r.multiplier,
      old_final: r.oldFinal,
      new_initial: r.newInitial,
      source: 'import',
      created_by: who.userId,
      created_at: nowIso(),
    });
  }
  if (rows.length) {
    // Already stored readings for the same meter and day are errors too, not silent overwrites.
    const dates = [...new Set(rows.map((r) => r.read_date))];
    const stored = await db.selectFrom('meter_readings').select(['unit_id', 'fee_item_id', 'read_date']).where('project_id', '=', projectId).where('read_date', 'in', dates).execute();
    const taken = new Set(stored.map((s) => `${s.unit_id}|${s.fee_item_id}|${s.read_date}`));
    for (const row of rows) {
      if (taken.has(`${row.unit_id}|${row.fee_item_id}|${row.read_date}`)) errors.push({ line: lineById.get(row.id)!, field: 'readDate', code: 'exists', value: row.read_date });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  if (errors.length) return { total: sheet.rows.length, imported: 0, dryRun, errors };
  if (!dryRun) await db.transaction().execute((trx) => insertBatches(trx, 'meter_readings', rows));
  return { total: sheet.rows.length, imported: dryRun ? 0 : rows.length, dryRun, errors };
}
