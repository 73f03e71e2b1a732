import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectorResolver, resolveCollector } from './collectors';
import { cnDate, dunningLetterDoc, escapeHtml, formatYuan, noticeDocx, noticeHtml, rmbUpper } from './documents';
import { mapReadingColumns, normaliseDate, validateReadingRows } from './meterImport';

describe('amounts in words (大写金额)', () => {
  it('writes receipts the way cashiers do', () => {
    expect(rmbUpper(0)).toBe('零元整');
    expect(rmbUpper(5)).toBe('伍分');
    expect(rmbUpper(56)).toBe('伍角陆分');
    expect(rmbUpper(100)).toBe('壹元整');
    expect(rmbUpper(1050)).toBe('壹拾元伍角整');
    expect(rmbUpper(10005)).toBe('壹佰元零伍分');
    expect(rmbUpper(123456)).toBe('壹仟贰佰叁拾肆元伍角陆分');
    expect(rmbUpper(100000000)).toBe('壹佰万元整');
    expect(rmbUpper(1000100000)).toBe('壹仟万零壹仟元整');
    expect(rmbUpper(10001000000)).toBe('壹亿零壹万元整');
    expect(rmbUpper(30000)).toBe('叁佰元整');
    expect(() => rmbUpper(-1)).toThrow();
  });
  it('property: never two 零 in a row, never a leading or trailing 零, one 元 when there are yuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (fen) => {
        const s = rmbUpper(fen);
        expect(s).not.toMatch(/零零/);
        expect(s.startsWith('零')).toBe(false);
        expect(s).not.toMatch(/零(元|整|万|亿)/);
        expect((s.match(/元/g) ?? []).length).toBe(fen >= 100 ? 1 : 0);
        expect(s.endsWith('整') || s.endsWith('分')).toBe(true);
      }),
    );
  });
  it('formats yuan with thousands separators and dates in Chinese', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(5)).toBe('0.05');
    expect(cnDate('2026-03-05')).toBe('2026年3月5日');
  });
});

describe('notice documents', () => {
  const letter = dunningLetterDoc({
    letterNo: 'CJ202603150001',
    issuedOn: '2026-03-15',
    payBy: '2026-03-22',
    companyName: '华庭物业服务有限公司',
    projectName: '华庭小区',
    unitLabel: '1号楼 1-1201',
    partyName: '张<伟>',
    monthsInArrears: 2,
    totalFen: 50_036,
    items: [
      { month: '2026-01', feeName: '物业服务费', amountFen: 25_018, outstandingFen: 25_018, dueDate: '2026-01-01' },
      { month: '2026-02', feeName: '物业服务费', amountFen: 25_018, outstandingFen: 25_018, dueDate: '2026-02-01' },
    ],
    collectorName: '何红梅',
  });
  it('renders print-ready, escaped HTML with the amounts and the deadline', () => {
    const html = noticeHtml(letter);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('CJ202603150001');
    expect(html).toContain('张&lt;伟&gt;');
    expect(html).not.toContain('张<伟>');
    expect(html).toContain('500.36');
    expect(html).toContain('伍佰元叁角陆分');
    expect(html).toContain('2026年3月22日');
    expect(escapeHtml(`a"b'c&`)).toBe('a&quot;b&#39;c&amp;');
  });
  it('renders a DOCX (a zip with the document part)', async () => {
    const buf = await noticeDocx(letter);
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    expect(buf.includes(Buffer.from('word/document.xml'))).toBe(true);
  });
});

describe('meter-reading sheets', () => {
  it('recognises Chinese and English headers', () => {
    expect(mapReadingColumns(['房号', '费目', '抄表日期', '本次读数', '倍率']).missing).toEqual([]);
    expect(mapReadingColumns(['Unit', 'Fee item', 'Read date', 'Current']).missing).toEqual([]);
    expect(mapReadingColumns(['房号', '本次读数']).missing).toEqual(['feeItem', 'readDate']);
  });
  it('normalises dates and refuses impossible ones', () => {
    expect(normaliseDate('2026/3/5')).toBe('2026-03-05');
    expect(normaliseDate('2026年3月5日')).toBe('2026-03-05');
    expect(normaliseDate('20260305')).toBe('2026-03-05');
    expect(normaliseDate('2026-02-30')).toBeNull();
  });
  it('reports every bad row with its line number', () => {
    const { mapping } = mapReadingColumns(['房号', '费目', '抄表日期', '上次读数', '本次读数', '旧表止度', '新表起度']);
    const rows = [
      { 房号: '1-101', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '100', 本次读数: '108.5', 旧表止度: '', 新表起度: '' },
      { 房号: '', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '', 本次读数: '1', 旧表止度: '', 新表起度: '' },
      { 房号: '1-102', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '100', 本次读数: '90', 旧表止度: '', 新表起度: '' },
      { 房号: '1-103', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '9990', 本次读数: '15', 旧表止度: '9999', 新表起度: '0' },
      { 房号: '1-101', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '100', 本次读数: '109', 旧表止度: '', 新表起度: '' },
      { 房号: '1-104', 费目: 'SF', 抄表日期: '2026-03-25', 上次读数: '1', 本次读数: '1.23456', 旧表止度: '', 新表起度: '' },
    ];
    const r = validateReadingRows(rows, mapping);
    expect(r.records.map((x) => x.line)).toEqual([2, 5]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'required'],
      [4, 'reading_decreased'],
      [6, 'duplicate'],
      [7, 'bad_number'],
    ]);
  });
});

describe('collector resolution', () => {
  const a = [
    { project_id: 'P', building_id: null, unit_id: null, collector_id: 'all' },
    { project_id: 'P', building_id: 'B1', unit_id: null, collector_id: 'b1' },
    { project_id: 'P', building_id: null, unit_id: 'U9', collector_id: 'u9' },
  ];
  it('takes the unit, then the building, then the project', () => {
    for (const f of [(x: any) => resolveCollector(a, x), collectorResolver(a)]) {
      expect(f({ projectId: 'P', buildingId: 'B1', unitId: 'U9' })).toBe('u9');
      expect(f({ projectId: 'P', buildingId: 'B1', unitId: 'U1' })).toBe('b1');
      expect(f({ projectId: 'P', buildingId: 'B2', unitId: 'U2' })).toBe('all');
      expect(f({ projectId: 'Q', buildingId: 'B1', unitId: 'U1' })).toBeNull();
    }
  });
});
