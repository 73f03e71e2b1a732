/** Pure rules of the unit/party import: column mapping, value vocabularies, row validation. */
import { isValidDate, parseAreaCenti, parsePhone, validateIdNumber } from './rules';
import type { PartyKind, PartyRole, UnitState, UnitType } from './schema';

export const IMPORT_FIELDS = [
  'projectCode',
  'phase',
  'building',
  'unitNumber',
  'floor',
  'areaM2',
  'unitType',
  'unitState',
  'partyName',
  'partyKind',
  'role',
  'phone',
  'idNumber',
  'moveInDate',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Partial<Record<ImportField, string>>;

/** Header names people use in their ledgers, per field (first match wins). */
export const HEADER_ALIASES: Record<ImportField, string[]> = {
  projectCode: ['项目编码', '项目代码', 'projectCode', 'project'],
  phase: ['期', '分期', '期数', 'phase'],
  building: ['楼栋', '楼号', '栋', 'building'],
  unitNumber: ['房号', '房间号', '单元号', '铺位号', 'unit', 'unitNumber'],
  floor: ['楼层', 'floor'],
  areaM2: ['面积', '建筑面积', '面积(㎡)', '面积（㎡）', '建筑面积(㎡)', 'area', 'areaM2'],
  unitType: ['房屋类型', '类型', 'unitType', 'type'],
  unitState: ['房屋状态', '状态', 'unitState', 'state'],
  partyName: ['客户姓名', '业主姓名', '姓名', '客户名称', '名称', 'name', 'partyName'],
  partyKind: ['客户类型', 'partyKind'],
  role: ['身份', '客户身份', '关系', 'role'],
  phone: ['电话', '联系电话', '手机', '手机号', 'phone'],
  idNumber: ['证件号码', '身份证号', '身份证号码', 'idNumber'],
  moveInDate: ['入住日期', '入伙日期', 'moveInDate'],
};

const UNIT_TYPE_WORDS: Record<string, UnitType> = {
  住宅: 'residence', residence: 'residence', 商铺: 'shop', 铺位: 'shop', shop: 'shop', 写字楼: 'office', 办公: 'office', office: 'office',
  储藏室: 'storage', 车库: 'storage', storage: 'storage', 其他: 'other', other: 'other',
};
const UNIT_STATE_WORDS: Record<string, UnitState> = {
  未售: 'unsold', unsold: 'unsold', 空置: 'vacant', vacant: 'vacant', 已入住: 'occupied', 入住: 'occupied', 自住: 'occupied', 出租: 'occupied',
  occupied: 'occupied', 装修中: 'renovating', 装修: 'renovating', renovating: 'renovating',
};
const ROLE_WORDS: Record<string, PartyRole> = {
  业主: 'owner', owner: 'owner', 租户: 'tenant', 租客: 'tenant', tenant: 'tenant', 家属: 'family', 家庭成员: 'family', family: 'family',
  公司: 'company', 单位: 'company', 企业: 'company', company: 'company',
};
const KIND_WORDS: Record<string, PartyKind> = { 个人: 'person', person: 'person', 公司: 'company', 单位: 'company', 企业: 'company', company: 'company' };

/** Default mapping: each field to the first header that matches one of its aliases. */
export function autoMapping(headers: string[]): ColumnMapping {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const byNorm = new Map(headers.map((h) => [norm(h), h]));
  const m: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) {
    for (const alias of HEADER_ALIASES[f]) {
      const h = byNorm.get(norm(alias));
      if (h) {
        m[f] = h;
        break;
      }
    }
  }
  return m;
}

export interface RowError {
  line: number;
  field: ImportField | null;
  code: string;
  params: Record<string, string | number>;
}

export interface ImportRow {
  line: number;
  projectCode: string;
  phase: string | null;
  building: string;
  unitNumber: string;
  floor: number | null;
  areaCenti: number;
  unitType: UnitType;
  unitState: UnitState;
  party: null | {
    name: string;
    kind: PartyKind;
    role: PartyRole;
    phones: string[];
    idNumber: string | null;
    moveInDate: string | null;
  };
}

export const REQUIRED: ImportField[] = ['projectCode', 'building', 'unitNumber', 'areaM2'];

/** Columns required by the mapping that the file lacks. */
export function missingColumns(mapping: ColumnMapping, headers: string[]): ImportField[] {
  return REQUIRED.filter((f) => !mapping[f] || !headers.includes(mapping[f]!));
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Validate one raw row (header → cell text). `line` is the 1-based line in the file (header = 1).
 * ID numbers are never echoed into error parameters.
 */
export function validateRow(raw: Record<string, string>, mapping: ColumnMapping, line: number, knownProjects: Set<string>):
  | { ok: true; row: ImportRow }
  | { ok: false; errors: RowError[] } {
  const get = (f: ImportField) => (mapping[f] ? String(raw[mapping[f]!] ?? '').trim() : '');
  const errors: RowError[] = [];
  const err = (field: ImportField, code: string, params: Record<string, string | number> = {}) => errors.push({ line, field, code, params });
  for (const f of REQUIRED) if (!get(f)) err(f, 'import.row.required', { field: `field.${f}` });

  const projectCode = get('projectCode');
  if (projectCode && !knownProjects.has(projectCode)) err('projectCode', 'import.row.unknown_project', { value: clip(projectCode) });
  const areaRaw = get('areaM2');
  const areaCenti = areaRaw ? parseAreaCenti(areaRaw) : null;
  if (areaRaw && areaCenti === null) err('areaM2', 'import.row.bad_value', { field: 'field.areaM2', value: clip(areaRaw) });
  const floorRaw = get('floor');
  const floor = floorRaw ? Number(floorRaw) : null;
  if (floorRaw && (!Number.isInteger(floor) || floor! < -10 || floor! > 200)) err('floor', 'import.row.bad_value', { field: 'field.floor', value: clip(floorRaw) });
  const typeRaw = get('unitType');
  const unitType = typeRaw ? UNIT_TYPE_WORDS[typeRaw.toLowerCase()] : 'residence';
  if (!unitType) err('unitType', 'import.row.bad_value', { field: 'field.unitType', value: clip(typeRaw) });
  const stateRaw = get('unitState');
  const partyName = get('partyName');
  const unitState = stateRaw ? UNIT_STATE_WORDS[stateRaw.toLowerCase()] : partyName ? 'occupied' : 'vacant';
  if (!unitState) err('unitState', 'import.row.bad_value', { field: 'field.unitState', value: clip(stateRaw) });
  for (const [f, max] of [['building', 40], ['unitNumber', 30], ['phase', 40], ['partyName', 80]] as const) {
    if (get(f).length > max) err(f, 'import.row.bad_value', { field: `field.${f}`, value: clip(get(f)) });
  }

  let party: ImportRow['party'] = null;
  const phoneRaw = get('phone');
  const idRaw = get('idNumber');
  const roleRaw = get('role');
  const kindRaw = get('partyKind');
  const moveIn = get('moveInDate');
  if (partyName || phoneRaw || idRaw) {
    if (!partyName) err('partyName', 'import.row.required', { field: 'field.partyName' });
    const role = roleRaw ? ROLE_WORDS[roleRaw.toLowerCase()] : 'owner';
    if (!role) err('role', 'import.row.bad_value', { field: 'field.role', value: clip(roleRaw) });
    const kind = kindRaw ? KIND_WORDS[kindRaw.toLowerCase()] : role === 'company' ? 'company' : 'person';
    if (!kind) err('partyKind', 'import.row.bad_value', { field: 'field.partyKind', value: clip(kindRaw) });
    const phones = phoneRaw ? phoneRaw.split(/[;；、/]+/).map((s) => s.trim()).filter(Boolean) : [];
    for (const p of phones) if (!parsePhone(p)) err('phone', 'import.row.bad_value', { field: 'field.phone', value: clip(p) });
    if (idRaw && !validateIdNumber(idRaw).ok) err('idNumber', 'validation.id_number');
    if (moveIn && !isValidDate(moveIn)) err('moveInDate', 'import.row.bad_value', { field: 'field.moveInDate', value: clip(moveIn) });
    if (partyName && role && kind) party = { name: partyName, kind, role, phones, idNumber: idRaw || null, moveInDate: moveIn || null };
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      line,
      projectCode,
      phase: get('phase') || null,
      building: get('building'),
      unitNumber: get('unitNumber'),
      floor,
      areaCenti: areaCenti!,
      unitType: unitType!,
      unitState: unitState!,
      party,
    },
  };
}

/** Rows that repeat an earlier row (same unit, same party and role) are errors pointing at the first. */
export function findDuplicates(rows: ImportRow[]): RowError[] {
  const seen = new Map<string, number>();
  const unitAttrs = new Map<string, { line: number; areaCenti: number }>();
  const out: RowError[] = [];
  for (const r of rows) {
    const unitKey = `${r.projectCode}\u0000${r.building}\u0000${r.unitNumber}`;
    const key = `${unitKey}\u0000${r.party?.name ?? ''}\u0000${r.party?.role ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) out.push({ line: r.line, field: 'unitNumber', code: 'import.row.duplicate', params: { line: first } });
    else seen.set(key, r.line);
    const u = unitAttrs.get(unitKey);
    if (u && u.areaCenti !== r.areaCenti) out.push({ line: r.line, field: 'areaM2', code: 'import.row.duplicate', params: { line: u.line } });
    if (!u) unitAttrs.set(unitKey, { line: r.line, areaCenti: r.areaCenti });
  }
  return out;
}
