/**
 * Demo seeder: the residential estate's 客服热线 and 报修专线 with eight weeks of per-call
 * history ending now, so that the WFM screens have data on first start.
 */
import type { AppContext } from '../../core/context';
import type { DemoRegistry } from '../demo/registry';
import { DEMO_STAFF } from '../demo/registry';
import { generateDemoCalls } from './demoHistory';
import { affectedDays } from './history';
import { callRow, createQueue, insertCalls, rebuildSlots, refreshQueueSummary, saveCalendarDays } from './store';
import { addDays, localDateOf } from './timezone';

const ZONE = 'Asia/Shanghai';
export const DEMO_QUEUES = [
  { name: '客服热线', callsPerDay: 71, code: 'kf' },
  { name: '报修专线', callsPerDay: 21, code: 'bx' },
];

export async function seedDemoCallHistory(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void, now = Date.now()): Promise<void> {
  const t0 = performance.now();
  const nameOf = new Map(DEMO_STAFF.map((s) => [s.username, s.name]));
  // The desk's agents and the front desk share the phones (DESIGN §2).
  const agents = ['agent1', 'agent2', 'agent3', 'htagent', 'frontdesk'].map((u) => nameOf.get(u) ?? u);
  const estate = demo.projects.find((p) => p.kind === 'residential') ?? demo.projects[0];
  const calls = generateDemoCalls({ now, days: 56, timeZone: ZONE, agents, queues: DEMO_QUEUES });
  const today = localDateOf(now, ZONE);
  let total = 0;
  for (const spec of DEMO_QUEUES) {
    const hotline = spec.code === 'kf';
    const queue = await createQueue(ctx.store.db, demo.orgId, {
      name: spec.name,
      projectId: estate?.id ?? null,
      description: hotline ? '住宅小区 24 小时客服热线（咨询、投诉、报修受理）' : '报修专线：户内与公共部位报修',
      timeZone: ZONE,
      intervalMinutes: 30,
      serviceLevel: { target: 0.8, thresholdSeconds: 20, definition: 'offered', shortAbandonSeconds: 5 },
      maxOccupancy: 0.85,
      shrinkage: 0.3,
      model: hotline ? 'erlang-a' : 'erlang-c',
      wrapUpSeconds: 30,
    });
    const records = calls.get(spec.name) ?? [];
    const rows = records.map((r) => callRow(r, r.callId!, null));
    for (let i = 0; i < rows.length; i += 2000) await insertCalls(ctx.store, demo.orgId, queue.id, rows.slice(i, i + 2000));
    if (records.length) {
      const ms = records.map((r) => Date.parse(r.arrivalAt));
      const { fromMs, toMs } = affectedDays(Math.min(...ms), Math.max(...ms));
      await rebuildSlots(ctx.store, queue, fromMs, toMs);
      await refreshQueueSummary(ctx.store.db, queue.id);
    }
    // A planned water cut-off next week brings more calls; the forecast scales that day.
    if (hotline) await saveCalendarDays(ctx.store.db, queue, [{ date: addDays(today, 9), kind: 'special', factor: 1.4, label: '计划停水', note: '3 号楼至 8 号楼计划停水' }]);
    total += records.length;
  }
  log(`demo: ${total} calls of call history (8 weeks) in ${DEMO_QUEUES.map((q) => q.name).join(', ')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
