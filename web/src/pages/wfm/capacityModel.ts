/**
 * Pure pieces of the capacity-plan screen (人力规划，加班还是招人): the form's values → the plan
 * JSON, the worked example of docs/scheduling.md, and the comparison series.
 */
import { parseNumberList, percentToShare, yuanToFen } from '../../opsMoney';
import type { CapacityOptionId, CapacityPlanInput, CapacityResult } from '../../wfmApi';

export interface CapacityForm {
  startMonth: string;
  /** Required FTE per month, as a list. */
  requiredFte: string;
  hoursPerFteMonth: number;
  headcount: number;
  attritionPercent: number;
  salaryYuan: string;
  hiringEnabled: boolean;
  leadTimeMonths: number;
  trainingWeeks: number;
  /** Productivity (%) in each month after training, as a list. */
  ramp: string;
  recruitingYuan: string;
  trainingYuan: string;
  maxHiresPerMonth: number | null;
  overtimeEnabled: boolean;
  premium: number;
  maxHoursWeek: number;
  maxHoursMonth: number;
  tempsEnabled: boolean;
  tempCostYuan: string;
  tempProductivityPercent: number;
  maxTemps: number;
  targetPercent: number;
  /** Service level (%) by staffing ratio: "0.8:50, 0.9:68, 1:80". */
  curve: string;
  endHeadcountAtLeast: number | null;
}

export type CapacityField = keyof CapacityForm;

/** The worked example of docs/scheduling.md §3 (a team of 52 facing 50–58 FTE of work). */
export function exampleCapacityForm(startMonth: string): CapacityForm {
  return {
    startMonth,
    requiredFte: '50, 52, 55, 58, 58, 56',
    hoursPerFteMonth: 174,
    headcount: 52,
    attritionPercent: 3,
    salaryYuan: '6960',
    hiringEnabled: true,
    leadTimeMonths: 1,
    trainingWeeks: 4,
    ramp: '50, 75',
    recruitingYuan: '2000',
    trainingYuan: '3000',
    maxHiresPerMonth: 10,
    overtimeEnabled: true,
    premium: 1.5,
    maxHoursWeek: 9,
    maxHoursMonth: 36,
    tempsEnabled: true,
    tempCostYuan: '10000',
    tempProductivityPercent: 80,
    maxTemps: 10,
    targetPercent: 80,
    curve: '0.8:50, 0.9:68, 1.0:80, 1.1:88, 1.2:93',
    endHeadcountAtLeast: 56,
  };
}

/** "0.8:50, 0.9:68" → points; null when a pair is malformed or the curve is not increasing. */
export function parseCurve(text: string): { staffingRatio: number; serviceLevel: number }[] | null {
  const pairs = text.split(/[,，;；\n]+/).map((p) => p.trim()).filter(Boolean);
  const pts: { staffingRatio: number; serviceLevel: number }[] = [];
  for (const p of pairs) {
    const m = /^(\d*\.?\d+)\s*[:：=]\s*(\d*\.?\d+)\s*%?$/.exec(p);
    if (!m) return null;
    const sl = percentToShare(m[2]);
    const ratio = Number(m[1]);
    if (sl === null || !(ratio > 0)) return null;
    pts.push({ staffingRatio: ratio, serviceLevel: sl });
  }
  if (pts.length < 2) return null;
  for (let i = 1; i < pts.length; i++) if (!(pts[i].staffingRatio > pts[i - 1].staffingRatio) || pts[i].serviceLevel < pts[i - 1].serviceLevel) return null;
  return pts;
}

export function capacityInputFromForm(f: CapacityForm): { input: CapacityPlanInput } | { problems: CapacityField[] } {
  const problems: CapacityField[] = [];
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(f.startMonth)) problems.push('startMonth');
  const req = parseNumberList(f.requiredFte);
  if (!req.values.length || req.bad.length || req.values.length > 60 || req.values.some((v) => v < 0)) problems.push('requiredFte');
  const salary = yuanToFen(f.salaryYuan);
  if (salary === null) problems.push('salaryYuan');
  const ramp = parseNumberList(f.ramp);
  const rampShares = ramp.values.map((v) => percentToShare(v));
  if (ramp.bad.length || rampShares.some((v) => v === null)) problems.push('ramp');
  const recruiting = yuanToFen(f.recruitingYuan);
  if (recruiting === null) problems.push('recruitingYuan');
  const training = yuanToFen(f.trainingYuan);
  if (training === null) problems.push('trainingYuan');
  const tempCost = yuanToFen(f.tempCostYuan);
  if (tempCost === null) problems.push('tempCostYuan');
  const curve = parseCurve(f.curve);
  if (!curve) problems.push('curve');
  const target = percentToShare(f.targetPercent);
  if (target === null) problems.push('targetPercent');
  if (problems.length) return { problems };
  return {
    input: {
      startMonth: f.startMonth,
      requiredFte: req.values,
      hoursPerFteMonth: f.hoursPerFteMonth,
      staff: { headcount: f.headcount, monthlyAttrition: percentToShare(f.attritionPercent) ?? 0, salaryFenPerMonth: salary! },
      hiring: {
        enabled: f.hiringEnabled,
        leadTimeMonths: f.leadTimeMonths,
        trainingWeeks: f.trainingWeeks,
        ramp: rampShares as number[],
        recruitingCostFen: recruiting!,
        trainingCostFen: training!,
        ...(f.maxHiresPerMonth !== null && { maxPerMonth: f.maxHiresPerMonth }),
      },
      overtime: { enabled: f.overtimeEnabled, premium: f.premium, maxHoursPerAgentPerWeek: f.maxHoursWeek, maxHoursPerAgentPerMonth: f.maxHoursMonth },
      temps: { enabled: f.tempsEnabled, costFenPerMonth: tempCost!, productivity: percentToShare(f.tempProductivityPercent) ?? 0.8, maxAgents: f.maxTemps },
      serviceLevel: { target: target!, curve: curve! },
      ...(f.endHeadcountAtLeast !== null && { endHeadcountAtLeast: f.endHeadcountAtLeast }),
    },
  };
}

export const OPTION_COLORS: Record<CapacityOptionId, string> = {
  mix: '#1668dc',
  overtime: '#fa8c16',
  hiring: '#52c41a',
  temps: '#722ed1',
  acceptLowerServiceLevel: '#8c8c8c',
};

/** Per option: monthly cost (fen) and service level (share), aligned on the plan's months. */
export function capacitySeries(r: CapacityResult) {
  return r.options.map((o) => ({
    option: o.option,
    costFen: r.months.map((m) => o.months.find((x) => x.month === m)?.costs.totalFen ?? null),
    serviceLevel: r.months.map((m) => o.months.find((x) => x.month === m)?.serviceLevel ?? null),
  }));
}

/** The recommendation in the reader's language (the server writes Simplified Chinese and English). */
export function recommendationText(r: CapacityResult, locale: string): string {
  return locale.startsWith('en') ? r.recommendation.en : r.recommendation['zh-CN'];
}
