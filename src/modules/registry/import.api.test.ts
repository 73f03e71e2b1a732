import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

const HEADER = ['项目编码', '期', '楼栋', '房号', '楼层', '面积', '房屋类型', '房屋状态', '客户姓名', '身份', '电话', '证件号码', '入住日期'];

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房屋');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function counts() {
  const db = env.ctx.store.db;
  const n = async (t: 'units' | 'parties' | 'buildings' | 'party_units') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { units: await n('units'), parties: await n('parties'), buildings: await n('buildings'), relations: await n('party_units') };
}

async function postImport(content: Buffer, name: string, fields: Record<string, string> = {}) {
  const m = multipart({ name, content }, { wait: '1', ...fields });
  return env.app.inject({ method: 'POST', url: '/api/registry/import', payload: m.payload, headers: { ...admin.headers, ...m.headers } });
}

describe('import of units and parties', () => {
  it('an XLSX with bad rows imports nothing and reports each bad row', async () => {
    const before = await counts();
    const file = await xlsx([
      ['PA', '二期', '5号楼', '5-101', 1, '88.50', '住宅', '已入住', '赵敏', '业主', '13900001111', '', '2023-01-01'], // good
      ['PA', '二期', '5号楼', '5-102', 1, '88.555', '住宅', '已入住', '钱亮', '业主', '13900001112', '', ''], // area: 3 decimals
      ['ZZ', '二期', '5号楼', '5-103', 1, '90', '住宅', '空置', '', '', '', '', ''], // unknown project
      ['PA', '二期', '5号楼', '5-104', 1, '90', '别墅', '已入住', '孙丽', '房东', '12345', '110105194912310021', '2023-02-30'], // type, role, phone, id, date
      ['PA', '二期', '5号楼', '5-101', 1, '88.50', '住宅', '已入住', '赵敏', '业主', '13900001111', '', '2023-01-01'], // duplicate of line 2
      ['PA', '二期', '', '5-105', 1, '90', '住宅', '空置', '', '', '', '', ''], // building missing
    ]);
    const res = await postImport(file, 'units.xlsx');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('import.rejected');
    const errors = body.error.details.errors as Array<{ line: number; field: string; message: string }>;
    const byLine = (l: number) => errors.filter((e) => e.line === l).map((e) => e.field).sort();
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(['areaM2']);
    expect(byLine(4)).toEqual(['projectCode']);
    expect(byLine(5)).toEqual(['idNumber', 'moveInDate', 'phone', 'role', 'unitType']);
    expect(byLine(6)).toEqual(['unitNumber']);
    expect(byLine(7)).toEqual(['building']);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(2);
    expect(JSON.stringify(body)).not.toContain('110105194912310021');
    expect(await counts()).toEqual(before);

    // The error report downloads as CSV with one line per error.
    const csv = await admin.inject('GET', `/api/imports/${body.error.details.jobId}/errors.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(errors.length + 1);
  });

  it('a dry run reports what would be created and writes nothing', async () => {
    const before = await counts();
    const file = await xlsx([
      ['PA', '二期', '6号楼', '6-101', 1, '88.5', '住宅', '已入住', '周杰', '业主', '13900002222', '11010519491231002X', '2023-01-01'],
      ['PA', '二期', '6号楼', '6-101', 1, '88.5', '住宅', '已入住', '周小杰', '家属', '', '', ''],
    ]);
    const res = await postImport(file, 'units.xlsx', { dryRun: '1' });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toMatchObject({ units: 1, buildings: 1, phases: 1, parties: 2 });
    expect(await counts()).toEqual(before);
  });

  it('a good CSV (GBK, as Excel saves it) imports in one go, and importing it again adds nothing', async () => {
    const before = await counts();
    const lines = [HEADER.join(','), 'PA,三期,7号楼,7-201,2,120.00,住宅,已入住,吴芳,业主,13700003333,,2022-10-01', 'PA,三期,7号楼,7-202,2,95.5,住宅,空置,,,,,'];
    const gbk = Buffer.from(new Uint8Array(encodeGbk(lines.join('\r\n'))));
    const res = await postImport(gbk, 'units.csv');
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toMatchObject({ units: 2, parties: 1, buildings: 1 });
    const after = await counts();
    expect(after.units - before.units).toBe(2);
    expect(after.parties - before.parties).toBe(1);
    const again = await postImport(gbk, 'units.csv');
    expect(again.statusCode).toBe(200);
    expect(await counts()).toEqual(after);
    const found = (await admin.inject('GET', '/api/parties?q=' + encodeURIComponent('吴芳'))).json();
    expect(found.items[0].units[0].unitNumber).toBe('7-201');
  });

  it('runs as a background job with progress when not waited for', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ['PA', '四期', `${8 + (i % 5)}号楼`, `${8 + (i % 5)}-${1000 + i}`, 1, '70.1', '住宅', '空置', '', '', '', '', '']);
    const m = multipart({ name: 'big.xlsx', content: await xlsx(rows) });
    const res = await env.app.inject({ method: 'POST', url: '/api/registry/import', payload: m.payload, headers: { ...admin.headers, ...m.headers } });
    expect(res.statusCode).toBe(202);
    const jobId = res.json().jobId;
    let job: any;
    for (let i = 0; i < 200; i++) {
      job = (await admin.inject('GET', `/api/imports/${jobId}`)).json();
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job.status).toBe('done');
    expect(job.processed).toBe(3000);
    expect(job.summary.units).toBe(3000);
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const res = await postImport(Buffer.from('not a zip'), 'units.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import.bad_file');
  });
});

/** GBK-encode via a reverse table of TextDecoder('gbk') over the two-byte range (test-only helper). */
function encodeGbk(s: string): number[] {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) out.push(c);
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return out;
}
