import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { t } from '../../core/i18n';
import { AppError } from '../../core/errors';
import { inputError } from './jobs';
import { solveCapacityPlan, solveRoster, solveSchedule } from './index';
import { simulateQueue, SimulationTooLargeError } from './simulate';
import { pyworkforceObjective, rosterFromPyworkforce, type PyworkforceRosterData } from './pyworkforceRoster';
import './messages';

/** A simulator input problem as a 4xx error (null for anything else). */
export function simulationError(e: unknown): AppError | null {
  if (e instanceof SimulationTooLargeError) return new AppError(400, 'scheduling.simulation_too_large', { calls: Math.round(e.calls), max: e.max });
  return inputError(e);
}

/** `shouwen simulate --input plan.json [--json]`: queue simulation, one JSON result on stdout. */
export async function simulateCommand(args: string[]): Promise<number> {
  const usage = '用法 usage: shouwen simulate --input plan.json [--json]\n';
  let values: { input?: string; json?: boolean };
  try {
    values = parseArgs({ args, options: { input: { type: 'string' }, json: { type: 'boolean' } } }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (!values.input) {
    process.stderr.write(usage);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(values.input === '-' ? 0 : values.input, 'utf8'));
  } catch (e) {
    process.stderr.write(`无法读取输入 cannot read input: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const result = simulateQueue(input);
    process.stdout.write(values.json ? JSON.stringify(result) + '\n' : JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (e) {
    const err = simulationError(e);
    if (!err) throw e;
    process.stderr.write(`${t('zh-CN', err.code, err.params)}\n`);
    for (const d of (err.details as Array<{ path: string; message: string }>) ?? []) process.stderr.write(`  ${d.path}: ${d.message}\n`);
    return 2;
  }
}

/**
 * `shouwen schedule|roster|capacity --input problem.json [--json]`: one JSON result on stdout,
 * progress on stderr. `roster --pyworkforce data.json` reads a pyworkforce MinHoursRoster instance
 * instead, solves it in the product's model and adds the objective recomputed in pyworkforce's terms.
 */
export function solverCommand(kind: 'schedule' | 'roster' | 'capacity') {
  const usage = kind === 'roster' ? '用法 usage: shouwen roster (--input problem.json | --pyworkforce rostering_data.json [--time-limit-s S]) [--json]\n' : `用法 usage: shouwen ${kind} --input problem.json [--json]\n`;
  return async (args: string[]): Promise<number> => {
    let values: { input?: string; json?: boolean; pyworkforce?: string; 'time-limit-s'?: string };
    try {
      const str = { type: 'string' } as const;
      const options = { input: str, json: { type: 'boolean' } as const, ...(kind === 'roster' ? { pyworkforce: str, 'time-limit-s': str } : {}) };
      values = parseArgs({ args, options }).values as typeof values;
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n${usage}`);
      return 2;
    }
    const source = values.input ?? values.pyworkforce;
    if (!source || (values.input && values.pyworkforce)) {
      process.stderr.write(usage);
      return 2;
    }
    const timeLimit = values['time-limit-s'] === undefined ? undefined : Number(values['time-limit-s']);
    if (timeLimit !== undefined && !(timeLimit > 0 && timeLimit <= 3600)) {
      process.stderr.write(`--time-limit-s 须在 0–3600 秒之间 must be 0 < S ≤ 3600\n${usage}`);
      return 2;
    }
    let problem: unknown;
    try {
      problem = JSON.parse(fs.readFileSync(source === '-' ? 0 : source, 'utf8'));
    } catch (e) {
      process.stderr.write(`无法读取输入 cannot read input: ${(e as Error).message}\n`);
      return 2;
    }
    const pyworkforce = values.pyworkforce ? (problem as PyworkforceRosterData) : null;
    if (pyworkforce) {
      try {
        problem = rosterFromPyworkforce(pyworkforce, { timeLimitSeconds: timeLimit });
      } catch (e) {
        process.stderr.write(`无法转换 pyworkforce 实例 cannot convert the pyworkforce instance: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const onProgress = (p: { phase: string; elapsedMs: number; objective: number | null; gap: number | null }) => {
      if (process.stderr.isTTY || p.phase !== 'tick') process.stderr.write(`${p.phase} ${(p.elapsedMs / 1000).toFixed(1)}s objective=${p.objective ?? '-'} gap=${p.gap === null ? '-' : (p.gap * 100).toFixed(2) + '%'}\n`);
    };
    try {
      const solve = kind === 'schedule' ? solveSchedule : kind === 'roster' ? solveRoster : solveCapacityPlan;
      const solved = await solve(problem as any, { onProgress });
      // pyworkforce's coverage is hard: a roster short of a place (the product's coverage is soft) is infeasible there.
      const rostered = solved as { assignments: { agentId: string; shiftTypeId: string }[]; summary: { hard: number; placesShort: number } };
      const result = pyworkforce ? { ...solved, pyworkforce: { objective: pyworkforceObjective(pyworkforce, rostered.assignments), feasible: rostered.summary.hard === 0 && rostered.summary.placesShort === 0 } } : solved;
      process.stdout.write(values.json ? JSON.stringify(result) + '\n' : JSON.stringify(result, null, 2) + '\n');
      return 0;
    } catch (e) {
      const err = inputError(e);
      if (!err) throw e;
      process.stderr.write(`${t('zh-CN', err.code, err.params)}\n`);
      for (const d of (err.details as Array<{ path: string; message: string }>) ?? []) process.stderr.write(`  ${d.path}: ${d.message}\n`);
      return 2;
    }
  };
}
