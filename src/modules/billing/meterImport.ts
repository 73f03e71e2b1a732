/**
 * Meter-reading sheets (抄表导入): column recognition and per-row checks. Pure: the store
 * resolves unit numbers and fee items afterwards. A sheet with any bad row imports nothing.
 */
import { BillingError, meterConsumption, parseDecimal } from './core';

export type ReadingField = 'unit' | 'feeItem' | 'readDate' | 'previous' | 'current' | 'multiplier' | 'oldFinal' | 'newInitial';

/** Header spellings accepted per field (Chinese as exported by meter-reading tools, and English). */
export const READING_HEADERS: Record<ReadingField, readonly string[]> = {
  unit: ['房号', '房屋', '单元', '房间号', 'unit', 'unit number', 'room'],
  feeItem: ['费目', '收费项目', '费目编码', '表类型', 'fee item', 'fee', 'item'],
  readDate: ['抄表日期', '日期', 'read date', 'date'],
  previous: ['上次读数', '起度', '上月读数', 'previous', 'previous reading'],
  current: ['本次读数', '止度', '本月读数', 'current', 'current reading', 'reading'],
  multiplier: ['倍率', 'multiplier', 'ratio'],
  oldFinal: ['旧表止度', '换表旧表读数', 'old meter final'],
  newInitial: ['新表起度', '换表新表读数', 'new meter initial'],
};

export interface ReadingRecord {
  line: number;
  unit: string;
  feeItem: string;
  readDate: string;
  previous: string | null;
  current: string;
  multiplier: string;
  oldFinal: string | null;
  newInitial: string | null;
}

export interface ReadingRowError {
  line: number;
  field: ReadingField | null;
  code: string;
  value?: string;
}

/** Maps each field to the sheet's header that spells it (case- and space-insensitive). */
export function mapReadingColumns(headers: readonly string[]): { mapping: Partial<Record<ReadingField, string>>; missing: ReadingField[] } {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const mapping: Partial<Record<ReadingField, string>> = {};
  for (const [field, names] of Object.entries(READING_HEADERS) as [ReadingField, readonly string[]][]) {
    const hit = headers.find((h) => names.some((n) => norm(n) === norm(h)));
    if (hit !== undefined) mapping[field] = hit;
  }
  const missing = (['unit', 'feeItem', 'readDate', 'current'] as ReadingField[]).filter((f) => !mapping[f]);
  return { mapping, missing };
}

/** 2026/3/5, 2026.03.05, 20260305 and 2026-03-05 all mean 2026-03-05; anything else is null. */
export function normaliseDate(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function decimalOk(v: string, scale: number): boolean {
  try {
    parseDecimal(v, { maxScale: scale });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks every row: required cells, dates, readings as exact decimals (≤ 4 places), a reading
 * that went down without a recorded meter replacement, and the same meter twice on one day.
 * Line numbers are the sheet's (header = line 1).
 */
export function validateReadingRows(rows: readonly Record<string, string>[], mapping: Partial<Record<ReadingField, string>>): { records: ReadingRecord[]; errors: ReadingRowError[] } {
  const records: ReadingRecord[] = [];
  const errors: ReadingRowError[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const cell = (f: ReadingField) => (mapping[f] ? (row[mapping[f]!] ?? '').trim() : '');
    if (Object.values(row).every((v) => !String(v ?? '').trim())) return;
    const before = errors.length;
    for (const f of ['unit', 'feeItem', 'readDate', 'current'] as ReadingField[]) if (!cell(f)) errors.push({ line, field: f, code: 'required' });
    const readDate = cell('readDate') ? normaliseDate(cell('readDate')) : null;
    if (cell('readDate') && !readDate) errors.push({ line, field: 'readDate', code: 'bad_date', value: cell('readDate') });
    for (const f of ['previous', 'current', 'oldFinal', 'newInitial'] as ReadingField[]) {
      if (cell(f) && !decimalOk(cell(f), 4)) errors.push({ line, field: f, code: 'bad_number', value: cell(f) });
    }
    if (cell('multiplier') && !decimalOk(cell('multiplier'), 4)) errors.push({ line, field: 'multiplier', code: 'bad_number', value: cell('multiplier') });
    if (!!cell('oldFinal') !== !!cell('newInitial')) errors.push({ line, field: cell('oldFinal') ? 'newInitial' : 'oldFinal', code: 'replacement_incomplete' });
    if (errors.length > before) return;
    const rec: ReadingRecord = {
      line,
      unit: cell('unit'),
      feeItem: cell('feeItem'),
      readDate: readDate!,
      previous: cell('previous') || null,
      current: cell('current'),
      multiplier: cell('multiplier') || '1',
      oldFinal: cell('oldFinal') || null,
      newInitial: cell('newInitial') || null,
    };
    if (rec.previous !== null) {
      const err = consumptionError(rec.previous, rec);
      if (err) {
        errors.push({ line, field: 'current', code: err, value: rec.current });
        return;
      }
    }
    const key = `${rec.unit}|${rec.feeItem}|${rec.readDate}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line, field: 'unit', code: 'duplicate', value: String(first) });
      return;
    }
    seen.set(key, line);
    records.push(rec);
  });
  return { records, errors };
}

/** The core's verdict on a reading against its previous one, as an error code or null. */
export function consumptionError(previous: string, rec: Pick<ReadingRecord, 'current' | 'oldFinal' | 'newInitial'>): string | null {
  try {
    meterConsumption(previous, rec.current, rec.oldFinal !== null && rec.newInitial !== null ? { oldFinal: rec.oldFinal, newInitial: rec.newInitial } : undefined);
    return null;
  } catch (e) {
    if (e instanceof BillingError) return e.code === 'METER_READING_DECREASED' ? 'reading_decreased' : e.code === 'METER_REPLACEMENT_INVALID' ? 'replacement_invalid' : 'bad_number';
    throw e;
  }
}
