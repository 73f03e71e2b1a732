/** 组织 — the tenant key every table carries. */
export interface OrganisationTable {
  id: string;
  name: string;
  code: string;
  created_at: string;
  updated_at: string;
}

export type ProjectKind = 'residential' | 'office' | 'park' | 'mall';
export type UnitType = 'residence' | 'shop' | 'office' | 'storage' | 'other';
export type UnitState = 'unsold' | 'vacant' | 'occupied' | 'renovating';
export type PartyKind = 'person' | 'company';
export type PartyRole = 'owner' | 'tenant' | 'family' | 'company';
export type PhoneKind = 'mobile' | 'landline';

interface OrgRow {
  id: string;
  org_id: string;
  created_at: string;
  updated_at: string;
}

/** 项目 (小区 / 大厦 / 园区 / 商场). */
export interface ProjectTable extends OrgRow {
  code: string;
  name: string;
  kind: ProjectKind;
  address: string | null;
  time_zone: string;
}

/** 期. */
export interface PhaseTable extends OrgRow {
  project_id: string;
  name: string;
  seq: number;
}

/** 楼栋. */
export interface BuildingTable extends OrgRow {
  project_id: string;
  phase_id: string | null;
  name: string;
  floors: number | null;
}

/** 单元 / 房间 / 商铺. Area is kept in hundredths of a m² so it is exact. */
export interface UnitTable extends OrgRow {
  project_id: string;
  building_id: string;
  number: string;
  floor: number | null;
  area_centi_m2: number;
  type: UnitType;
  state: UnitState;
}

/** 业主 / 租户 / 家属 / 公司. The ID number is never stored in clear. */
export interface PartyTable extends OrgRow {
  kind: PartyKind;
  name: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  note: string | null;
}

export interface PartyPhoneTable {
  id: string;
  org_id: string;
  party_id: string;
  kind: PhoneKind;
  /** Digits used for lookup: mobile 11 digits, landline area code + local number. */
  digits: string;
  /** Local number only (landlines), so a caller who omits the area code still matches. */
  local_digits: string;
  extension: string | null;
  display: string;
}

/** Party ↔ unit relation with move-in / move-out dates (YYYY-MM-DD, local). */
export interface PartyUnitTable {
  id: string;
  org_id: string;
  party_id: string;
  unit_id: string;
  role: PartyRole;
  move_in_date: string | null;
  move_out_date: string | null;
  created_at: string;
}

export interface ParkingSpaceTable extends OrgRow {
  project_id: string;
  code: string;
  kind: 'owned' | 'rented' | 'visitor';
  state: 'free' | 'occupied' | 'reserved';
  unit_id: string | null;
  party_id: string | null;
  plate: string | null;
}

export interface ImportJobTable {
  id: string;
  org_id: string;
  user_id: string | null;
  kind: string;
  status: 'running' | 'done' | 'failed';
  dry_run: number;
  total_rows: number;
  processed_rows: number;
  error_count: number;
  errors_json: string;
  summary_json: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RegistryTables {
  organisations: OrganisationTable;
  projects: ProjectTable;
  phases: PhaseTable;
  buildings: BuildingTable;
  units: UnitTable;
  parties: PartyTable;
  party_phones: PartyPhoneTable;
  party_units: PartyUnitTable;
  parking_spaces: ParkingSpaceTable;
  import_jobs: ImportJobTable;
}
