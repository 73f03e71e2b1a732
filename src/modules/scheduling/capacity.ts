/**
 * Capacity plan arithmetic (pure): staff projection with attrition, hiring lead time, training
 * and ramp-up, overtime caps, temporary staff, service level from a staffing-ratio curve, costs in
 * integer fen; and the MILP that picks the cheapest mix of levers.
 *
 * Monthly model (expected values; all figures for month m):
 *   tenured T_m        fully productive agents at the start of the month
 *   cohorts            hires start on the 1st of (decision month + lead time); a cohort of n at
 *                      age g (months since start) has n·(1−a)^g people and productivity p_g; at the
 *                      first age G with p = 1 it joins the tenured pool
 *   T_{m+1}            = T_m·(1−a) − γ·OT_m / H + cohorts joining at m+1
 *                      (a monthly attrition, γ extra attrition per unit of overtime share, H paid
 *                      hours per FTE-month: overtime share = OT/(T·H), so extra leavers = γ·OT/H)
 *   overtime           OT_m ≤ cap·T_m, cap = min(weekly cap × 52/12, monthly cap); only tenured
 *                      agents work overtime
 *   effective FTE      T_m + Σ cohort people·p_g + OT_m·q_ot/H + temps_m·q_temp
 *   service level      curve(effective ÷ required), linear between points, clamped at the ends
 *   cost (fen)         salary × (T_m + cohort people) + OT_m × salary/H × premium + temps × rate
 *                      + recruiting (decision month) + training (start month), each rounded
 * Leavers are counted at the end of the month, so month m is staffed by its start-of-month people.
 */
import { lpBuilder, type Term } from './lpText';
import type { CapacityDecisions, CapacityPlan } from './capacitySchemas';

export const WEEKS_PER_MONTH = 52 / 12;

/**
 * Productivity of a new hire by month since start, up to and including the first month at 100 %.
 * Month g holds max(0, min(1, (T − g·w)/w)) of training (T training weeks, w weeks a month);
 * the rest of the month works at the ramp level for the number of earlier productive months.
 */
export function productivityByAge(trainingWeeks: number, ramp: number[]): number[] {
  const out: number[] = [];
  let productiveMonthsBefore = 0;
  for (let g = 0; g < 600; g++) {
    const trainingShare = Math.max(0, Math.min(1, (trainingWeeks - g * WEEKS_PER_MONTH) / WEEKS_PER_MONTH));
    const workShare = 1 - trainingShare;
    const level = workShare > 0 ? (ramp[productiveMonthsBefore] ?? 1) : 0;
    const p = workShare * level;
    out.push(p);
    if (workShare > 0) productiveMonthsBefore++;
    if (p >= 1) return out;
  }
  return out;
}

/** Service level at a staffing ratio: linear between curve points, clamped at both ends. */
export function serviceLevelAt(curve: { staffingRatio: number; serviceLevel: number }[], ratio: number): number {
  if (ratio <= curve[0].staffingRatio) return curve[0].serviceLevel;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (ratio <= b.staffingRatio) {
      return a.serviceLevel + ((b.serviceLevel - a.serviceLevel) * (ratio - a.staffingRatio)) / (b.staffingRatio - a.staffingRatio);
    }
  }
  return curve[curve.length - 1].serviceLevel;
}

/** Smallest staffing ratio reaching `level` on the curve; null when the curve never reaches it. */
export function ratioForServiceLevel(curve: { staffingRatio: number; serviceLevel: number }[], level: number): number | null {
  if (level <= curve[0].serviceLevel) return level <= 0 ? 0 : curve[0].staffingRatio;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (level <= b.serviceLevel) {
      if (b.serviceLevel === a.serviceLevel) return a.staffingRatio;
      return a.staffingRatio + ((b.staffingRatio - a.staffingRatio) * (level - a.serviceLevel)) / (b.serviceLevel - a.serviceLevel);
    }
  }
  return null;
}

/** Overtime hours one fully productive agent may work in a month. */
export function overtimeCapPerAgent(plan: CapacityPlan): number {
  return Math.min(plan.overtime.maxHoursPerAgentPerWeek * WEEKS_PER_MONTH, plan.overtime.maxHoursPerAgentPerMonth);
}

export function monthLabel(startMonth: string, index: number): string {
  const [y, m] = startMonth.split('-').map(Number);
  const t = y * 12 + (m - 1) + index;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export interface CapacityMonth {
  month: string;
  index: number;
  requiredFte: number;
  /** Fully productive agents at the start of the month. */
  tenured: number;
  /** New hires in training or ramp-up (people). */
  inRamp: number;
  /** People on payroll (tenured + in ramp). */
  payroll: number;
  /** FTE contributed by the people in ramp. */
  rampFte: number;
  overtimeHours: number;
  overtimeCapHours: number;
  overtimeFte: number;
  temps: number;
  tempFte: number;
  effectiveFte: number;
  /** FTE still missing to reach the target service level (0 when met; null when the curve never reaches the target). */
  gapFte: number | null;
  /** Effective ÷ required FTE (null when nothing is required). */
  staffingRatio: number | null;
  serviceLevel: number;
  meetsTarget: boolean;
  hiresDecided: number;
  hiresStarting: number;
  /** Expected leavers during the month (base attrition plus overtime effect). */
  leavers: number;
  costs: { salaryFen: number; overtimeFen: number; tempsFen: number; hiringFen: number; shortfallFen: number; totalFen: number };
}

interface Cohort {
  start: number;
  size: number;
}

function cohortsOf(plan: CapacityPlan, hires: number[]): Cohort[] {
  const L = plan.hiring.leadTimeMonths;
  return [
    ...plan.staff.pipeline.map((x) => ({ start: x.startMonthIndex, size: x.count })),
    ...hires.map((n, m) => ({ start: m + L, size: n })).filter((c) => c.size > 0),
  ];
}

/** Month-by-month projection of a set of decisions (the figures every option is compared on). */
export function simulatePlan(plan: CapacityPlan, decisions: CapacityDecisions): CapacityMonth[] {
  const N = plan.requiredFte.length;
  const a = plan.staff.monthlyAttrition;
  const H = plan.hoursPerFteMonth;
  const gamma = plan.overtime.attritionPerOvertimeShare;
  const prod = productivityByAge(plan.hiring.trainingWeeks, plan.hiring.ramp);
  const G = prod.length - 1; // age at which a cohort is fully productive and joins the tenured pool
  const cohorts = cohortsOf(plan, decisions.hires);
  const target = ratioForServiceLevel(plan.serviceLevel.curve, plan.serviceLevel.target);
  const capPerAgent = overtimeCapPerAgent(plan);
  const hourly = plan.staff.salaryFenPerMonth / H;
  const out: CapacityMonth[] = [];

  let tenured = plan.staff.headcount;
  for (let m = 0; m < N; m++) {
    for (const c of cohorts) if (c.start + G === m) tenured += c.size * (1 - a) ** G;
    let inRamp = 0;
    let rampFte = 0;
    let starting = 0;
    for (const c of cohorts) {
      const g = m - c.start;
      if (g === 0) starting += c.size;
      if (g < 0 || g >= G) continue;
      const people = c.size * (1 - a) ** g;
      inRamp += people;
      rampFte += people * prod[g];
    }
    const ot = decisions.overtimeHours[m] ?? 0;
    const temps = decisions.temps[m] ?? 0;
    const overtimeFte = (ot * plan.overtime.productivity) / H;
    const tempFte = temps * plan.temps.productivity;
    const effectiveFte = tenured + rampFte + overtimeFte + tempFte;
    const required = plan.requiredFte[m];
    const ratio = required > 0 ? effectiveFte / required : Infinity;
    const needed = target === null ? Infinity : target * required;
    const gapFte = Math.max(0, needed - effectiveFte);
    const payroll = tenured + inRamp;
    const hiresDecided = decisions.hires[m] ?? 0;
    const salaryFen = Math.round(payroll * plan.staff.salaryFenPerMonth);
    const overtimeFen = Math.round(ot * hourly * plan.overtime.premium);
    const tempsFen = Math.round(temps * plan.temps.costFenPerMonth);
    const hiringFen = hiresDecided * plan.hiring.recruitingCostFen + starting * plan.hiring.trainingCostFen;
    const shortfallFen =
      plan.serviceLevel.shortfallCostFenPerFteMonth !== undefined && Number.isFinite(gapFte)
        ? Math.round(gapFte * plan.serviceLevel.shortfallCostFenPerFteMonth)
        : 0;
    const leavers = a * payroll + (gamma * ot) / H;
    out.push({
      month: monthLabel(plan.startMonth, m),
      index: m,
      requiredFte: required,
      tenured,
      inRamp,
      payroll,
      rampFte,
      overtimeHours: ot,
      overtimeCapHours: capPerAgent * tenured,
      overtimeFte,
      temps,
      tempFte,
      effectiveFte,
      gapFte: Number.isFinite(gapFte) ? gapFte : null,
      staffingRatio: Number.isFinite(ratio) ? ratio : null,
      serviceLevel: serviceLevelAt(plan.serviceLevel.curve, ratio),
      meetsTarget: gapFte <= 1e-6,
      hiresDecided,
      hiresStarting: starting,
      leavers,
      costs: { salaryFen, overtimeFen, tempsFen, hiringFen, shortfallFen, totalFen: salaryFen + overtimeFen + tempsFen + hiringFen + shortfallFen },
    });
    tenured = tenured * (1 - a) - (gamma * ot) / H;
  }
  return out;
}

export interface Levers {
  hiring: boolean;
  overtime: boolean;
  temps: boolean;
  /** May trade service level below target for its shortfall cost (when the plan prices it). */
  lowerServiceLevel: boolean;
}

export interface CapacityModel {
  lp: string;
  /** Price per FTE-month below the floor, or below the target when that is not allowed. */
  bigPenaltyFen: number;
  /** The objective omits costs no decision changes (today's staff's pay, pipeline); add them to compare. */
  variables: { hires: (string | null)[]; overtime: (string | null)[]; temps: (string | null)[] };
  targetRatio: number | null;
}

/**
 * The cheapest-mix MILP. Tenured headcount T_m is a variable tied by the attrition recursion;
 * cohort people and productivity are known multiples of the hire variables, so every row is linear.
 */
export function buildCapacityModel(plan: CapacityPlan, levers: Levers): CapacityModel {
  const N = plan.requiredFte.length;
  const a = plan.staff.monthlyAttrition;
  const H = plan.hoursPerFteMonth;
  const L = plan.hiring.leadTimeMonths;
  const gamma = plan.overtime.attritionPerOvertimeShare;
  const prod = productivityByAge(plan.hiring.trainingWeeks, plan.hiring.ramp);
  const G = prod.length - 1;
  const salary = plan.staff.salaryFenPerMonth;
  const target = ratioForServiceLevel(plan.serviceLevel.curve, plan.serviceLevel.target);
  const floor = ratioForServiceLevel(plan.serviceLevel.curve, plan.serviceLevel.floor) ?? 0;
  const capPerAgent = overtimeCapPerAgent(plan);
  const big = 1000 * Math.max(salary, plan.temps.costFenPerMonth, 1);
  const shortPrice =
    levers.lowerServiceLevel && plan.serviceLevel.shortfallCostFenPerFteMonth !== undefined ? plan.serviceLevel.shortfallCostFenPerFteMonth : big;

  // Constants from the pipeline (already recruited): people and FTE in ramp, joiners.
  const pipe = cohortsOf(plan, []);
  const pipeRampFte = new Array(N).fill(0);
  const pipeJoin = new Array(N + 1).fill(0);
  for (const c of pipe) {
    for (let m = 0; m < N; m++) {
      const g = m - c.start;
      if (g >= 0 && g < G) pipeRampFte[m] += c.size * (1 - a) ** g * prod[g];
    }
    if (c.start + G <= N) pipeJoin[c.start + G] += c.size * (1 - a) ** G;
  }

  const lp = lpBuilder();
  const objective: Term[] = [];
  const hires: (string | null)[] = new Array(N).fill(null);
  const overtime: (string | null)[] = new Array(N).fill(null);
  const temps: (string | null)[] = new Array(N).fill(null);
  for (let m = 0; m < N; m++) {
    if (levers.hiring && plan.hiring.enabled && m + L < N && plan.hiring.maxPerMonth !== 0) {
      hires[m] = `h${m}`;
      lp.variable(hires[m]!, 0, plan.hiring.maxPerMonth ?? Infinity, 'integer');
      // Recruiting now, training at start; salary is added below, month by month.
      objective.push([plan.hiring.recruitingCostFen + plan.hiring.trainingCostFen, hires[m]!]);
    }
    if (levers.overtime && plan.overtime.enabled && capPerAgent > 0) {
      overtime[m] = `o${m}`;
      lp.variable(overtime[m]!, 0, Infinity);
      objective.push([(salary / H) * plan.overtime.premium, overtime[m]!]);
    }
    if (levers.temps && plan.temps.enabled && plan.temps.maxAgents > 0) {
      temps[m] = `t${m}`;
      lp.variable(temps[m]!, 0, plan.temps.maxAgents, 'integer');
      objective.push([plan.temps.costFenPerMonth, temps[m]!]);
    }
  }
  // Tenured pool. T0 is fixed; salary of tenured people from month 1 on depends on decisions
  // (overtime attrition, joiners), so it is in the objective for m ≥ 1.
  const T0 = plan.staff.headcount + pipeJoin[0];
  for (let m = 0; m < N; m++) {
    lp.variable(`T${m}`, m === 0 ? T0 : 0, m === 0 ? T0 : Infinity);
    if (m > 0) objective.push([salary, `T${m}`]);
  }
  for (let m = 0; m + 1 < N; m++) {
    const terms: Term[] = [
      [1, `T${m + 1}`],
      [-(1 - a), `T${m}`],
    ];
    if (overtime[m] && gamma > 0) terms.push([gamma / H, overtime[m]!]);
    for (let j = 0; j < N; j++) if (hires[j] && j + L + G === m + 1) terms.push([-((1 - a) ** G), hires[j]!]);
    lp.row(`ten${m + 1}`, terms, '=', pipeJoin[m + 1]);
  }
  // Cohort people and FTE in month m from hires decided in j.
  const rampTerms = (m: number, kind: 'people' | 'fte'): Term[] => {
    const terms: Term[] = [];
    for (let j = 0; j < N; j++) {
      const g = m - (j + L);
      if (!hires[j] || g < 0 || g >= G) continue;
      const people = (1 - a) ** g;
      terms.push([kind === 'people' ? people : people * prod[g], hires[j]!]);
    }
    return terms;
  };
  for (let m = 0; m < N; m++) {
    for (const [c, v] of rampTerms(m, 'people')) objective.push([c * salary, v]);
    const supply: Term[] = [[1, `T${m}`], ...rampTerms(m, 'fte')];
    if (overtime[m]) {
      supply.push([plan.overtime.productivity / H, overtime[m]!]);
      lp.row(`otcap${m}`, [[1, overtime[m]!], [-capPerAgent, `T${m}`]], '<=', 0);
    }
    if (temps[m]) supply.push([plan.temps.productivity, temps[m]!]);
    const req = plan.requiredFte[m];
    if (target !== null && req > 0) {
      lp.variable(`gap${m}`, 0, Infinity);
      objective.push([shortPrice, `gap${m}`]);
      lp.row(`sl${m}`, [...supply, [1, `gap${m}`]], '>=', target * req - pipeRampFte[m]);
    }
    if (floor > 0 && req > 0) {
      lp.variable(`low${m}`, 0, Infinity);
      objective.push([big, `low${m}`]);
      lp.row(`floor${m}`, [...supply, [1, `low${m}`]], '>=', floor * req - pipeRampFte[m]);
    }
  }
  if (plan.endHeadcountAtLeast !== undefined) {
    const m = N - 1;
    let pipePeople = 0;
    for (const c of pipe) {
      const g = m - c.start;
      if (g >= 0 && g < G) pipePeople += c.size * (1 - a) ** g;
    }
    lp.variable('endslack', 0, Infinity);
    objective.push([big, 'endslack']);
    lp.row('end', [[1, `T${m}`], ...rampTerms(m, 'people'), [1, 'endslack']], '>=', plan.endHeadcountAtLeast - pipePeople);
  }
  lp.objective(objective);
  return { lp: lp.text(), bigPenaltyFen: big, variables: { hires, overtime, temps }, targetRatio: target };
}

export function decisionsFromValues(plan: CapacityPlan, model: CapacityModel, values: Map<string, number> | null): CapacityDecisions {
  const N = plan.requiredFte.length;
  const get = (v: string | null, integer: boolean) => {
    if (!v || !values) return 0;
    const x = Math.max(0, values.get(v) ?? 0);
    // Overtime rounds up to the next 0.01 h so that a target the solver just meets stays met.
    const rounded = integer ? Math.round(x) : Math.ceil(x * 100 - 1e-6) / 100;
    return rounded > 0 ? rounded : 0; // never -0 in JSON or text
  };
  return {
    hires: Array.from({ length: N }, (_, m) => get(model.variables.hires[m], true)),
    overtimeHours: Array.from({ length: N }, (_, m) => get(model.variables.overtime[m], false)),
    temps: Array.from({ length: N }, (_, m) => get(model.variables.temps[m], true)),
  };
}

export function noDecisions(plan: CapacityPlan): CapacityDecisions {
  const z = () => new Array(plan.requiredFte.length).fill(0);
  return { hires: z(), overtimeHours: z(), temps: z() };
}

// ---------------------------------------------------------------------------------------------
// Plain-language recommendation

export type CapacityOptionId = 'mix' | 'overtime' | 'hiring' | 'temps' | 'acceptLowerServiceLevel';

export interface CapacityOptionResult {
  option: CapacityOptionId;
  decisions: CapacityDecisions;
  months: CapacityMonth[];
  /** Total over the plan, fen (shortfall cost included when the plan prices it). */
  totalFen: number;
  monthsBelowTarget: number;
  lowestServiceLevel: number;
  averageServiceLevel: number;
  meetsTargetEveryMonth: boolean;
  /** People on payroll in the last month, and whether that meets `endHeadcountAtLeast`. */
  endPayroll: number;
  meetsEndHeadcount: boolean;
}

const OPTION_NAMES: Record<CapacityOptionId, { zh: string; en: string }> = {
  mix: { zh: '最优组合', en: 'cheapest mix' },
  overtime: { zh: '只加班', en: 'overtime only' },
  hiring: { zh: '只招人', en: 'hiring only' },
  temps: { zh: '只用临时/外包坐席', en: 'temporary staff only' },
  acceptLowerServiceLevel: { zh: '不采取措施（接受较低服务水平）', en: 'no action (accept a lower service level)' },
};

export function yuan(fen: number): string {
  return `¥${Math.round(fen / 100).toLocaleString('en-US')}`;
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function describeDecisions(plan: CapacityPlan, d: CapacityDecisions): { zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  const L = plan.hiring.leadTimeMonths;
  d.hires.forEach((n, m) => {
    if (n <= 0) return;
    const start = monthLabel(plan.startMonth, m + L);
    zh.push(`${monthLabel(plan.startMonth, m)} 决定招聘 ${n} 人（${start} 到岗，培训 ${plan.hiring.trainingWeeks} 周）`);
    en.push(`decide in ${monthLabel(plan.startMonth, m)} to hire ${n} (starting ${start}, ${plan.hiring.trainingWeeks} weeks' training)`);
  });
  const otMonths = d.overtimeHours.map((h, m) => ({ h, m })).filter((x) => x.h > 0.5);
  if (otMonths.length) {
    const list = otMonths.map((x) => `${monthLabel(plan.startMonth, x.m)} ${Math.round(x.h)} h`).join(', ');
    zh.push(`加班：${list.replace(/ h/g, ' 小时').replace(/, /g, '，')}`);
    en.push(`overtime: ${list}`);
  }
  const tMonths = d.temps.map((n, m) => ({ n, m })).filter((x) => x.n > 0);
  if (tMonths.length) {
    const list = tMonths.map((x) => `${monthLabel(plan.startMonth, x.m)} ${x.n}`).join(', ');
    zh.push(`临时坐席：${list.replace(/, /g, '，').replace(/ (\d+)/g, ' $1 人')}`);
    en.push(`temporary agents: ${list}`);
  }
  return { zh, en };
}

export function recommendationText(plan: CapacityPlan, options: CapacityOptionResult[]): { 'zh-CN': string; en: string } {
  const best = options.find((o) => o.option === 'mix')!;
  const target = pct(plan.serviceLevel.target);
  const N = plan.requiredFte.length;
  const what = describeDecisions(plan, best.decisions);
  const zhParts: string[] = [];
  const enParts: string[] = [];
  if (best.meetsTargetEveryMonth) {
    zhParts.push(`建议（${N} 个月内每月服务水平都达到 ${target} 的最低成本方案）：${what.zh.length ? what.zh.join('；') : '维持现有人员即可'}。总成本 ${yuan(best.totalFen)}。`);
    enParts.push(`Recommendation (the cheapest plan that keeps the service level at ${target} or better in all ${N} months): ${what.en.length ? what.en.join('; ') : 'keep the current team'}. Total cost ${yuan(best.totalFen)}.`);
  } else {
    const missed = best.months.filter((m) => !m.meetsTarget).map((m) => m.month);
    zhParts.push(`没有任何方案能让每个月都达到 ${target}：${missed.join('、')} 仍低于目标（最低 ${pct(best.lowestServiceLevel)}）。最接近的低成本方案：${what.zh.join('；') || '维持现有人员'}，总成本 ${yuan(best.totalFen)}。`);
    enParts.push(`No plan reaches ${target} in every month: ${missed.join(', ')} stay below target (lowest ${pct(best.lowestServiceLevel)}). Closest affordable plan: ${what.en.join('; ') || 'keep the current team'}, total ${yuan(best.totalFen)}.`);
  }
  for (const o of options) {
    if (o.option === 'mix') continue;
    const name = OPTION_NAMES[o.option];
    const diff = o.totalFen - best.totalFen;
    const zhCost = diff >= 0 ? `多花 ${yuan(diff)}` : `省 ${yuan(-diff)}`;
    const enCost = diff >= 0 ? `${yuan(diff)} more` : `${yuan(-diff)} less`;
    const zhSl = o.meetsTargetEveryMonth ? '每月达标' : `${o.monthsBelowTarget} 个月不达标，最低 ${pct(o.lowestServiceLevel)}`;
    const enSl = o.meetsTargetEveryMonth ? 'meets the target every month' : `below target in ${o.monthsBelowTarget} month(s), lowest ${pct(o.lowestServiceLevel)}`;
    const end = o.endPayroll.toFixed(1);
    const zhEnd = o.meetsEndHeadcount ? '' : `，期末在岗仅 ${end} 人（要求 ${plan.endHeadcountAtLeast}）`;
    const enEnd = o.meetsEndHeadcount ? '' : `, ending with ${end} people (${plan.endHeadcountAtLeast} required)`;
    zhParts.push(`${name.zh}：${yuan(o.totalFen)}（${zhCost}），${zhSl}${zhEnd}。`);
    enParts.push(`${name.en[0].toUpperCase()}${name.en.slice(1)}: ${yuan(o.totalFen)} (${enCost}), ${enSl}${enEnd}.`);
  }
  return { 'zh-CN': zhParts.join(''), en: enParts.join(' ') };
}

export function summariseOption(
  plan: CapacityPlan,
  option: CapacityOptionId,
  decisions: CapacityDecisions,
  months: CapacityMonth[],
): CapacityOptionResult {
  const below = months.filter((m) => !m.meetsTarget);
  const endPayroll = months[months.length - 1].payroll;
  return {
    option,
    decisions,
    months,
    totalFen: months.reduce((s, m) => s + m.costs.totalFen, 0),
    monthsBelowTarget: below.length,
    lowestServiceLevel: Math.min(...months.map((m) => m.serviceLevel)),
    averageServiceLevel: months.reduce((s, m) => s + m.serviceLevel, 0) / months.length,
    meetsTargetEveryMonth: below.length === 0,
    endPayroll,
    meetsEndHeadcount: plan.endHeadcountAtLeast === undefined || endPayroll >= plan.endHeadcountAtLeast - 1e-6,
  };
}
