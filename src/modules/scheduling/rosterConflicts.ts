/**
 * Why a roster problem cannot meet all its hard rules: which rule families conflict, for whom and
 * in which week. Two sources:
 * - a pre-check on the builder's view (rosterPrep.ts) that catches the plain contradictions
 *   before any solve (more working days required than days-off or the weekly maximum allow; fewer
 *   workable days than required because of bans, leave or skills; a contract minimum above the
 *   weekly cap or above what the workable days can give);
 * - the MILP's elastic slack on the hard lower bounds (rosterModel.ts `elastic`): a non-zero slack
 *   at the optimum means the other hard rules (sequences, rest, consecutive days…) leave no room.
 */
import type { RosterModel } from './rosterModel';
import type { RosterPrep } from './rosterPrep';
import { ruleMode, type FlexRule } from './rosterSchemas';

export interface RosterConflict {
  /** The rule families that cannot all hold (the first is the one that gives way). */
  rules: string[];
  agentId: string;
  /** First day of the week block concerned. */
  date: string;
  source: 'precheck' | 'solver';
  details: Record<string, string | number>;
  message: { 'zh-CN': string; en: string };
}

const RULE_ZH: Record<string, string> = {
  minWorkDays: '每周最少上班天数',
  maxWorkDays: '每周最多上班天数',
  daysOff: '每周休息天数',
  minWeeklyHours: '每周最少工时',
  maxWeeklyHours: '每周最多工时',
  banned: '禁排班次',
  availability: '请假/不可用',
  eligibility: '技能或可上班次',
  noDemand: '当天无需求',
  forbiddenSequence: '禁止的班次衔接',
  minRest: '最短休息',
  earlyAfterNight: '夜班后不排早班',
  maxConsecutiveDays: '最多连续上班天数',
  pinned: '指定班次',
};
const RULE_EN: Record<string, string> = {
  minWorkDays: 'minimum working days a week',
  maxWorkDays: 'maximum working days a week',
  daysOff: 'days off a week',
  minWeeklyHours: 'minimum weekly hours',
  maxWeeklyHours: 'maximum weekly hours',
  banned: 'banned shifts',
  availability: 'leave / unavailability',
  eligibility: 'skills or allowed shifts',
  noDemand: 'no demand that day',
  forbiddenSequence: 'forbidden shift sequences',
  minRest: 'minimum rest',
  earlyAfterNight: 'no early shift after a night',
  maxConsecutiveDays: 'maximum consecutive days',
  pinned: 'pinned shifts',
};
const zhList = (rules: string[]) => rules.map((r) => RULE_ZH[r] ?? r).join('、');
const enList = (rules: string[]) => rules.map((r) => RULE_EN[r] ?? r).join(', ');

export function precheckRoster(prep: RosterPrep): RosterConflict[] {
  const { p, blocks, dates, required, paid, S } = prep;
  const out: RosterConflict[] = [];
  const hard = (r: FlexRule) => ruleMode(p, r) === 'hard';
  prep.agents.forEach((ag, a) => {
    const agent = p.agents[a];
    const name = agent.name ?? agent.id;
    const off = new Set(agent.unavailable.map((u) => u.date));
    blocks.forEach((blk, b) => {
      const date = dates[blk.first];
      // Days with some shift the agent could take, and why the other days have none.
      const reasons = new Set<string>();
      const bestPaid: number[] = [];
      for (let d = blk.first; d <= blk.last; d++) {
        let best = -1;
        for (let s = 0; s < S; s++) if ((ag.eligible[d][s] && !ag.banned[d][s]) || ag.pins[d].includes(s)) best = Math.max(best, paid[s]);
        if (best >= 0) {
          bestPaid.push(best);
          continue;
        }
        if (off.has(dates[d])) reasons.add('availability');
        else if (required[d].every((r) => r <= 0)) reasons.add('noDemand');
        else if (required[d].every((r, s) => r <= 0 || ag.banned[d][s])) reasons.add('banned');
        else reasons.add('eligibility');
      }
      const capDays: { rule: string; max: number }[] = [];
      if (hard('daysOff')) capDays.push({ rule: 'daysOff', max: ag.maxWorkDays[b] });
      if (hard('maxWorkDays')) capDays.push({ rule: 'maxWorkDays', max: ag.maxWorkDaysRule[b] });
      // Weekly hours cap the days too: at least the shortest shift a day.
      const shortest = Math.min(...paid.filter((m) => m > 0));
      if (hard('maxWeeklyHours') && Number.isFinite(shortest)) capDays.push({ rule: 'maxWeeklyHours', max: Math.floor(ag.maxMinutes[b] / shortest) });
      const maxDays = Math.min(bestPaid.length, ...capDays.map((c) => c.max));

      const need = ag.minWorkDays[b];
      if (need > 0 && hard('minWorkDays')) {
        const cap = capDays.filter((c) => c.max < need);
        if (cap.length) {
          const max = Math.min(...cap.map((c) => c.max));
          const rules = ['minWorkDays', ...cap.map((c) => c.rule)];
          out.push({
            rules,
            agentId: agent.id,
            date,
            source: 'precheck',
            details: { agent: name, date, required: need, max },
            message: {
              'zh-CN': `${name} 在 ${date} 起的一周至少要上班 ${need} 天，但${zhList(rules.slice(1))}规则最多只允许 ${max} 天`,
              en: `${name} must work at least ${need} days in the week from ${date}, but ${enList(rules.slice(1))} allow at most ${max}`,
            },
          });
        }
        if (bestPaid.length < need) {
          const rules = ['minWorkDays', ...reasons];
          out.push({
            rules,
            agentId: agent.id,
            date,
            source: 'precheck',
            details: { agent: name, date, required: need, workable: bestPaid.length },
            message: {
              'zh-CN': `${name} 在 ${date} 起的一周至少要上班 ${need} 天，但只有 ${bestPaid.length} 天有可上的班次（${zhList(rules.slice(1))}）`,
              en: `${name} must work at least ${need} days in the week from ${date}, but only ${bestPaid.length} day(s) have a shift they may work (${enList(rules.slice(1))})`,
            },
          });
        }
      }

      const minM = ag.minMinutes[b];
      if (minM > 0 && hard('minWeeklyHours')) {
        // Most minutes reachable: the best shifts on the best workable days, within the caps.
        const reach = bestPaid
          .sort((x, y) => y - x)
          .slice(0, maxDays)
          .reduce((s, v) => s + v, 0);
        const cap = hard('maxWeeklyHours') ? ag.maxMinutes[b] : Infinity;
        const most = Math.min(reach, cap);
        if (most < minM) {
          const rules = ['minWeeklyHours', ...(cap < minM ? ['maxWeeklyHours'] : []), ...capDays.filter((c) => c.max < bestPaid.length).map((c) => c.rule), ...reasons];
          const h = (m: number) => Math.round((m / 60) * 100) / 100;
          out.push({
            rules: [...new Set(rules)],
            agentId: agent.id,
            date,
            source: 'precheck',
            details: { agent: name, date, minHours: h(minM), maxHours: h(most) },
            message: {
              'zh-CN': `${name} 在 ${date} 起的一周至少要排 ${h(minM)} 小时，但受${zhList([...new Set(rules.slice(1))])}限制最多只能排 ${h(most)} 小时`,
              en: `${name} needs at least ${h(minM)} h in the week from ${date}, but ${enList([...new Set(rules.slice(1))])} allow at most ${h(most)} h`,
            },
          });
        }
      }
    });
  });
  return out;
}

/** Hard lower bounds that gave way in the solver's answer, unless the pre-check already named them. */
export function conflictsFromSlack(prep: RosterPrep, model: RosterModel, values: Map<string, number>, known: RosterConflict[]): RosterConflict[] {
  const { p } = prep;
  const families = ['forbiddenSequence', 'minRest', 'earlyAfterNight', 'maxConsecutiveDays', 'daysOff', 'maxWorkDays', 'maxWeeklyHours', 'banned'] as FlexRule[];
  const out: RosterConflict[] = [];
  for (const e of model.elastic) {
    const hardFamilies = families.filter((r) => ruleMode(p, r) === 'hard' && active(prep, r, e.agent));
    const v = values.get(e.name) ?? 0;
    if (v < 1e-6) continue;
    const agent = p.agents[e.agent];
    const date = prep.dates[prep.blocks[e.block].first];
    if (known.some((k) => k.agentId === agent.id && k.date === date && k.rules[0] === e.rule)) continue;
    const name = agent.name ?? agent.id;
    const amount = Math.round(v * 100) / 100;
    const rules = [e.rule, ...hardFamilies];
    out.push({
      rules,
      agentId: agent.id,
      date,
      source: 'solver',
      details: { agent: name, date, short: amount, unit: e.unit },
      message: {
        'zh-CN': `${name} 在 ${date} 起的一周无法满足${RULE_ZH[e.rule]}（差 ${amount} ${e.unit === 'days' ? '天' : '小时'}）：与其他硬性规则（${zhList(rules.slice(1))}）冲突`,
        en: `${name} cannot meet the ${RULE_EN[e.rule]} in the week from ${date} (${amount} ${e.unit} short): it conflicts with the other hard rules (${enList(rules.slice(1))})`,
      },
    });
  }
  return out;
}

/** Whether a rule family constrains this problem at all (so it can be named as a cause). */
function active(prep: RosterPrep, r: FlexRule, a: number): boolean {
  const R = prep.p.rules;
  switch (r) {
    case 'forbiddenSequence':
      return R.forbiddenSequences.length > 0;
    case 'minRest':
      return R.minRestMinutes > 0;
    case 'earlyAfterNight':
      return R.noEarlyAfterNight && (['night', 'early'] as const).every((k) => prep.agents[a].eligible.some((row) => row.some((ok, s) => ok && prep.kinds[s] === k)));
    case 'maxConsecutiveDays':
      return R.maxConsecutiveWorkDays < prep.D || prep.agents.some((a) => a.historyStreak > 0);
    case 'daysOff':
      return R.minDaysOffPerWeek > 0;
    case 'maxWorkDays':
      return R.maxWorkDaysPerWeek < 7;
    case 'maxWeeklyHours':
      // Binding only if a week of the longest shifts would break it.
      return prep.agents[a].maxWeek < Math.min(7, prep.D) * Math.max(...prep.paid);
    case 'banned':
      return prep.p.agents[a].bannedShifts.length > 0;
    default:
      return false;
  }
}
