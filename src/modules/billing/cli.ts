/**
 * Billing commands: `shouwen bill-run`, `shouwen import readings`, `shouwen dunning`. They act
 * as the system (no user) on the configured database, like the background jobs.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../../cli/commands';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { readTable } from '../registry/import';
import { runBills } from './billRuns';
import { evaluateDunning } from './dunning';
import { importReadings } from './meters';
import { today } from './store';

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const { openContext } = await import('../../core/bootstrap');
  const ctx = await openContext();
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}

async function project(ctx: AppContext, code: string): Promise<{ id: string; orgId: string }> {
  const p = await ctx.store.db.selectFrom('projects').select(['id', 'org_id']).where('code', '=', code).execute();
  if (p.length !== 1) throw new AppError(404, 'not_found', { what: 'what.project' });
  return { id: p[0].id, orgId: p[0].org_id };
}

export const billRunCommand: Command = {
  summary: '出账（幂等）bill a period: --project CODE --period 2026-03|2026-Q1|2026 [--dry-run]',
  async run(args) {
    const { values } = parseArgs({ args, options: { project: { type: 'string' }, period: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
    if (!values.project || !values.period) throw new Error('--project and --period are required');
    return withContext(async (ctx) => {
      const p = await project(ctx, values.project!);
      const r = await runBills(ctx, { orgId: p.orgId, userId: null }, { projectId: p.id, period: values.period!, dryRun: values['dry-run'] });
      process.stdout.write(`${r.dryRun ? '试算 dry run' : '出账 billed'} ${r.period}: ${r.createdCount || (r.dryRun ? r.plannedCount - r.existingCount : 0)} 条新账单 new lines, ${r.existingCount} 条已存在 existing, ${(r.createdFen / 100).toFixed(2)} 元; ${r.issues.length} 个问题 issues\n`);
      for (const i of r.issues.slice(0, 20)) process.stdout.write(`  - ${i.code}: ${i.message}\n`);
      return 0;
    });
  },
};

export const importReadingsCommand: Command = {
  summary: '导入抄表读数 import meter readings: <file.xlsx|csv> --project CODE [--dry-run]',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { project: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
    if (!positionals[0] || !values.project) throw new Error('usage: shouwen import readings <file> --project CODE [--dry-run]');
    const fs = await import('node:fs');
    const sheet = await readTable(fs.readFileSync(positionals[0]), positionals[0]);
    return withContext(async (ctx) => {
      const p = await project(ctx, values.project!);
      const r = await importReadings(ctx, { orgId: p.orgId, userId: null }, p.id, sheet, !!values['dry-run']);
      for (const e of r.errors.slice(0, 50)) process.stdout.write(`  第 ${e.line} 行 line ${e.line}: ${e.field ?? ''} ${e.code}${e.value ? ` (${e.value})` : ''}\n`);
      process.stdout.write(r.errors.length ? `未导入：${r.errors.length} 行有错 nothing imported: ${r.errors.length} bad rows\n` : `${r.dryRun ? '检查通过 checked' : '已导入 imported'} ${r.dryRun ? r.total : r.imported} 行 rows\n`);
      return r.errors.length ? 1 : 0;
    });
  },
};

export const dunningCommand: Command = {
  summary: '评估催缴阶梯 evaluate the dunning ladder: --project CODE [--as-of YYYY-MM-DD]',
  async run(args) {
    const { values } = parseArgs({ args, options: { project: { type: 'string' }, 'as-of': { type: 'string' } } });
    if (!values.project) throw new Error('--project is required');
    return withContext(async (ctx) => {
      const p = await project(ctx, values.project!);
      const s = await evaluateDunning(ctx, { orgId: p.orgId, userId: null }, p.id, values['as-of'] ?? today());
      process.stdout.write(`${s.asOf}: 欠费户 ${s.accountsInArrears}，催缴中 ${s.open}（新进入 ${s.opened}，退出 ${s.closed}），今日应办 ${s.due}，待审批 ${s.awaitingApproval}\n`);
      return 0;
    });
  },
};
