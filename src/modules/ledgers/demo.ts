/**
 * Front-desk demo data for the last thirty days at 华庭小区 (≈ 30 walk-in visitors a day, as in
 * DESIGN.md §4), vehicles, parking permits for the rented spaces, keys, parcels and lost
 * property. Built in memory and written in batches.
 */
import type { AppContext } from '../../core/context';
import { newId, nowIso } from '../../db/ids';
import type { DemoRegistry } from '../demo/registry';
import { chineseName, mobile, Rng } from '../demo/random';
import { insertBatches } from '../billing/store';
import { localDate } from '../inspections/core';
import { maskIdNumber } from './rules';

const PURPOSES = ['探亲访友', '送快递', '家政保洁', '维修上门', '送外卖', '看房', '装修洽谈', '送货上门', '朋友聚会', '业主委托取物'];
const PLACES = ['大堂休息区', '南门岗亭', '物业服务中心', '北门岗亭'];
const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '京东物流', 'EMS', '韵达快递'];
const LOST = [['黑色钱包', '内有银行卡'], ['钥匙一串', '共 4 把'], ['儿童水壶', '蓝色'], ['雨伞', '长柄黑色'], ['手机', '华为，黑色外壳'], ['眼镜', '近视镜，金属框'], ['公交卡', ''], ['耳机', '白色无线']];
const PROVINCE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N'];

export async function seedLedgersDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const db = ctx.store.db;
  const r = new Rng(20260520);
  const orgId = demo.orgId;
  const ts = nowIso();
  const now = Date.now();
  const ht = demo.projects.find((p) => p.code === 'HT')!;
  const desk = demo.staff.get('frontdesk')!;
  const units = demo.units.filter((u) => u.projectId === ht.id && demo.ownerByUnit.has(u.id));
  const base = () => ({ org_id: orgId, project_id: ht.id, note: null, created_by: desk, created_at: ts, updated_at: ts });
  // A local (Shanghai) clock time `dayAgo` days back, as a UTC instant.
  const at = (dayAgo: number, hour: number, minute: number) =>
    new Date(`${localDate(new Date(now - dayAgo * 86_400_000).toISOString())}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).toISOString();
  const plate = () => `${r.pick(['沪', '沪', '沪', '苏', '浙', '皖'])}${r.pick(PROVINCE_LETTERS)}${String(r.int(10000, 99999))}`;

  const visitors: any[] = [];
  const vehicles: any[] = [];
  const mail: any[] = [];
  for (let d = 29; d >= 0; d--) {
    for (let i = 0, n = r.poisson(30); i < n; i++) {
      const hour = r.int(8, 20);
      const entered = at(d, hour, r.int(0, 59));
      if (Date.parse(entered) > now) continue;
      const left = new Date(Date.parse(entered) + r.int(10, 180) * 60_000).toISOString();
      const stillIn = d === 0 && Date.parse(left) > now;
      const host = r.pick(units);
      visitors.push({ ...base(), id: newId(), visitor_name: chineseName(r), visitor_phone: mobile(r), id_number_masked: r.chance(0.3) ? maskIdNumber(`310${r.int(100, 999)}19${r.int(60, 99)}0${r.int(1, 9)}1${r.int(0, 9)}${r.int(1000, 9999)}`) : null, party_size: r.chance(0.8) ? 1 : r.int(2, 4), host_unit_id: host.id, host_name: null, purpose: r.pick(PURPOSES), waiting_place: r.chance(0.3) ? r.pick(PLACES) : null, plate: null, entered_at: entered, left_at: stillIn ? null : left, status: stillIn ? 'in' : 'out', closed_by: stillIn ? null : desk });
    }
    for (let i = 0, n = r.poisson(40); i < n; i++) {
      const entered = at(d, r.int(7, 22), r.int(0, 59));
      if (Date.parse(entered) > now) continue;
      const exited = new Date(Date.parse(entered) + r.int(15, 300) * 60_000).toISOString();
      const stillIn = Date.parse(exited) > now;
      const kind = r.pick(['visitor', 'visitor', 'delivery', 'taxi', 'construction'] as const);
      vehicles.push({ ...base(), id: newId(), plate: plate(), kind, driver_name: null, driver_phone: null, host_unit_id: kind === 'visitor' ? r.pick(units).id : null, purpose: kind === 'delivery' ? '送货' : kind === 'taxi' ? '接送客' : kind === 'construction' ? '装修材料' : '访友', entered_at: entered, exited_at: stillIn ? null : exited, fee_fen: !stillIn && kind === 'visitor' && r.chance(0.4) ? r.int(1, 5) * 500 : null, status: stillIn ? 'in' : 'out', closed_by: stillIn ? null : desk });
    }
    for (let i = 0, n = r.poisson(15); i < n; i++) {
      const received = at(d, r.int(9, 18), r.int(0, 59));
      if (Date.parse(received) > now) continue;
      const u = r.pick(units);
      const delivered = d > 2 || r.chance(0.4);
      const kind = r.pick(['parcel', 'parcel', 'parcel', 'mail', 'registered', 'fax'] as const);
      mail.push({ ...base(), id: newId(), kind, carrier: kind === 'parcel' ? r.pick(CARRIERS) : kind === 'fax' ? null : '中国邮政', tracking_no: kind === 'parcel' ? `SF${r.int(100000000, 999999999)}${r.int(100, 999)}` : null, recipient_name: chineseName(r), recipient_unit_id: u.id, recipient_phone: mobile(r), storage_place: `前台货架 ${r.pick(['A', 'B', 'C'])}${r.int(1, 6)}`, received_at: received, notified_at: received, delivered_at: delivered ? new Date(Date.parse(received) + r.int(1, 48) * 3600_000).toISOString() : null, signed_by: delivered ? chineseName(r) : null, status: delivered ? 'delivered' : 'notified', closed_by: delivered ? desk : null });
    }
  }
  for (const m of mail) if (m.delivered_at && Date.parse(m.delivered_at) > now) Object.assign(m, { delivered_at: null, signed_by: null, status: 'notified', closed_by: null });

  // Parking permits for the rented spaces that have a car.
  const spaces = await db.selectFrom('parking_spaces').select(['id', 'unit_id', 'party_id', 'plate', 'kind']).where('project_id', '=', ht.id).where('plate', 'is not', null).execute();
  const holders = await db.selectFrom('parties').select(['id', 'name']).where('id', 'in', spaces.map((s) => s.party_id).filter((x): x is string => !!x).concat([''])).execute();
  const holderName = new Map(holders.map((h) => [h.id, h.name]));
  const year = new Date(now).toISOString().slice(0, 4);
  const permits = spaces.map((s, i) => ({
    ...base(),
    id: newId(),
    permit_no: `TC${year}0101${String(i + 1).padStart(4, '0')}`,
    plate: s.plate!,
    kind: s.kind === 'owned' ? 'owned_space' : 'monthly',
    party_id: s.party_id,
    holder_name: (s.party_id && holderName.get(s.party_id)) ?? '业主',
    unit_id: s.unit_id,
    space_id: s.id,
    valid_from: `${year}-01-01`,
    valid_to: s.kind === 'owned' ? `${Number(year) + 10}-12-31` : `${year}-12-31`,
    status: 'active',
    revoked_at: null,
    revoke_reason: null,
    closed_by: null,
  }));
  await db.insertInto('billing_sequences').values({ org_id: orgId, prefix: 'TC', day: `${year}-01-01`, last: permits.length }).onConflict((oc) => oc.columns(['org_id', 'prefix', 'day']).doNothing()).execute();

  const keys = Array.from({ length: 40 }, (_, i) => {
    const issued = at(r.int(0, 29), r.int(8, 18), r.int(0, 59));
    const back = i < 34;
    const u = r.pick(units);
    return { ...base(), id: newId(), key_label: `${r.pick(['户门备用钥匙', '设备房钥匙', '天台门钥匙', '信报箱钥匙'])} #${i + 1}`, unit_id: u.id, borrower_name: chineseName(r), borrower_phone: mobile(r), purpose: r.pick(['业主委托装修开门', '维修入户', '设备检修', '保洁']), issued_at: issued, due_back_at: new Date(Date.parse(issued) + 8 * 3600_000).toISOString(), returned_at: back ? new Date(Date.parse(issued) + r.int(1, 7) * 3600_000).toISOString() : null, status: back ? 'returned' : 'out', closed_by: back ? desk : null };
  });
  for (const k of keys) if (k.returned_at && Date.parse(k.returned_at) > now) Object.assign(k, { returned_at: null, status: 'out', closed_by: null });

  const lost = Array.from({ length: 20 }, (_, i) => {
    const [item, description] = r.pick(LOST);
    const found = at(r.int(0, 29), r.int(8, 20), r.int(0, 59));
    const returned = i < 12;
    return { ...base(), id: newId(), item, description: description || null, found_at: found, found_place: r.pick(['中心花园', '地下车库', '3号楼电梯', '南大门', '儿童游乐区', '物业服务中心']), finder_name: r.chance(0.5) ? chineseName(r) : '保洁员', storage_place: '前台失物柜', claimant_name: returned ? chineseName(r) : null, claimant_phone: returned ? mobile(r) : null, claimant_id_masked: null, returned_at: returned ? new Date(Math.min(now, Date.parse(found) + r.int(1, 72) * 3600_000)).toISOString() : null, disposed_at: null, status: returned ? 'returned' : 'found', closed_by: returned ? desk : null };
  });

  await db.transaction().execute(async (trx) => {
    await insertBatches(trx, 'visitors', visitors, 300);
    await insertBatches(trx, 'vehicle_entries', vehicles, 300);
    await insertBatches(trx, 'mail_items', mail, 300);
    await insertBatches(trx, 'parking_permits', permits, 300);
    await insertBatches(trx, 'key_loans', keys);
    await insertBatches(trx, 'lost_items', lost);
  });
  log(`demo: front desk — ${visitors.length} visitors, ${vehicles.length} vehicles, ${mail.length} mail items, ${permits.length} parking permits, ${keys.length} keys, ${lost.length} lost items`);
}
