/**
 * Import of 20,000 units with owners from an XLSX file through the real import path
 * (parse → validate every row → one transaction), with the progress callback counted.
 *
 *   npx tsx bench/registry-import.ts            # SQLite
 *   DATABASE_URL=postgres://… npx tsx bench/registry-import.ts
 */
import ExcelJS from 'exceljs';
import { importUnitsAndParties, readTable } from '../src/modules/registry/import';
import { openTestContext, seedFixture } from '../test/helpers';

const ROWS = Number(process.env.ROWS || 20_000);

async function main() {
  const { ctx, cleanup } = await openTestContext();
  const fx = await seedFixture(ctx);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房屋');
  ws.addRow(['项目编码', '期', '楼栋', '房号', '楼层', '面积', '房屋类型', '房屋状态', '客户姓名', '身份', '电话', '入住日期']);
  for (let i = 0; i < ROWS; i++) {
    const b = 1 + Math.floor(i / 400);
    ws.addRow(['PA', `${1 + (b % 3)}期`, `${100 + b}号楼`, `${100 + b}-${1000 + (i % 400)}`, 1 + ((i % 400) >> 2), (70 + (i % 50) + 0.25).toFixed(2), '住宅', '已入住', `业主${i}`, '业主', `139${String(i).padStart(8, '0')}`, '2024-01-01']);
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const t0 = performance.now();
  const sheet = await readTable(buf, 'units.xlsx');
  const t1 = performance.now();
  let progressCalls = 0;
  const r = await importUnitsAndParties(ctx.store.db, ctx.secrets, fx.orgId, sheet, { onProgress: () => progressCalls++ });
  const t2 = performance.now();
  console.log(JSON.stringify({ dialect: ctx.store.dialect, rows: ROWS, xlsxBytes: buf.length, parseMs: Math.round(t1 - t0), validateAndWriteMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0), ok: r.ok, summary: r.summary, progressCalls }));
  await cleanup();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
