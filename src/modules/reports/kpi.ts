/**
 * KPI arithmetic (DESIGN.md §4). Every KPI is a ratio reported with its numerator and
 * denominator, so a figure can always be checked and drilled into. Pure.
 */
export const KPI_CODES = [
  'answer_rate',
  'service_level',
  'first_contact_resolution',
  'callback_rate',
  'satisfaction',
  'complaint_handling_rate',
  'on_time_rate',
  'collection_rate',
  'household_collection_rate',
  'survey_return_rate',
] as const;
export type KpiCode = (typeof KPI_CODES)[number];

export interface KpiValue {
  code: KpiCode | string;
  numerator: number;
  denominator: number;
  /** null when the denominator is zero: "no data" is not 0 % and not 100 %. */
  value: number | null;
  /** The target from the source documents, when there is one. */
  target?: number;
  /** Sub-figures, e.g. on-time per SLA target. */
  parts?: KpiValue[];
  label?: string;
}

export function ratio(code: string, numerator: number, denominator: number, target?: number): KpiValue {
  return { code, numerator, denominator, value: denominator > 0 ? numerator / denominator : null, ...(target !== undefined && { target }) };
}

/** Seed-grounded targets (DESIGN.md §4). */
export const KPI_TARGETS: Partial<Record<KpiCode, number>> = {
  callback_rate: 0.98,
  complaint_handling_rate: 0.98,
  satisfaction: 0.95,
  collection_rate: 0.9,
  answer_rate: 0.96,
  service_level: 0.8,
};

export interface SlaTargetRecord {
  target: string;
  status: string;
  deadline: string | null;
}

/**
 * On-time rate 及时率 per SLA target: of the targets whose deadline falls in [from, to), those
 * met. A target still open past its deadline counts as missed; one due but not yet reached does
 * not count. Overall: orders all of whose due targets were met / orders with a target due.
 */
export function onTimeRate(orders: Array<{ targets: SlaTargetRecord[] }>, from: string, to: string, nowIso: string): KpiValue {
  const per = new Map<string, { met: number; due: number }>();
  let ordersDue = 0;
  let ordersMet = 0;
  for (const o of orders) {
    let anyDue = false;
    let allMet = true;
    for (const t of o.targets) {
      if (!t.deadline || t.deadline < from || t.deadline >= to) continue;
      if (t.status === 'cancelled' || t.status === 'pending') continue;
      const decided = t.status === 'met' || t.status === 'breached' || t.deadline <= nowIso;
      if (!decided) continue;
      const met = t.status === 'met';
      const p = per.get(t.target) ?? { met: 0, due: 0 };
      p.due++;
      if (met) p.met++;
      per.set(t.target, p);
      anyDue = true;
      if (!met) allMet = false;
    }
    if (anyDue) {
      ordersDue++;
      if (allMet) ordersMet++;
    }
  }
  const parts = [...per.entries()].map(([target, p]) => ({ ...ratio(`on_time_rate.${target}`, p.met, p.due), label: target }));
  return { ...ratio('on_time_rate', ordersMet, ordersDue), parts };
}

/** Satisfaction 满意度: satisfied answers, or scores ≥ 4 of 5 where only a score was given. */
export function satisfaction(responses: Array<{ outcome: string | null; score: number | null }>): KpiValue {
  let yes = 0;
  let n = 0;
  for (const r of responses) {
    if (r.outcome) {
      n++;
      if (r.outcome === 'satisfied' || r.outcome === 'basically_satisfied') yes++;
    } else if (r.score !== null) {
      n++;
      if (r.score >= 4) yes++;
    }
  }
  return ratio('satisfaction', yes, n, KPI_TARGETS.satisfaction);
}

/** Local-day buckets (YYYY-MM-DD in the zone) of [from, to) for trend series. */
export function localDays(fromIso: string, toIso: string, offsetMinutes = 480): Array<{ day: string; from: string; to: string }> {
  const out: Array<{ day: string; from: string; to: string }> = [];
  const off = offsetMinutes * 60_000;
  let t = Math.floor((Date.parse(fromIso) + off) / 86_400_000) * 86_400_000 - off;
  const end = Date.parse(toIso);
  while (t < end && out.length < 400) {
    const next = t + 86_400_000;
    out.push({ day: new Date(t + off).toISOString().slice(0, 10), from: new Date(t).toISOString(), to: new Date(next).toISOString() });
    t = next;
  }
  return out;
}

/**
 * The layer's KPIs plus the role figures derived from them: 及时派单率 is the on-time rate's
 * dispatch stage, 超时工单 the orders with a target due that missed one, 欠费 receivable minus
 * received of the collection rate (fen).
 */
export function withDerived(kpis: readonly KpiValue[]): KpiValue[] {
  const out = [...kpis];
  const on = kpis.find((k) => k.code === 'on_time_rate');
  const dispatch = on?.parts?.find((p) => p.code === 'on_time_rate.dispatch');
  out.push(dispatch ? { ...dispatch, parts: undefined } : ratio('on_time_rate.dispatch', 0, 0));
  if (on) out.push({ code: 'overdue_orders', numerator: on.denominator - on.numerator, denominator: on.denominator, value: on.denominator - on.numerator });
  const col = kpis.find((k) => k.code === 'collection_rate');
  if (col) out.push({ code: 'arrears', numerator: col.denominator - col.numerator, denominator: col.denominator, value: col.denominator > 0 ? col.denominator - col.numerator : null });
  return out;
}
