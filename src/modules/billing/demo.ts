/**
 * Billing demo data: twelve months of bills and payments for the demo estate (华庭小区, 2,040
 * units), the office tower and the mall — property fees, bimonthly water readings, parking rent,
 * a vacant-flat discount, a few sales mid-month (prorated) — with payer habits that give a
 * collection rate near 90 % and some chronic arrears; collectors per phase, targets, a few
 * write-off and refund requests, and the dunning ladder evaluated.
 *
 * Everything is computed in memory with the billing core (planBillRun, allocateOldestFirst) and
 * written in batches; only the dunning steps go through the service.
 */
import type { AppContext } from '../../core/context';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { createUser } from '../auth/service';
import type { Role } from '../auth/schema';
import type { DemoRegistry } from '../demo/registry';
import { chineseName, mobile, Rng } from '../demo/random';
import { addDays, allocateOldestFirst, businessDate, daysInMonth, formatReceiptNo, ladderSchedule, DEFAULT_DUNNING_LADDER, type PaymentMethod } from './core';
import { evaluateDunning, takeStep } from './dunning';
import { loadProjectBillingData, loadReadings, planFromData, rowsOfPlan } from './billRuns';
import type { Insertable } from 'kysely';
import type { BillRunTable, BillSettlementTable, BillTable, FeeItemTable, FeeLiabilityTable, MeterReadingTable, PaymentTable } from './schema';
import { scopeKey } from './collectors';
import { insertBatches, type Db } from './store';

const DEMO_PASSWORD = 'shouwen-demo';

function monthShift(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

function demoActor(orgId: string, userId: string, role: Role): Actor {
  return { userId, orgId, username: 'demo', displayName: 'demo', role, projectIds: 'all', partyId: null, unitIds: [], via: 'session' };
}

type Profile = 'monthly' | 'quarterly' | 'late' | 'partial' | 'prepay' | 'chronic' | 'never';

function pickProfile(r: Rng, kind: string): Profile {
  const x = r.next();
  // Offices and shops pay more reliably than flats (DESIGN.md: a well-run tower collects 96 %).
  if (kind !== 'residential') return x < 0.75 ? 'monthly' : x < 0.93 ? 'quarterly' : x < 0.98 ? 'late' : 'never';
  return x < 0.52 ? 'monthly' : x < 0.76 ? 'quarterly' : x < 0.84 ? 'late' : x < 0.89 ? 'partial' : x < 0.93 ? 'prepay' : x < 0.97 ? 'chronic' : 'never';
}

export async function seedBillingDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const db = ctx.store.db;
  const r = new Rng(20260307);
  const orgId = demo.orgId;
  const ts = nowIso();
  const today = businessDate(ts);
  const thisMonth = today.slice(0, 7);
  const firstMonth = monthShift(thisMonth, -11);
  const windowStart = `${firstMonth}-01`;
  const ht = demo.projects.find((p) => p.code === 'HT')!;
  const jm = demo.projects.find((p) => p.code === 'JM')!;
  const wd = demo.projects.find((p) => p.code === 'WD')!;

  // ---- collectors and their buildings ----
  const collectors = [demo.staff.get('collector')!];
  for (const [username, name] of [['collector2', '邓丽'], ['collector3', '蒋敏']]) {
    collectors.push(await createUser(db, { orgId, username, displayName: name, role: 'collector', password: DEMO_PASSWORD, phone: mobile(r) }));
  }
  const buildings = await db.selectFrom('buildings').leftJoin('phases', 'phases.id', 'buildings.phase_id').select(['buildings.id', 'buildings.project_id', 'phases.seq']).where('buildings.org_id', '=', orgId).execute();
  const assignments = buildings
    .filter((b) => b.project_id === ht.id)
    .map((b) => ({ id: newId(), org_id: orgId, project_id: ht.id, building_id: b.id, unit_id: null, scope_key: scopeKey(ht.id, b.id, null), collector_id: collectors[(b.seq ?? 1) - 1] ?? collectors[0], created_at: ts }));
  for (const p of [jm, wd]) assignments.push({ id: newId(), org_id: orgId, project_id: p.id, building_id: null as any, unit_id: null, scope_key: scopeKey(p.id), collector_id: collectors[0], created_at: ts });
  await insertBatches(db, 'collector_assignments', assignments);

  // ---- fee items ----
  const item = (projectId: string, code: string, name: string, kind: FeeItemTable['kind'], category: string, extra: Partial<FeeItemTable>): FeeItemTable => ({
    id: newId(), org_id: orgId, project_id: projectId, code, name, kind, category, cycle: 'monthly', unit_price: null, monthly_fen: null, unit_kinds_json: null, valid_from: null, valid_to: null, due_days: 0, active: 1, created_at: ts, updated_at: ts, ...extra,
  });
  const items = [
    item(ht.id, 'WY', '物业服务费', 'area', 'property', { unit_price: '250', unit_kinds_json: JSON.stringify(['residence']), due_days: 0 }),
    item(ht.id, 'SF', '水费', 'metered', 'water', { unit_price: '345', due_days: 10 }),
    item(ht.id, 'CW', '车位租金', 'fixed', 'parking', { monthly_fen: 30_000, unit_kinds_json: JSON.stringify(['parking']), due_days: 0 }),
    item(ht.id, 'KS', '开锁服务', 'service', 'service', { unit_price: '5000' }),
    item(ht.id, 'QT', '疏通下水道', 'service', 'service', { unit_price: '8000' }),
    item(jm.id, 'WY', '物业管理费', 'area', 'property', { unit_price: '2800', unit_kinds_json: JSON.stringify(['office']), due_days: 10 }),
    item(wd.id, 'WY', '物业管理费', 'area', 'property', { unit_price: '1500', unit_kinds_json: JSON.stringify(['shop']), due_days: 10 }),
  ];
  await insertBatches(db, 'fee_items', items);
  const waterItem = items[1];

  // ---- liabilities from the registry (+ a few sales in the window, prorated) ----
  const rel = await db
    .selectFrom('party_units as pu')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['pu.id', 'pu.unit_id', 'pu.party_id', 'pu.role', 'pu.move_in_date', 'u.project_id', 'u.type', 'u.state'])
    .where('pu.org_id', '=', orgId)
    .where('pu.role', 'in', ['owner', 'company', 'tenant'])
    .execute();
  const liabilities: FeeLiabilityTable[] = [];
  const seen = new Set<string>();
  const newParties: any[] = [];
  const newRelations: any[] = [];
  const soldRelations: { id: string; moveOut: string }[] = [];
  for (const x of rel) {
    if (seen.has(x.unit_id)) continue;
    if (x.project_id === ht.id && x.role !== 'owner') continue;
    seen.add(x.unit_id);
    const start = x.move_in_date && x.move_in_date > windowStart ? x.move_in_date : windowStart;
    if (start > today) continue;
    // About 1 % of the flats change hands mid-month during the year.
    if (x.project_id === ht.id && r.chance(0.01)) {
      const saleMonth = monthShift(firstMonth, r.int(2, 9));
      const saleDay = `${saleMonth}-${String(r.int(2, 27)).padStart(2, '0')}`;
      if (saleDay > start && saleDay <= today) {
        const buyer = newId();
        newParties.push({ id: buyer, org_id: orgId, kind: 'person', name: chineseName(r), id_number_cipher: null, id_number_hash: null, id_number_masked: null, note: '演示：年内过户', created_at: ts, updated_at: ts });
        newRelations.push({ id: newId(), org_id: orgId, party_id: buyer, unit_id: x.unit_id, role: 'owner', move_in_date: saleDay, move_out_date: null, created_at: ts });
        soldRelations.push({ id: x.id, moveOut: addDays(saleDay, -1) });
        liabilities.push(liability(x.project_id, 'unit', x.unit_id, x.unit_id, x.party_id, 'owner', start, addDays(saleDay, -1)));
        liabilities.push(liability(x.project_id, 'unit', x.unit_id, x.unit_id, buyer, 'owner', saleDay, null));
        continue;
      }
    }
    liabilities.push(liability(x.project_id, 'unit', x.unit_id, x.unit_id, x.party_id, x.role, start, null));
  }
  const spaces = await db.selectFrom('parking_spaces').select(['id', 'project_id', 'unit_id', 'party_id', 'kind']).where('org_id', '=', orgId).where('kind', '=', 'rented').where('party_id', 'is not', null).execute();
  for (const s of spaces) liabilities.push(liability(s.project_id, 'parking', s.id, s.unit_id ?? s.id, s.party_id!, 'renter', windowStart, null));
  function liability(projectId: string, kind: 'unit' | 'parking', target: string, account: string, party: string, role: string, start: string, end: string | null): FeeLiabilityTable {
    return { id: newId(), org_id: orgId, project_id: projectId, target_kind: kind, target_id: target, account_id: account, party_id: party, role, start_date: start, end_date: end, created_at: ts, updated_at: ts };
  }
  await insertBatches(db, 'parties', newParties);
  await insertBatches(db, 'party_units', newRelations);
  for (const s of soldRelations) await db.updateTable('party_units').set({ move_out_date: s.moveOut }).where('id', '=', s.id).execute();
  await insertBatches(db, 'fee_liabilities', liabilities);

  // Vacant flats pay 70 % (空置房七折) — a discount rule the runs apply.
  const vacant = demo.units.filter((u) => u.projectId === ht.id && u.state === 'vacant').map((u) => u.id);
  await db
    .insertInto('fee_discounts')
    .values({ id: newId(), org_id: orgId, project_id: ht.id, name: '空置房物业费七折', kind: 'percent', percent_off: '30', amount_fen: null, fee_item_ids_json: JSON.stringify([items[0].id]), unit_ids_json: JSON.stringify(vacant), cycles_json: null, valid_from: null, valid_to: null, seq: 1, active: 1, created_at: ts, updated_at: ts })
    .execute();

  // ---- water readings every second month, on the 25th ----
  const metered = demo.units.filter((u) => u.projectId === ht.id && (u.state === 'occupied' || u.state === 'renovating'));
  const readings: MeterReadingTable[] = [];
  for (const u of metered) {
    let value = r.int(100, 3000);
    for (let m = 1; m < 12; m += 2) {
      const month = monthShift(firstMonth, m);
      const date = `${month}-25`;
      if (date > today) break;
      const used = r.int(8, 40) + (r.chance(0.5) ? 0.5 : 0);
      const next = value + used;
      readings.push({ id: newId(), org_id: orgId, project_id: ht.id, unit_id: u.id, fee_item_id: waterItem.id, read_date: date, previous_reading: String(value), current_reading: String(next), multiplier: '1', old_final: null, new_initial: null, source: 'demo', created_by: null, created_at: ts });
      value = next;
    }
  }
  await insertBatches(db, 'meter_readings', readings, 400);

  // ---- twelve monthly runs, planned by the core ----
  const bills: BillTable[] = [];
  const runRows: BillRunTable[] = [];
  for (const p of [ht, jm, wd]) {
    const data = await loadProjectBillingData(db, orgId, p.id);
    const yearReadings = await loadReadings(db, orgId, p.id, windowStart, today);
    for (let m = 0; m < 12; m++) {
      const month = monthShift(firstMonth, m);
      const inputs = planFromData(data, month, yearReadings.filter((x) => x.readDate.startsWith(month)), []);
      const runId = newId();
      const rows = rowsOfPlan(orgId, inputs, runId, null, `${month}-01`);
      for (const b of rows) {
        // Water is billed when it is read.
        if (b.category === 'water') b.issued_on = JSON.parse(b.basis_json!).readDate;
        bills.push(b);
      }
      runRows.push({ id: runId, org_id: orgId, project_id: p.id, period: month, started_by: null, started_at: `${month}-01T01:00:00.000Z`, finished_at: `${month}-01T01:00:05.000Z`, planned_count: rows.length, created_count: rows.length, existing_count: 0, created_fen: rows.reduce((sum, b) => sum + b.amount_fen, 0), issues_json: JSON.stringify(inputs.plan.issues.slice(0, 50)) });
    }
  }

  // ---- payments: each account has a habit; money goes oldest first, the rest is credit ----
  const byAccount = new Map<string, BillTable[]>();
  for (const b of bills) {
    let list = byAccount.get(b.account_id);
    if (!list) byAccount.set(b.account_id, (list = []));
    list.push(b);
  }
  const projectKind = new Map(demo.projects.map((p) => [p.id, p.kind]));
  const payments: Insertable<PaymentTable>[] = [];
  const settlements: BillSettlementTable[] = [];
  const credits: { id: string; project: string; credit: number }[] = [];
  const receiptSeq = new Map<string, number>();
  const methods: PaymentMethod[] = ['cash', 'wechat_pay', 'wechat_pay', 'alipay', 'bank_transfer'];
  for (const [accountId, list] of byAccount) {
    const projectId = list[0].project_id;
    const profile = pickProfile(r, projectKind.get(projectId) ?? 'residential');
    // Monthly payers come in the first half of the month; quarterly payers pay the quarter in
    // advance in its first month (按季预交); a few prepay the whole year.
    const monthlyFee = list.filter((b) => b.category === 'property' || b.category === 'parking').reduce((m, b) => Math.max(m, b.gross_fen), 0);
    const payDays: { date: string; share: number; ahead: number }[] = [];
    const offset = r.int(0, 2);
    for (let m = 0; m < 12; m++) {
      const month = monthShift(firstMonth, m);
      const [y, mo] = month.split('-').map(Number);
      const day = `${month}-${String(Math.min(profile === 'monthly' ? r.int(2, 15) : r.int(3, 26), daysInMonth(y, mo))).padStart(2, '0')}`;
      if (day > today) continue;
      const pay =
        profile === 'monthly' ? r.chance(0.97)
        : profile === 'quarterly' ? mo % 3 === 1
        : profile === 'late' ? m % 4 === 3
        : profile === 'partial' ? m % 3 === offset
        : profile === 'prepay' ? m === 0 || m === 11
        : profile === 'chronic' ? m === 1 || m === 3
        : false;
      // Quarterly payers round up for the water to come (about 60 元); prepayers pay the year.
      const ahead = profile === 'quarterly' ? 2 * monthlyFee + (projectId === ht.id ? 6000 : 0) : profile === 'prepay' && m === 0 ? 12 * monthlyFee : 0;
      if (pay) payDays.push({ date: day, share: profile === 'partial' ? 0.6 : 1, ahead });
    }
    // Replay in time order: bills on their issue day (credit pays them first), then payments.
    const events = [...list.map((b) => ({ date: b.issued_on, bill: b as BillTable | null, pay: null as null | (typeof payDays)[number] })), ...payDays.map((p) => ({ date: p.date, bill: null, pay: p }))].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.bill ? -1 : 1));
    let credit = 0;
    const open: BillTable[] = [];
    const settle = (b: BillTable, source: 'payment' | 'credit', sourceId: string, date: string, fen: number) => {
      b.paid_fen += fen;
      b.outstanding_fen -= fen;
      settlements.push({ id: newId(), org_id: orgId, account_id: accountId, bill_id: b.id, source, source_id: sourceId, settled_on: date, fen, created_at: ts });
    };
    for (const e of events) {
      if (e.bill) {
        open.push(e.bill);
        if (credit > 0 && e.bill.outstanding_fen > 0) {
          const fen = Math.min(credit, e.bill.outstanding_fen);
          settle(e.bill, 'credit', 'credit', e.date, fen);
          credit -= fen;
        }
        continue;
      }
      const owed = open.reduce((s, b) => s + b.outstanding_fen, 0);
      // Partial payers pay a round number of yuan; everyone else pays what the bill says.
      const amount = (e.pay!.share === 1 ? owed : Math.round((owed * e.pay!.share) / 100) * 100) + e.pay!.ahead;
      if (amount <= 0) continue;
      const id = newId();
      const seq = (receiptSeq.get(e.date) ?? 0) + 1;
      receiptSeq.set(e.date, seq);
      const method = methods[r.int(0, methods.length - 1)];
      const items = open.filter((b) => b.outstanding_fen > 0).map((b) => ({ id: b.id, dueDate: b.due_date, coverStart: b.cover_start, outstandingFen: b.outstanding_fen }));
      const { allocations, remainderFen } = allocateOldestFirst(items, amount);
      const byId = new Map(open.map((b) => [b.id, b]));
      for (const a of allocations) settle(byId.get(a.billId)!, 'payment', id, e.date, a.fen);
      credit += remainderFen;
      const reference = method === 'cash' ? null : `${method === 'wechat_pay' ? '4200' : method === 'alipay' ? '2026' : 'BK'}${e.date.replaceAll('-', '')}${String(r.int(0, 99_999_999)).padStart(8, '0')}${seq}`;
      payments.push({
        id,
        org_id: orgId,
        project_id: projectId,
        account_id: accountId,
        party_id: list[list.length - 1].party_id,
        payer_name: null,
        receipt_no: formatReceiptNo(e.date, seq, { width: 4 }),
        paid_on: e.date,
        received_at: `${e.date}T${String(r.int(1, 9)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00.000Z`,
        amount_fen: amount,
        allocated_fen: amount - remainderFen,
        credited_fen: remainderFen,
        method,
        reference,
        reference_key: reference ? `${method}|${reference}` : null,
        note: remainderFen > 0 ? (profile === 'prepay' ? '预交全年物业费' : '预交本季度物业费') : null,
        collector_id: method === 'cash' ? collectors[r.int(0, collectors.length - 1)] : null,
        created_at: ts,
      });
    }
    credits.push({ id: accountId, project: projectId, credit });
  }

  await db.transaction().execute(async (trx) => {
    await insertBatches(trx, 'bill_runs', runRows);
    await insertBatches(trx, 'bills', bills, 250);
    await insertBatches(trx, 'payments', payments, 300);
    await insertBatches(trx, 'bill_settlements', settlements, 500);
    await insertBatches(trx, 'billing_accounts', credits.map((c) => ({ id: c.id, org_id: orgId, project_id: c.project, credit_fen: c.credit, version: 1, updated_at: ts })), 500);
    await insertBatches(trx, 'billing_sequences', [...receiptSeq.entries()].map(([day, last]) => ({ org_id: orgId, prefix: 'SK', day, last })), 500);
    await insertBatches(trx, 'billing_settings', [ht, jm, wd].map((p) => ({ project_id: p.id, org_id: orgId, late_fee_json: null, ladder_json: null, receipt_prefix: 'SK', dunning_evaluated_on: null, updated_by: null, updated_at: ts })));
    await insertBatches(
      trx,
      'collection_plans',
      [ht, jm, wd].map((p) => ({ id: newId(), org_id: orgId, project_id: p.id, month: null, phase_id: null, building_id: null, collector_id: null, fee_item_id: null, scope_key: [p.id, '', '', '', '', ''].join('|'), target_rate: p.id === jm.id ? '0.96' : '0.93', planned_fen: null, created_at: ts, updated_at: ts })),
    );
  });
  const billed = bills.reduce((s, b) => s + b.amount_fen, 0);
  const paid = bills.reduce((s, b) => s + b.paid_fen, 0);
  log(`demo: ${bills.length} bills, ${payments.length} payments, ${readings.length} meter readings; collected ${((paid / billed) * 100).toFixed(1)} % of ${(billed / 100).toFixed(0)} 元`);

  // ---- approvals waiting for the manager: write-offs and a refund ----
  await seedApprovals(db, orgId, collectors[0], bills, credits, ts, today);

  // ---- the dunning ladder, entered at the start of last month, worked by the collectors ----
  const lastMonth = monthShift(thisMonth, -1);
  const entered = `${lastMonth}-02`;
  const who = { orgId, userId: null };
  await evaluateDunning(ctx, who, ht.id, entered);
  const cases = await db.selectFrom('dunning_cases').select(['id', 'collector_id']).where('project_id', '=', ht.id).where('status', '=', 'open').orderBy('id').limit(24).execute();
  const schedule = ladderSchedule(DEFAULT_DUNNING_LADDER, entered);
  let steps = 0;
  for (const [i, c] of cases.entries()) {
    const actor = demoActor(orgId, c.collector_id ?? collectors[0], 'collector');
    const upTo = i % 3 === 0 ? 3 : i % 3 === 1 ? 2 : 1;
    for (const s of schedule.slice(0, upTo)) {
      if (s.scheduledOn > today) break;
      await takeStep(ctx, actor, c.id, { stepCode: s.code, takenOn: s.scheduledOn, channel: s.code === 'notice_letter' ? 'letter' : 'phone', note: s.code === 'notice_letter' ? '通知书已送达' : '电话提醒，业主称月底前缴清' });
      steps++;
    }
  }
  const summary = await evaluateDunning(ctx, who, ht.id, today);
  await evaluateDunning(ctx, who, jm.id, today);
  await evaluateDunning(ctx, who, wd.id, today);
  log(`demo: dunning — ${summary.open} open cases (${summary.awaitingApproval} awaiting a manager's approval), ${steps} steps taken; billing seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function seedApprovals(db: Db, orgId: string, collectorId: string, bills: BillTable[], credits: { id: string; project: string; credit: number }[], ts: string, today: string) {
  const open = bills.filter((b) => b.outstanding_fen > 0 && b.category === 'water').slice(0, 3);
  const reasons = ['水表故障多计，经核实减免', '管道漏水非业主原因，经理同意减免', '业主长期出国，按协议减免'];
  const rows = open.map((b, i) => ({ id: newId(), org_id: orgId, project_id: b.project_id, account_id: b.account_id, bill_id: b.id, amount_fen: b.outstanding_fen, reason: reasons[i], status: 'pending' as const, requested_by: collectorId, requested_on: today, decided_by: null, decided_on: null, decision_note: null, created_at: ts }));
  await insertBatches(db, 'write_offs', rows);
  const withCredit = credits.find((c) => c.credit >= 10_000);
  if (withCredit) {
    await db
      .insertInto('refunds')
      .values({ id: newId(), org_id: orgId, project_id: withCredit.project, account_id: withCredit.id, amount_fen: 10_000, method: 'bank_transfer', reference: `TK${today.replaceAll('-', '')}001`, reason: '房屋出售，退还多交预存款', status: 'pending', requested_by: collectorId, requested_on: today, decided_by: null, decided_on: null, decision_note: null, created_at: ts })
      .execute();
  }
}
