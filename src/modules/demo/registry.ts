import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import type { Secrets } from '../../core/secrets';
import { createUser } from '../auth/service';
import type { Role } from '../auth/schema';
import { phoneRows, protectIdNumber } from '../registry/queries';
import { chineseName, companyName, idNumber, mobile, Rng, shopName } from './random';

export const DEMO_STAFF_PASSWORD = 'shouwen-demo';

/** Demo staff: one or more in every role (DESIGN.md §2). Listed in the README. */
export const DEMO_STAFF: Array<{ username: string; name: string; role: Role; skills?: string[]; onDuty?: boolean; scope?: 'HT' | 'all' }> = [
  { username: 'manager', name: '周经理', role: 'manager' },
  { username: 'supervisor', name: '陈主管', role: 'supervisor' },
  { username: 'agent1', name: '李晓敏', role: 'agent' },
  { username: 'agent2', name: '王静', role: 'agent' },
  { username: 'agent3', name: '张丽', role: 'agent' },
  { username: 'frontdesk', name: '刘娜', role: 'front_desk' },
  { username: 'dispatcher', name: '赵军', role: 'dispatcher' },
  { username: 'tech1', name: '孙师傅', role: 'technician', skills: ['水电', '管道'], onDuty: true },
  { username: 'tech2', name: '马师傅', role: 'technician', skills: ['门窗', '公共照明'], onDuty: true },
  { username: 'tech3', name: '朱师傅', role: 'technician', skills: ['电梯'], onDuty: true },
  { username: 'tech4', name: '胡师傅', role: 'technician', skills: ['水电', '空调'], onDuty: true },
  // Every trade has someone on duty (土建 only through 郭师傅).
  { username: 'tech5', name: '郭师傅', role: 'technician', skills: ['门窗', '土建'], onDuty: true },
  { username: 'collector', name: '何红梅', role: 'collector' },
  { username: 'inspector', name: '高建国', role: 'inspector' },
  { username: 'qa', name: '林欣怡', role: 'qa' },
  { username: 'htagent', name: '罗佳怡', role: 'agent', scope: 'HT' },
];

export interface DemoRegistry {
  orgId: string;
  projects: { id: string; code: string; kind: string; name: string }[];
  units: { id: string; projectId: string; buildingId: string; areaCenti: number; state: string }[];
  ownerByUnit: Map<string, string>;
  residentUsername: string;
  staff: Map<string, string>;
}

async function insertChunks(db: Kysely<DB>, table: keyof DB, rows: any[], size = 400) {
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size)).execute();
}

/** A residential estate (3 phases, 20 buildings, ~2,000 units), an office tower and a mall, with owners and staff. */
export async function seedDemoRegistry(db: Kysely<DB>, secrets: Secrets, adminPasswordHashInput: { adminPassword: string }, log: (m: string) => void): Promise<DemoRegistry> {
  const r = new Rng(20261124);
  const ts = nowIso();
  const orgId = newId();
  await db.insertInto('organisations').values({ id: orgId, name: '华庭物业服务有限公司', code: 'demo', created_at: ts, updated_at: ts }).execute();

  const projects = [
    { id: newId(), code: 'HT', name: '华庭小区', kind: 'residential' as const, address: '上海市浦东新区华庭路 88 号' },
    { id: newId(), code: 'JM', name: '金茂商务大厦', kind: 'office' as const, address: '上海市黄浦区延安东路 200 号' },
    { id: newId(), code: 'WD', name: '万达生活广场', kind: 'mall' as const, address: '上海市闵行区虹梅路 1000 号' },
  ];
  await db.insertInto('projects').values(projects.map((p) => ({ ...p, org_id: orgId, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts }))).execute();
  const [ht, jm, wd] = projects;

  const phases = [1, 2, 3].map((n) => ({ id: newId(), org_id: orgId, project_id: ht.id, name: `${['一', '二', '三'][n - 1]}期`, seq: n, created_at: ts, updated_at: ts }));
  await db.insertInto('phases').values(phases).execute();

  const buildings: any[] = [];
  const units: any[] = [];
  const parties: any[] = [];
  const phones: any[] = [];
  const relations: any[] = [];
  const ownerByUnit = new Map<string, string>();
  const addParty = (kind: 'person' | 'company', name: string, phoneList: string[], withId: boolean) => {
    const id = newId();
    parties.push({ id, org_id: orgId, kind, name, note: null, created_at: ts, updated_at: ts, ...protectIdNumber(secrets, withId ? idNumber(r) : null) });
    phones.push(...phoneRows(orgId, id, phoneList));
    return id;
  };

  // 华庭小区: phase 1 7 buildings × 18 floors × 6; phase 2 7 × 16 × 6; phase 3 6 × 17 × 6 → 2,040 units.
  const layout = [
    { phase: 0, count: 7, floors: 18 },
    { phase: 1, count: 7, floors: 16 },
    { phase: 2, count: 6, floors: 17 },
  ];
  let bNo = 0;
  for (const l of layout) {
    for (let i = 0; i < l.count; i++) {
      bNo++;
      const bId = newId();
      buildings.push({ id: bId, org_id: orgId, project_id: ht.id, phase_id: phases[l.phase].id, name: `${bNo}号楼`, floors: l.floors, created_at: ts, updated_at: ts });
      for (let f = 1; f <= l.floors; f++) {
        for (let room = 1; room <= 6; room++) {
          const uId = newId();
          const roll = r.next();
          const state = roll < 0.04 ? 'unsold' : roll < 0.1 ? 'vacant' : roll < 0.13 ? 'renovating' : 'occupied';
          const area = (room === 1 || room === 6 ? r.int(11_500, 14_300) : r.int(7_800, 9_800));
          units.push({ id: uId, org_id: orgId, project_id: ht.id, building_id: bId, number: `${bNo}-${f}${String(room).padStart(2, '0')}`, floor: f, area_centi_m2: area, type: 'residence', state, created_at: ts, updated_at: ts });
          if (state === 'unsold') continue;
          const owner = addParty('person', chineseName(r), r.chance(0.25) ? [mobile(r), mobile(r)] : [mobile(r)], true);
          ownerByUnit.set(uId, owner);
          relations.push({ id: newId(), org_id: orgId, party_id: owner, unit_id: uId, role: 'owner', move_in_date: `20${r.int(15, 24)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`, move_out_date: null, created_at: ts });
          if (state === 'occupied' && r.chance(0.12)) {
            const tenant = addParty('person', chineseName(r), [mobile(r)], true);
            relations.push({ id: newId(), org_id: orgId, party_id: tenant, unit_id: uId, role: 'tenant', move_in_date: `202${r.int(3, 6)}-${String(r.int(1, 12)).padStart(2, '0')}-01`, move_out_date: null, created_at: ts });
          } else if (state === 'occupied' && r.chance(0.2)) {
            const fam = addParty('person', chineseName(r), [mobile(r)], false);
            relations.push({ id: newId(), org_id: orgId, party_id: fam, unit_id: uId, role: 'family', move_in_date: null, move_out_date: null, created_at: ts });
          }
        }
      }
    }
  }

  // 金茂商务大厦: one tower, 30 floors × 8 offices; companies as tenants with landlines and extensions.
  const tower = newId();
  buildings.push({ id: tower, org_id: orgId, project_id: jm.id, phase_id: null, name: 'A座', floors: 30, created_at: ts, updated_at: ts });
  for (let f = 1; f <= 30; f++) {
    for (let room = 1; room <= 8; room++) {
      const uId = newId();
      const occupied = r.chance(0.85);
      units.push({ id: uId, org_id: orgId, project_id: jm.id, building_id: tower, number: `A-${f}${String(room).padStart(2, '0')}`, floor: f, area_centi_m2: r.int(8_000, 45_000), type: 'office', state: occupied ? 'occupied' : 'vacant', created_at: ts, updated_at: ts });
      if (!occupied) continue;
      const co = addParty('company', companyName(r), [`021-${r.int(5000, 6999)}${String(r.int(0, 9999)).padStart(4, '0')}-${r.int(100, 899)}`, mobile(r)], false);
      relations.push({ id: newId(), org_id: orgId, party_id: co, unit_id: uId, role: 'company', move_in_date: `202${r.int(0, 6)}-${String(r.int(1, 12)).padStart(2, '0')}-01`, move_out_date: null, created_at: ts });
    }
  }

  // 万达生活广场: B1–3F shops.
  const mallBuilding = newId();
  buildings.push({ id: mallBuilding, org_id: orgId, project_id: wd.id, phase_id: null, name: '主楼', floors: 4, created_at: ts, updated_at: ts });
  for (const [fl, label] of [[-1, 'B1'], [1, '1F'], [2, '2F'], [3, '3F']] as const) {
    for (let s = 1; s <= 36; s++) {
      const uId = newId();
      const occupied = r.chance(0.9);
      units.push({ id: uId, org_id: orgId, project_id: wd.id, building_id: mallBuilding, number: `${label}-${String(s).padStart(3, '0')}`, floor: fl, area_centi_m2: r.int(3_000, 30_000), type: 'shop', state: occupied ? 'occupied' : 'vacant', created_at: ts, updated_at: ts });
      if (!occupied) continue;
      const shop = addParty('company', shopName(r), [mobile(r)], false);
      relations.push({ id: newId(), org_id: orgId, party_id: shop, unit_id: uId, role: 'tenant', move_in_date: `202${r.int(2, 6)}-${String(r.int(1, 12)).padStart(2, '0')}-01`, move_out_date: null, created_at: ts });
    }
  }

  await insertChunks(db, 'buildings', buildings);
  await insertChunks(db, 'units', units);
  log(`demo: ${units.length} units in ${buildings.length} buildings`);
  await insertChunks(db, 'parties', parties);
  await insertChunks(db, 'party_phones', phones);
  await insertChunks(db, 'party_units', relations);
  log(`demo: ${parties.length} parties, ${relations.length} occupancies`);

  const parking: any[] = [];
  for (let i = 1; i <= 300; i++) {
    const kind = i <= 180 ? 'owned' : i <= 280 ? 'rented' : 'visitor';
    const holder = kind !== 'visitor' && r.chance(0.85) ? r.pick(units.filter((u) => u.project_id === ht.id).slice(0, 1500)) : null;
    parking.push({
      id: newId(), org_id: orgId, project_id: ht.id, code: `B1-${String(i).padStart(3, '0')}`, kind, state: holder ? 'occupied' : 'free',
      unit_id: holder?.id ?? null, party_id: holder ? ownerByUnit.get(holder.id) ?? null : null,
      plate: holder ? `沪${r.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N'])}${String(r.int(10000, 99999))}` : null,
      created_at: ts, updated_at: ts,
    });
  }
  await insertChunks(db, 'parking_spaces', parking);

  const staff = new Map<string, string>();
  staff.set('admin', await createUser(db, { orgId, username: 'admin', displayName: '系统管理员', role: 'admin', password: adminPasswordHashInput.adminPassword }));
  for (const s of DEMO_STAFF) {
    const id = await createUser(db, {
      orgId, username: s.username, displayName: s.name, role: s.role, password: DEMO_STAFF_PASSWORD, skills: s.skills, onDuty: s.onDuty,
      projectIds: s.scope === 'HT' ? [ht.id] : undefined, phone: mobile(r),
    });
    staff.set(s.username, id);
  }
  // A resident account for the portal: the owner of 1-1201.
  const residentUnit = units.find((u) => u.number === '1-1201' && ownerByUnit.has(u.id)) ?? units.find((u) => ownerByUnit.has(u.id))!;
  const residentParty = ownerByUnit.get(residentUnit.id)!;
  staff.set('resident', await createUser(db, { orgId, username: 'resident', displayName: '业主（演示）', role: 'resident', password: DEMO_STAFF_PASSWORD, partyId: residentParty }));

  return {
    orgId,
    projects: projects.map((p) => ({ id: p.id, code: p.code, kind: p.kind, name: p.name })),
    units: units.map((u) => ({ id: u.id, projectId: u.project_id, buildingId: u.building_id, areaCenti: u.area_centi_m2, state: u.state })),
    ownerByUnit,
    residentUsername: 'resident',
    staff,
  };
}
