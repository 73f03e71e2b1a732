/**
 * `shouwen erlang`, and the flag parsing and error conventions every WFM command shares. Kept apart
 * from cli.ts, whose other commands reach the database: erlang is a pure calculation and loads only
 * the calculator (no kysely, no zod), so it answers as fast as Node starts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command } from '../../cli/commands';
import { AppError } from '../../core/errors';
import { t } from '../../core/i18n';
import { erlangCalculator, ErlangInputError, type ErlangInput, type ErlangOutput } from './calculator';
import type { SlDefinition } from './types';
import './messages';

/** A usage problem: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export type Values = Record<string, string | boolean | string[] | undefined>;

export function parse(args: string[], options: ParseArgsConfig['options'], positionals = false): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: positionals, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function str(v: Values, name: string, required = false): string | undefined {
  const x = v[name];
  if (x === undefined || x === '') {
    if (required) throw new UsageError(`缺少参数 missing --${name}`);
    return undefined;
  }
  return String(x);
}

export function num(v: Values, name: string, opts: { required?: boolean; min?: number; max?: number; gt?: number; lt?: number; int?: boolean; percent?: boolean } = {}): number | undefined {
  const raw = str(v, name, opts.required);
  if (raw === undefined) return undefined;
  const pct = opts.percent && raw.trim().endsWith('%');
  const x = Number(pct ? raw.trim().slice(0, -1) : raw) / (pct ? 100 : 1);
  const bad = (rule: string) => new UsageError(`--${name} ${raw}: 应为 expected ${rule}`);
  if (!Number.isFinite(x)) throw bad('a number');
  if (opts.int && !Number.isInteger(x)) throw bad('an integer');
  if (opts.min !== undefined && x < opts.min) throw bad(`≥ ${opts.min}`);
  if (opts.max !== undefined && x > opts.max) throw bad(`≤ ${opts.max}`);
  if (opts.gt !== undefined && !(x > opts.gt)) throw bad(`> ${opts.gt}`);
  if (opts.lt !== undefined && !(x < opts.lt)) throw bad(`< ${opts.lt}`);
  return x;
}

/** Runs a command body with the CLI's error conventions. */
export async function guarded(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`错误 error: ${e.message}\n用法 usage: ${usage}\n`);
      return 2;
    }
    if (e instanceof ErlangInputError) {
      process.stderr.write(`错误 error: ${t('zh-CN', e.code, e.params)} / ${t('en', e.code, e.params)}\n用法 usage: ${usage}\n`);
      return 2;
    }
    if (e instanceof AppError) {
      process.stderr.write(`错误 error: ${t('zh-CN', e.code, e.params)} / ${t('en', e.code, e.params)}\n`);
      return e.status === 400 ? 2 : 1;
    }
    throw e;
  }
}

// ------------------------------------------------------------------ erlang

const ERLANG_USAGE =
  'shouwen erlang --model c|a --calls N --interval-min M --aht-s S (--sl 0.8 --threshold-s 20 | --asa-s A) [--patience-s P] [--max-occupancy 0.85] [--shrinkage 0.3] [--agents K] [--sl-definition offered|answered|excludeShortAbandons] [--json]';

/** Parses `shouwen erlang` flags into calculator input (throws UsageError). */
export function erlangInputFromArgs(args: string[]): { input: ErlangInput; json: boolean } {
  const { values } = parse(args, {
    model: { type: 'string' }, calls: { type: 'string' }, 'interval-min': { type: 'string' }, 'aht-s': { type: 'string' },
    sl: { type: 'string' }, 'threshold-s': { type: 'string' }, 'asa-s': { type: 'string' }, 'patience-s': { type: 'string' },
    'max-occupancy': { type: 'string' }, shrinkage: { type: 'string' }, agents: { type: 'string' }, 'sl-definition': { type: 'string' },
    'short-abandon-s': { type: 'string' }, json: { type: 'boolean' },
  });
  const model = (str(values, 'model') ?? 'c').toLowerCase().replace(/^erlang-?/, '');
  if (model !== 'c' && model !== 'a') throw new UsageError(`--model ${values.model}: 应为 expected c or a`);
  const def = str(values, 'sl-definition');
  if (def !== undefined && !['offered', 'answered', 'excludeShortAbandons'].includes(def)) throw new UsageError(`--sl-definition ${def}: 应为 expected offered, answered or excludeShortAbandons`);
  const input: ErlangInput = {
    model,
    calls: num(values, 'calls', { required: true, min: 0 })!,
    intervalMinutes: num(values, 'interval-min', { required: true, gt: 0, max: 1440 })!,
    ahtSeconds: num(values, 'aht-s', { required: true, gt: 0 })!,
    serviceLevel: num(values, 'sl', { gt: 0, lt: 1, percent: true }),
    thresholdSeconds: num(values, 'threshold-s', { min: 0 }),
    asaSeconds: num(values, 'asa-s', { min: 0 }),
    patienceSeconds: num(values, 'patience-s', { gt: 0 }),
    maxOccupancy: num(values, 'max-occupancy', { gt: 0, max: 1, percent: true }),
    shrinkage: num(values, 'shrinkage', { min: 0, lt: 1, percent: true }),
    agents: num(values, 'agents', { min: 0, int: true }),
    slDefinition: def as SlDefinition | undefined,
    shortAbandonSeconds: num(values, 'short-abandon-s', { min: 0 }),
  };
  if (input.serviceLevel !== undefined && input.thresholdSeconds === undefined) throw new UsageError('--sl 需要 --threshold-s (needs --threshold-s)');
  if (input.model === 'a' && input.patienceSeconds === undefined) throw new UsageError('--model a 需要 --patience-s (Erlang A needs --patience-s)');
  if (input.model === 'c' && input.patienceSeconds !== undefined) throw new UsageError('--patience-s 仅用于 --model a (only with --model a)');
  if (input.agents === undefined && input.serviceLevel === undefined && input.asaSeconds === undefined) throw new UsageError('请给出 --sl 与 --threshold-s，或 --asa-s，或 --agents (give --sl/--threshold-s, --asa-s or --agents)');
  for (const k of Object.keys(input) as (keyof ErlangInput)[]) if (input[k] === undefined) delete input[k];
  return { input, json: values.json === true };
}

function erlangText(o: ErlangOutput, reverse: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const lines = [
    `模型 model: ${o.model}, 话务量 offered load: ${o.offeredLoad.toFixed(3)} Erl`,
    reverse ? `坐席 agents: ${o.agents}` : `所需坐席 agents: ${o.agents} (小数 fractional ${o.agentsFractional?.toFixed(3)}; 约束 binding: ${o.binding})`,
    `含缺勤排班 with shrinkage: ${o.agentsWithShrinkage}`,
    `服务水平 service level: ${pct(o.serviceLevel)} 在 ${o.slThresholdSeconds} 秒内 within ${o.slThresholdSeconds} s (${o.slDefinition})`,
    `平均应答 ASA: ${o.asa === null ? '∞' : `${o.asa.toFixed(2)} s`}`,
    `等待概率 P(wait): ${pct(o.waitProbability)}`,
    `占用率 occupancy: ${pct(o.occupancy)}`,
  ];
  if (o.abandonment !== undefined) lines.push(`放弃率 abandonment: ${pct(o.abandonment)}`);
  if (o.meetsTarget !== undefined) lines.push(`达标 meets target: ${o.meetsTarget ? '是 yes' : '否 no'}`);
  return `${lines.join('\n')}\n`;
}

async function erlangCmd(args: string[]): Promise<number> {
  return guarded(ERLANG_USAGE, async () => {
    const { input, json } = erlangInputFromArgs(args);
    const out = erlangCalculator(input);
    process.stdout.write(json ? `${JSON.stringify(out)}\n` : erlangText(out, input.agents !== undefined));
    return 0;
  });
}

export const erlangCommand: Command = { summary: 'Erlang C/A 计算器 required agents or service for given agents', run: erlangCmd };
