/**
 * The commands contributed by feature modules (erlang, forecast, schedule, …), each loaded only
 * when it runs. The table is here rather than filled in by the modules' register files because a
 * command must be found without importing any module: `shouwen erlang` is a pure calculation and
 * starts in a fraction of the time it would take to load the database layer, zod and every route.
 *
 * A command gets its arguments and returns the exit code.
 */
export type Command = { summary: string; run: (args: string[]) => Promise<number> };

export type CommandEntry = {
  load: () => Promise<Command>;
  /**
   * The command needs the module registry (src/modules/register.ts) loaded first: it bootstraps an
   * empty database (the demo seeders), generates reports (the KPI providers) or reports errors in
   * other modules' message catalogues. Commands that only calculate, or read through their own
   * module, leave it out.
   */
  registry?: boolean;
};

const scheduling = (summary: string, kind: 'schedule' | 'roster' | 'capacity' | 'simulate'): CommandEntry => ({
  load: async () => {
    const m = await import('../modules/scheduling/cli');
    return { summary, run: kind === 'simulate' ? m.simulateCommand : m.solverCommand(kind) };
  },
});
const wfm = (name: string): CommandEntry['load'] => async () => (await import('../modules/wfm/cli')).wfmCommands[name];

/** In the order `shouwen help` lists them. */
export const moduleCommands: Record<string, CommandEntry> = {
  'bill-run': { load: async () => (await import('../modules/billing/cli')).billRunCommand, registry: true },
  'import readings': { load: async () => (await import('../modules/billing/cli')).importReadingsCommand, registry: true },
  dunning: { load: async () => (await import('../modules/billing/cli')).dunningCommand, registry: true },
  // Both imports bootstrap an empty database, which may seed the demo.
  'import intervals': { load: wfm('import intervals'), registry: true },
  'import calls': { load: wfm('import calls'), registry: true },
  erlang: { load: async () => (await import('../modules/wfm/erlang-cli')).erlangCommand },
  forecast: { load: wfm('forecast') },
  staffing: { load: wfm('staffing') },
  wfm: { load: wfm('wfm') },
  schedule: scheduling('最优排班（HiGHS）optimal shift design: --input problem.json --json', 'schedule'),
  roster: scheduling('排人到班次 roster named agents: --input roster.json --json', 'roster'),
  simulate: scheduling('排队仿真 queue simulation of a staffing plan: --input plan.json --json', 'simulate'),
  capacity: scheduling('人力规划：加班还是招人 capacity plan: --input plan.json --json', 'capacity'),
  knowledge: { load: async () => (await import('../modules/knowledge/cli')).knowledgeCommand },
  report: { load: async () => (await import('../modules/reports/cli')).reportCommand, registry: true },
};

/** Loads a module command (and the module registry when it needs it). */
export async function loadCommand(entry: CommandEntry): Promise<Command> {
  if (entry.registry) await import('../modules/register');
  return entry.load();
}
