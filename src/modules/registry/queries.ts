import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import type { Secrets } from '../../core/secrets';
import { AppError } from '../../core/errors';
import { maskIdNumber, parsePhone, validateIdNumber, formatAreaCenti } from './rules';
import type { PartyKind, PartyRole, UnitTable, PartyTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export const unitOut = (u: UnitTable & { building_name?: string | null }) => ({
  id: u.id,
  projectId: u.project_id,
  buildingId: u.building_id,
  buildingName: u.building_name ?? undefined,
  number: u.number,
  floor: u.floor,
  areaM2: formatAreaCenti(Number(u.area_centi_m2)),
  type: u.type,
  state: u.state,
});

export const partyOut = (p: PartyTable) => ({
  id: p.id,
  kind: p.kind,
  name: p.name,
  idNumberMasked: p.id_number_masked,
  note: p.note,
});

export interface PartyInput {
  kind: PartyKind;
  name: string;
  idNumber?: string | null;
  phones?: string[];
  note?: string | null;
}

/** Protected form of an ID number: cipher, lookup hash and masked display. */
export function protectIdNumber(secrets: Secrets, idNumber: string | null | undefined) {
  if (!idNumber) return { id_number_cipher: null, id_number_hash: null, id_number_masked: null };
  const v = validateIdNumber(idNumber);
  if (!v.ok) throw new AppError(400, 'validation.id_number');
  return {
    id_number_cipher: secrets.encrypt(v.normalized),
    id_number_hash: secrets.lookupHash(v.normalized),
    id_number_masked: maskIdNumber(v.normalized),
  };
}

export function phoneRows(orgId: string, partyId: string, phones: string[]) {
  return phones.map((n) => {
    const p = parsePhone(n);
    if (!p) throw new AppError(400, 'validation.phone', { value: String(n).slice(0, 40) });
    return {
      id: newId(),
      org_id: orgId,
      party_id: partyId,
      kind: p.kind,
      digits: p.digits,
      local_digits: p.localDigits,
      extension: p.extension,
      display: p.display,
    };
  });
}

export async function insertParty(db: Db, secrets: Secrets, orgId: string, input: PartyInput): Promise<string> {
  const id = newId();
  const ts = nowIso();
  const phones = phoneRows(orgId, id, input.phones ?? []);
  await db
    .insertInto('parties')
    .values({ id, org_id: orgId, kind: input.kind, name: input.name.trim(), note: input.note ?? null, created_at: ts, updated_at: ts, ...protectIdNumber(secrets, input.idNumber) })
    .execute();
  if (phones.length) await db.insertInto('party_phones').values(phones).execute();
  return id;
}

export async function linkPartyUnit(
  db: Db,
  orgId: string,
  partyId: string,
  unitId: string,
  role: PartyRole,
  moveIn: string | null,
  moveOut: string | null = null,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('party_units')
    .values({ id, org_id: orgId, party_id: partyId, unit_id: unitId, role, move_in_date: moveIn, move_out_date: moveOut, created_at: nowIso() })
    .execute();
  return id;
}

/** Phones, and current and past units of a set of parties, for list and detail views. */
export async function partyExtras(db: Db, partyIds: string[]) {
  if (!partyIds.length) return { phones: new Map<string, any[]>(), units: new Map<string, any[]>() };
  const phones = await db.selectFrom('party_phones').selectAll().where('party_id', 'in', partyIds).execute();
  const units = await db
    .selectFrom('party_units')
    .innerJoin('units', 'units.id', 'party_units.unit_id')
    .innerJoin('buildings', 'buildings.id', 'units.building_id')
    .innerJoin('projects', 'projects.id', 'units.project_id')
    .select([
      'party_units.id as relation_id',
      'party_units.party_id',
      'party_units.role',
      'party_units.move_in_date',
      'party_units.move_out_date',
      'units.id as unit_id',
      'units.number',
      'units.project_id',
      'projects.name as project_name',
      'buildings.name as building_name',
    ])
    .where('party_units.party_id', 'in', partyIds)
    .execute();
  const pm = new Map<string, any[]>();
  for (const p of phones) {
    const list = pm.get(p.party_id) ?? [];
    list.push({ kind: p.kind, display: p.display, digits: p.digits, extension: p.extension });
    pm.set(p.party_id, list);
  }
  const um = new Map<string, any[]>();
  for (const u of units) {
    const list = um.get(u.party_id) ?? [];
    list.push({
      relationId: u.relation_id,
      unitId: u.unit_id,
      unitNumber: u.number,
      projectId: u.project_id,
      projectName: u.project_name,
      buildingName: u.building_name,
      role: u.role,
      moveInDate: u.move_in_date,
      moveOutDate: u.move_out_date,
    });
    um.set(u.party_id, list);
  }
  return { phones: pm, units: um };
}

/** Parties whose phone matches a caller number (mobile, full landline, or landline without area code). */
export async function findPartiesByPhone(db: Db, orgId: string, number: string): Promise<string[]> {
  const p = parsePhone(number);
  const digits = p ? p.digits : number.replace(/\D/g, '');
  if (digits.length < 4) return [];
  let q = db.selectFrom('party_phones').select('party_id').distinct().where('org_id', '=', orgId);
  if (p) {
    q = p.areaCode
      ? q.where((eb) => eb.or([eb('digits', '=', p.digits), eb('local_digits', '=', p.localDigits)]))
      : q.where((eb) => eb.or([eb('digits', '=', p.digits), eb('local_digits', '=', p.localDigits)]));
  } else {
    q = q.where('digits', 'like', `%${digits}%`);
  }
  const rows = await q.limit(50).execute();
  return rows.map((r) => r.party_id);
}

/**
 * Whether a party may be named on a record (order, contact, parking space) of a project: it is
 * linked to a unit of that project, or — for organisation-wide callers only — linked to no unit
 * at all (a company or contact recorded without one). A party of another project never is, so a
 * caller cannot attach, and then read back, a customer outside their work.
 */
export async function partyUsableIn(db: Db, orgId: string, partyId: string, projectId: string, orgWide: boolean): Promise<boolean> {
  const party = await db.selectFrom('parties').select('id').where('id', '=', partyId).where('org_id', '=', orgId).executeTakeFirst();
  if (!party) return false;
  const links = await db
    .selectFrom('party_units')
    .innerJoin('units', 'units.id', 'party_units.unit_id')
    .select('units.project_id')
    .where('party_units.party_id', '=', partyId)
    .execute();
  if (links.some((l) => l.project_id === projectId)) return true;
  return orgWide && links.length === 0;
}
