/**
 * The import template and CSV helpers. The column headers are the Chinese ones property ledgers
 * use and the server recognises (src/modules/registry/importRules.ts); values in the example row
 * are words the server maps (住宅 → residence, 已入住 → occupied, 业主 → owner).
 */

/** Import fields in template column order, with the header the server recognises. */
export const IMPORT_COLUMNS = [
  { field: 'projectCode', header: '项目编码', required: true },
  { field: 'phase', header: '期', required: false },
  { field: 'building', header: '楼栋', required: true },
  { field: 'unitNumber', header: '房号', required: true },
  { field: 'floor', header: '楼层', required: false },
  { field: 'areaM2', header: '面积', required: true },
  { field: 'unitType', header: '房屋类型', required: false },
  { field: 'unitState', header: '房屋状态', required: false },
  { field: 'partyName', header: '客户姓名', required: false },
  { field: 'role', header: '身份', required: false },
  { field: 'phone', header: '电话', required: false },
  { field: 'idNumber', header: '证件号码', required: false },
  { field: 'moveInDate', header: '入住日期', required: false },
] as const;

export type ImportField = (typeof IMPORT_COLUMNS)[number]['field'];
export const IMPORT_FIELDS: readonly ImportField[] = IMPORT_COLUMNS.map((c) => c.field);

/** Words the server accepts in the vocabulary columns (shown as help beside the template), with their meaning. */
export const ACCEPTED_VALUES = {
  unitType: [
    { word: '住宅', code: 'residence' },
    { word: '商铺', code: 'shop' },
    { word: '写字楼', code: 'office' },
    { word: '储藏室', code: 'storage' },
    { word: '其他', code: 'other' },
  ],
  unitState: [
    { word: '未售', code: 'unsold' },
    { word: '空置', code: 'vacant' },
    { word: '已入住', code: 'occupied' },
    { word: '装修中', code: 'renovating' },
  ],
  role: [
    { word: '业主', code: 'owner' },
    { word: '租户', code: 'tenant' },
    { word: '家属', code: 'family' },
    { word: '公司', code: 'company' },
  ],
} as const;

export function isImportField(v: unknown): v is ImportField {
  return typeof v === 'string' && (IMPORT_FIELDS as readonly string[]).includes(v);
}

/** One CSV field: quoted when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Template text: header row and one example row. A BOM makes Excel read it as UTF-8. */
export function importTemplateCsv(projectCode = 'HT'): string {
  const example: Record<ImportField, string> = {
    projectCode,
    phase: '一期',
    building: '1号楼',
    unitNumber: '1-101',
    floor: '1',
    areaM2: '89.50',
    unitType: '住宅',
    unitState: '已入住',
    partyName: '张三',
    role: '业主',
    phone: '13800138000',
    idNumber: '',
    moveInDate: '2024-05-01',
  };
  return '\ufeff' + toCsv([IMPORT_COLUMNS.map((c) => c.header), IMPORT_COLUMNS.map((c) => example[c.field])]);
}

/** Offer text or a Blob as a file download. */
export function downloadFile(content: Blob | string, filename: string, type = 'text/csv;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
