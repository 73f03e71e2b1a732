import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import { decodeText, parseDelimited } from '../../core/csv';
import { AppError } from '../../core/errors';
import type { Secrets } from '../../core/secrets';
import { autoMapping, findDuplicates, missingColumns, validateRow, type ColumnMapping, type ImportRow, type RowError } from './importRules';
import { phoneRows, protectIdNumber } from './queries';

export interface ParsedSheet {
  headers: string[];
  rows: Record<string, string>[];
}

/** Read the first worksheet of an XLSX, or a CSV/TSV, into header-keyed rows of text. */
export async function readTable(buf: Buffer, filename: string): Promise<ParsedSheet> {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as any);
    } catch (e) {
      throw new AppError(400, 'import.bad_file', { reason: 'xlsx' });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError(400, 'import.no_rows');
    const headerRow = ws.getRow(1);
    const headers: string[] = [];
    headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = cellText(cell.value).trim();
    });
    const rows: Record<string, string>[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const rec: Record<string, string> = {};
      let any = false;
      headers.forEach((h, i) => {
        const v = cellText(row.getCell(i + 1).value).trim();
        if (v) any = true;
        rec[h] = v;
      });
      rows.push(any ? rec : {});
    }
    while (rows.length && Object.keys(rows[rows.length - 1]).length === 0) rows.pop();
    return { headers, rows };
  }
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) {
    const grid = parseDelimited(decodeText(buf));
    if (!grid.length) throw new AppError(400, 'import.no_rows');
    const headers = grid[0].map((h) => h.trim());
    const rows = grid.slice(1).map((cells) => Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])));
    return { headers, rows };
  }
  throw new AppError(400, 'import.file_required');
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as any).text);
    if ('result' in v) return cellText((v as any).result);
    return '';
  }
  return String(v);
}

export interface ImportProgress {
  phase: 'validating' | 'writing' | 'done';
  processed: number;
  total: number;
}

export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  total: number;
  errors: RowError[];
  summary: { units: number; unitsExisting: number; parties: number; relations: number; buildings: number; phases: number };
}

/**
 * Validate every row, then — only when there is no error and it is not a dry run — write all of
 * it in one transaction. A file with any bad row writes nothing.
 */
export async function importUnitsAndParties(
  db: Kysely<DB>,
  secrets: Secrets,
  orgId: string,
  sheet: ParsedSheet,
  opts: { mapping?: ColumnMapping; dryRun?: boolean; allowedProjectIds?: readonly string[] | 'all'; onProgress?: (p: ImportProgress) => void },
): Promise<ImportResult> {
  const mapping = { ...autoMapping(sheet.headers), ...(opts.mapping ?? {}) };
  const total = sheet.rows.length;
  const summary = { units: 0, unitsExisting: 0, parties: 0, relations: 0, buildings: 0, phases: 0 };
  if (!total) throw new AppError(400, 'import.no_rows');
  const missing = missingColumns(mapping, sheet.headers);
  if (missing.length) throw new AppError(400, 'import.missing_column', { column: missing.join(', ') });

  const projects = await db.selectFrom('projects').select(['id', 'code']).where('org_id', '=', orgId).execute();
  const allowed = opts.allowedProjectIds ?? 'all';
  const visible = projects.filter((p) => allowed === 'all' || allowed.includes(p.id));
  const projectByCode = new Map(visible.map((p) => [p.code, p.id]));
  const known = new Set(projectByCode.keys());

  const errors: RowError[] = [];
  const good: ImportRow[] = [];
  for (let i = 0; i < total; i++) {
    const r = validateRow(sheet.rows[i], mapping, i + 2, known);
    if (r.ok) good.push(r.row);
    else errors.push(...r.errors);
    if (i % 1000 === 999) {
      opts.onProgress?.({ phase: 'validating', processed: i + 1, total });
      await new Promise((res) => setImmediate(res));
    }
  }
  errors.push(...findDuplicates(good));
  if (errors.length || opts.dryRun) {
    if (!errors.length) {
      const plan = await planWrites(db, orgId, good, projectByCode);
      Object.assign(summary, plan.counts);
    }
    opts.onProgress?.({ phase: 'done', processed: total, total });
    errors.sort((a, b) => a.line - b.line);
    return { ok: errors.length === 0, dryRun: !!opts.dryRun, total, errors, summary };
  }

  const plan = await planWrites(db, orgId, good, projectByCode);
  Object.assign(summary, plan.counts);
  // Encrypting ID numbers and parsing phones before the transaction keeps it short.
  const ts = nowIso();
  const partyRows: any[] = [];
  const phoneRowsAll: any[] = [];
  const relationRows: any[] = [];
  for (const r of good) {
    if (!r.party) continue;
    const unitId = plan.unitIdOf(r);
    if (plan.existingRelations.has(`${unitId}\u0000${r.party.name}\u0000${r.party.role}`)) continue;
    const pid = newId();
    partyRows.push({ id: pid, org_id: orgId, kind: r.party.kind, name: r.party.name, note: null, created_at: ts, updated_at: ts, ...protectIdNumber(secrets, r.party.idNumber) });
    phoneRowsAll.push(...phoneRows(orgId, pid, r.party.phones));
    relationRows.push({ id: newId(), org_id: orgId, party_id: pid, unit_id: unitId, role: r.party.role, move_in_date: r.party.moveInDate, move_out_date: null, created_at: ts });
  }
  summary.parties = partyRows.length;
  summary.relations = relationRows.length;
  const steps = [
    ['phases', plan.newPhases],
    ['buildings', plan.newBuildings],
    ['units', plan.newUnits],
    ['parties', partyRows],
    ['party_phones', phoneRowsAll],
    ['party_units', relationRows],
  ] as const;
  const writeTotal = steps.reduce((s, [, rows]) => s + rows.length, 0);
  let written = 0;
  await db.transaction().execute(async (trx) => {
    for (const [table, rows] of steps) {
      for (let i = 0; i < rows.length; i += 400) {
        await trx.insertInto(table as any).values(rows.slice(i, i + 400) as any).execute();
        written += Math.min(400, rows.length - i);
        opts.onProgress?.({ phase: 'writing', processed: written, total: writeTotal });
      }
    }
  });
  opts.onProgress?.({ phase: 'done', processed: total, total });
  return { ok: true, dryRun: false, total, errors: [], summary };
}

/** Work out which phases, buildings and units are new and which already exist. */
async function planWrites(db: Kysely<DB>, orgId: string, rows: ImportRow[], projectByCode: Map<string, string>) {
  const projectIds = [...new Set(rows.map((r) => projectByCode.get(r.projectCode)!))];
  const phases = projectIds.length ? await db.selectFrom('phases').select(['id', 'project_id', 'name']).where('project_id', 'in', projectIds).execute() : [];
  const buildings = projectIds.length ? await db.selectFrom('buildings').select(['id', 'project_id', 'name']).where('project_id', 'in', projectIds).execute() : [];
  const phaseId = new Map(phases.map((p) => [`${p.project_id}\u0000${p.name}`, p.id]));
  const buildingId = new Map(buildings.map((b) => [`${b.project_id}\u0000${b.name}`, b.id]));
  const buildingIds = buildings.map((b) => b.id);
  const units: { id: string; building_id: string; number: string }[] = [];
  for (let i = 0; i < buildingIds.length; i += 500) {
    units.push(...(await db.selectFrom('units').select(['id', 'building_id', 'number']).where('building_id', 'in', buildingIds.slice(i, i + 500)).execute()));
  }
  const unitId = new Map(units.map((u) => [`${u.building_id}\u0000${u.number}`, u.id]));
  const existingUnitIds = new Set(units.map((u) => u.id));
  const ts = nowIso();
  const newPhases: any[] = [];
  const newBuildings: any[] = [];
  const newUnits: any[] = [];
  const rowUnit = new Map<ImportRow, string>();
  for (const r of rows) {
    const pid = projectByCode.get(r.projectCode)!;
    let ph: string | null = null;
    if (r.phase) {
      const k = `${pid}\u0000${r.phase}`;
      ph = phaseId.get(k) ?? null;
      if (!ph) {
        ph = newId();
        phaseId.set(k, ph);
        newPhases.push({ id: ph, org_id: orgId, project_id: pid, name: r.phase, seq: newPhases.length + 1, created_at: ts, updated_at: ts });
      }
    }
    const bk = `${pid}\u0000${r.building}`;
    let b = buildingId.get(bk);
    if (!b) {
      b = newId();
      buildingId.set(bk, b);
      newBuildings.push({ id: b, org_id: orgId, project_id: pid, phase_id: ph, name: r.building, floors: null, created_at: ts, updated_at: ts });
    }
    const uk = `${b}\u0000${r.unitNumber}`;
    let u = unitId.get(uk);
    if (!u) {
      u = newId();
      unitId.set(uk, u);
      newUnits.push({ id: u, org_id: orgId, project_id: pid, building_id: b, number: r.unitNumber, floor: r.floor, area_centi_m2: r.areaCenti, type: r.unitType, state: r.unitState, created_at: ts, updated_at: ts });
    }
    rowUnit.set(r, u);
  }
  const touched = [...new Set([...rowUnit.values()].filter((u) => existingUnitIds.has(u)))];
  const existingRelations = new Set<string>();
  for (let i = 0; i < touched.length; i += 500) {
    const rel = await db
      .selectFrom('party_units')
      .innerJoin('parties', 'parties.id', 'party_units.party_id')
      .select(['party_units.unit_id', 'parties.name', 'party_units.role'])
      .where('party_units.unit_id', 'in', touched.slice(i, i + 500))
      .execute();
    for (const r of rel) existingRelations.add(`${r.unit_id}\u0000${r.name}\u0000${r.role}`);
  }
  const partyCount = rows.filter((r) => r.party && !existingRelations.has(`${rowUnit.get(r)}\u0000${r.party.name}\u0000${r.party.role}`)).length;
  return {
    newPhases,
    newBuildings,
    newUnits,
    existingRelations,
    unitIdOf: (r: ImportRow) => rowUnit.get(r)!,
    counts: {
      phases: newPhases.length,
      buildings: newBuildings.length,
      units: newUnits.length,
      unitsExisting: new Set(touched).size,
      parties: partyCount,
      relations: partyCount,
    },
  };
}
