/** Every table of the report in one workbook, a sheet per table (names unique, ≤ 31 characters). */
import ExcelJS from 'exceljs';
import type { ReportModel } from '../assemble';

export async function renderXlsx(m: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shouwen 首问';
  const used = new Set<string>();
  const summary = wb.addWorksheet('说明');
  summary.addRow([m.title]).font = { bold: true, size: 14 };
  summary.addRow([m.subtitle]);
  for (const s of m.sections) if (s.narrative) summary.addRow([s.title, s.narrative]);
  summary.getColumn(1).width = 18;
  summary.getColumn(2).width = 100;
  for (const s of m.sections)
    for (const t of s.tables) {
      let name = `${s.title}-${t.title}`.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28);
      let n = 2;
      while (used.has(name)) name = `${name.slice(0, 26)}-${n++}`;
      used.add(name);
      const ws = wb.addWorksheet(name);
      ws.addRow([t.title]).font = { bold: true };
      ws.addRow(t.columns).font = { bold: true };
      for (const r of t.rows) ws.addRow(r);
      ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 16));
    }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
