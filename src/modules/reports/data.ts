/**
 * The figures of a report for a scope and period, gathered from ONE KPI layer (`computeKpis`, the
 * dashboard's) plus plain counts from each module. Sections whose module has nothing are null,
 * and modules may add optional sections (`reportSectionProviders`) — e.g. QA pass rate once a
 * quality module registers one. The result is JSON: it is stored as the document's locked data.
 */
import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import { collectionReportFor } from '../billing/reports';
import type { KpiValue } from './kpi';
import { monthsOf, scopeProjects } from './moduleKpis';
import { parsePeriod, previousPeriod, sameLastYear, type Period, type PeriodKind } from './period';
import { computeKpis, type KpiRange } from './routes';
import { resolveTargets, type ResolvedTarget } from './plans';

export type ReportType = 'monthly' | 'bulletin' | 'annual';
export const REPORT_TYPES: readonly ReportType[] = ['monthly', 'bulletin', 'annual'];

type Counts = Record<string, number>;

export interface CollectionLine {
  label: string;
  receivableFen: number;
  receivedFen: number;
  outstandingFen: number;
  rate: number | null;
  unitsBilled: number;
  unitsInArrears: number;
  householdRate: number | null;
}

export interface ExtraSection {
  id: string;
  title: string;
  kpis: KpiValue[];
  /** Safe for the residents' bulletin (aggregates only). */
  public?: boolean;
}

/** A module's optional report section (null when it has nothing for the scope). */
export type ReportSectionProvider = (ctx: AppContext, actor: Actor, r: KpiRange) => Promise<ExtraSection | null>;
export const reportSectionProviders: ReportSectionProvider[] = [];

export interface PeriodFigures {
  period: string;
  kpis: KpiValue[];
  contacts: { total: number; byChannel: Counts; byCategory: Counts };
  orders: { created: number; byKind: Counts; repairScope: { public: number; unit: number }; byTrade: Counts; closed: number; reopened: number; chased: number };
  complaints: { received: number; closed: number; byCause: Counts };
  visits: { done: number; satisfied: number };
  collection: { lines: CollectionLine[]; total: CollectionLine; arrearsFen: number } | null;
  dunning: { opened: number; closed: number; openCases: number; steps: Counts } | null;
  inspections: { planned: number; onTime: number; late: number; missed: number; pending: number } | null;
  hazards: { opened: number; closed: number };
  renovations: { registered: number; completed: number };
  ledgers: { visitors: number; vehicles: number; parcels: number; mail: number; permits: number; lostFound: number } | null;
  calls: { offered: number; answered: number; withinT: number } | null;
  extras: ExtraSection[];
}

export interface ReportData {
  type: ReportType;
  period: string;
  periodKind: PeriodKind;
  from: string;
  to: string;
  projectId: string | null;
  scopeName: string;
  generatedAt: string;
  current: PeriodFigures;
  previous: PeriodFigures | null;
  lastYear: PeriodFigures | null;
  /** Year-end summary: one entry per month. */
  months: PeriodFigures[];
  targets: ResolvedTarget[];
  planItems: Array<{ title: string; owner: string | null; dueDate: string | null; status: string }>;
  nextPlanItems: Array<{ title: string; owner: string | null; dueDate: string | null; status: string }>;
}

const inc = (c: Counts, k: string | null | undefined, n = 1) => {
  const key = k ?? '—';
  c[key] = (c[key] ?? 0) + n;
};

/** Everything one period shows, for the caller's scope. */
export async function periodFigures(ctx: AppContext, actor: Actor, p: Period, projectId: string | null, opts: { bulletin?: boolean } = {}): Promise<PeriodFigures> {
  const r: KpiRange = { from: p.from, to: p.to, ...(projectId ? { projectId } : {}) };
  const db = ctx.store.db;
  const projectIds = await scopeProjects(ctx, actor, r);
  const ids = projectIds.length ? projectIds : [''];
  const org = actor.orgId;
  const kpis = await computeKpis(ctx, actor, r, new Date(Math.min(Date.now(), Date.parse(p.to))).toISOString());

  const contacts = { total: 0, byChannel: {} as Counts, byCategory: {} as Counts };
  for (const c of await db.selectFrom('contacts').select(['channel', 'category']).where('org_id', '=', org).where('project_id', 'in', ids).where('occurred_at', '>=', p.from).where('occurred_at', '<', p.to).execute()) {
    contacts.total++;
    inc(contacts.byChannel, c.channel);
    inc(contacts.byCategory, c.category);
  }

  const created = await db.selectFrom('work_orders').select(['kind', 'area_scope', 'category', 'chase_count']).where('org_id', '=', org).where('project_id', 'in', ids).where('created_at', '>=', p.from).where('created_at', '<', p.to).execute();
  const orders = { created: created.length, byKind: {} as Counts, repairScope: { public: 0, unit: 0 }, byTrade: {} as Counts, closed: 0, reopened: 0, chased: 0 };
  const complaints = { received: 0, closed: 0, byCause: {} as Counts };
  const hazards = { opened: 0, closed: 0 };
  const renovations = { registered: 0, completed: 0 };
  for (const o of created) {
    inc(orders.byKind, o.kind);
    if (o.kind === 'repair') {
      if (o.area_scope === 'public') orders.repairScope.public++;
      else orders.repairScope.unit++;
      inc(orders.byTrade, o.category);
    }
    if (o.kind === 'complaint') {
      complaints.received++;
      inc(complaints.byCause, o.category ?? '其他');
    }
    if (o.kind === 'hazard') hazards.opened++;
    if (o.kind === 'renovation') renovations.registered++;
    if (Number(o.chase_count) > 0) orders.chased++;
  }
  for (const o of await db.selectFrom('work_orders').select(['kind', 'reopen_count']).where('org_id', '=', org).where('project_id', 'in', ids).where('state', '=', 'closed').where('closed_at', '>=', p.from).where('closed_at', '<', p.to).execute()) {
    orders.closed++;
    if (Number(o.reopen_count) > 0) orders.reopened++;
    if (o.kind === 'complaint') complaints.closed++;
    if (o.kind === 'hazard') hazards.closed++;
    if (o.kind === 'renovation') renovations.completed++;
  }
  const sat = kpis.find((k) => k.code === 'satisfaction');
  const visits = { done: sat?.denominator ?? 0, satisfied: sat?.numerator ?? 0 };

  let collection: PeriodFigures['collection'] = null;
  const { fromMonth, toMonth } = monthsOf(r);
  const cutoff = new Date(Date.parse(p.to) - 1 + 8 * 3600_000).toISOString().slice(0, 10);
  const rep = await collectionReportFor(db, org, { projectIds, fromMonth, toMonth, cutoff, groupBy: ['projectId', 'phaseId', 'buildingId'] });
  if (rep.rows.length) {
    const line = (label: string, x: (typeof rep.rows)[number] | typeof rep.total): CollectionLine => ({
      label,
      receivableFen: x.receivableFen,
      receivedFen: x.receivedFen,
      outstandingFen: x.outstandingFen,
      rate: x.rate,
      unitsBilled: x.unitsBilled,
      unitsInArrears: x.unitsInArrears,
      householdRate: x.householdRate,
    });
    const arrears = await db.selectFrom('bills').select(({ fn }) => fn.sum<number>('outstanding_fen').as('fen')).where('org_id', '=', org).where('project_id', 'in', ids).where('account_month', '<=', toMonth).where('kind', '!=', 'late_fee').executeTakeFirst();
    collection = {
      lines: rep.rows.map((x) => line([x.labels.projectId, x.labels.phaseId, x.labels.buildingId].filter((s) => s && s !== '—').join(' · '), x)),
      total: line('合计', rep.total),
      arrearsFen: Number(arrears?.fen ?? 0),
    };
  }

  let dunning: PeriodFigures['dunning'] = null;
  if (!opts.bulletin) {
    const fromDay = new Date(Date.parse(p.from) + 8 * 3600_000).toISOString().slice(0, 10);
    const cases = await db.selectFrom('dunning_cases').select(['id', 'entered_on', 'closed_on', 'status']).where('org_id', '=', org).where('project_id', 'in', ids).execute();
    if (cases.length) {
      const steps: Counts = {};
      const st = await db.selectFrom('dunning_steps as s').innerJoin('dunning_cases as c', 'c.id', 's.case_id').select(['s.step_code']).where('c.org_id', '=', org).where('c.project_id', 'in', ids).where('s.taken_on', '>=', fromDay).where('s.taken_on', '<=', cutoff).execute();
      for (const s of st) inc(steps, s.step_code);
      dunning = {
        opened: cases.filter((c) => c.entered_on >= fromDay && c.entered_on <= cutoff).length,
        closed: cases.filter((c) => c.closed_on && c.closed_on >= fromDay && c.closed_on <= cutoff).length,
        openCases: cases.filter((c) => c.entered_on <= cutoff && (!c.closed_on || c.closed_on > cutoff)).length,
        steps,
      };
    }
  }

  let inspections: PeriodFigures['inspections'] = null;
  const tasks = await db.selectFrom('inspection_tasks').select(['status', 'timeliness']).where('org_id', '=', org).where('project_id', 'in', ids).where('planned_start', '>=', p.from).where('planned_start', '<', p.to).execute();
  if (tasks.length) {
    inspections = { planned: tasks.length, onTime: 0, late: 0, missed: 0, pending: 0 };
    for (const t of tasks) {
      if (t.status === 'missed' || t.timeliness === 'missed') inspections.missed++;
      else if (t.status === 'completed') t.timeliness === 'late' ? inspections.late++ : inspections.onTime++;
      else inspections.pending++;
    }
  }

  let ledgers: PeriodFigures['ledgers'] = null;
  if (!opts.bulletin) {
    const count = async (table: 'visitors' | 'vehicle_entries' | 'mail_items' | 'parking_permits' | 'lost_items', col: string, where?: (q: any) => any) => {
      let q: any = (db.selectFrom(table) as any).select(({ fn }: any) => fn.countAll().as('n')).where('org_id', '=', org).where('project_id', 'in', ids).where(col, '>=', p.from).where(col, '<', p.to);
      if (where) q = where(q);
      return Number((await q.executeTakeFirst())?.n ?? 0);
    };
    const l = {
      visitors: await count('visitors', 'entered_at'),
      vehicles: await count('vehicle_entries', 'entered_at'),
      parcels: await count('mail_items', 'received_at', (q) => q.where('kind', '=', 'parcel')),
      mail: await count('mail_items', 'received_at', (q) => q.where('kind', '!=', 'parcel')),
      permits: await count('parking_permits', 'created_at'),
      lostFound: await count('lost_items', 'found_at'),
    };
    if (Object.values(l).some((n) => n > 0)) ledgers = l;
  }

  const ans = kpis.find((k) => k.code === 'answer_rate');
  const sl = kpis.find((k) => k.code === 'service_level');
  const calls = ans && ans.denominator > 0 ? { offered: ans.denominator, answered: ans.numerator, withinT: sl?.numerator ?? 0 } : null;

  const extras: ExtraSection[] = [];
  for (const prov of reportSectionProviders) {
    const s = await prov(ctx, actor, r);
    if (s && (!opts.bulletin || s.public)) extras.push(s);
  }
  return { period: p.code, kpis, contacts, orders, complaints, visits, collection, dunning, inspections, hazards, renovations, ledgers, calls, extras };
}

/** The figures of a report: the period, the one before, the same one last year; for the year-end summary also every month. */
export async function reportData(ctx: AppContext, actor: Actor, type: ReportType, periodCode: string, projectId: string | null): Promise<ReportData> {
  const p = parsePeriod(periodCode);
  const bulletin = type === 'bulletin';
  const [current, previous, lastYear] = [
    await periodFigures(ctx, actor, p, projectId, { bulletin }),
    await periodFigures(ctx, actor, previousPeriod(p), projectId, { bulletin }),
    type === 'bulletin' ? null : await periodFigures(ctx, actor, sameLastYear(p), projectId, { bulletin }),
  ];
  const months: PeriodFigures[] = [];
  if (type === 'annual') for (const m of p.months) months.push(await periodFigures(ctx, actor, parsePeriod(m), projectId));
  let scopeName = '';
  if (projectId) scopeName = (await ctx.store.db.selectFrom('projects').select('name').where('id', '=', projectId).executeTakeFirst())?.name ?? '';
  else scopeName = (await ctx.store.db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst())?.name ?? '';
  const { targets, items, nextItems } = await resolveTargets(ctx, actor.orgId, projectId, p);
  return {
    type,
    period: p.code,
    periodKind: p.kind,
    from: p.from,
    to: p.to,
    projectId,
    scopeName,
    generatedAt: new Date().toISOString(),
    current,
    previous,
    lastYear,
    months,
    targets,
    planItems: bulletin ? [] : items,
    nextPlanItems: bulletin ? [] : nextItems,
  };
}
