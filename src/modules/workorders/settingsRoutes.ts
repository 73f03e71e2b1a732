import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { newId } from '../../db/ids';
import { authorize } from '../auth/permissions';
import {
  calendarConfigSchema,
  cnHolidays,
  createCalendar,
  parseHolidayCsv,
  parseHolidayJson,
  slaPolicySetSchema,
  SlaError,
  type CalendarConfig,
} from '../sla';
import { DEFAULT_DISPATCH, dispatchSettings } from './dispatch';
import { KINDS } from './lifecycle';
import { openStates } from './queries';
import { refreshSla } from './service';
import { defaultCalendarConfig, loadSlaConfig, writeSetting } from './slaSettings';
import { access } from '../auth/access';

/** SLA policies, the business calendar (holidays and 调休), dispatch rules and order categories. */
export async function settingsRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['settings'];

  /** After a policy or calendar change every open order's deadlines are derived again. */
  async function recomputeOpen(orgId: string): Promise<number> {
    const open = await db().selectFrom('work_orders').select('id').where('org_id', '=', orgId).where('state', 'in', openStates()).execute();
    for (let i = 0; i < open.length; i += 200) {
      await db().transaction().execute(async (trx) => {
        for (const o of open.slice(i, i + 200)) await refreshSla(trx, orgId, o.id);
      });
    }
    return open.length;
  }

  app.get('/api/settings/sla', { config: access('orders.read', 'org'), schema: { tags, summary: '时效标准与工作日历 SLA policy and calendar' } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    const cfg = await loadSlaConfig(db(), a.orgId);
    return { policy: cfg.policy, calendar: cfg.calendarConfig };
  });

  app.put('/api/settings/sla/policy', { config: access('sla.manage', 'org'), schema: { tags, summary: '修改时效标准（重算未结工单）Replace the SLA policy; open orders are recomputed', body: slaPolicySetSchema } }, async (req) => {
    const a = authorize(req.actor, 'sla.manage');
    await writeSetting(db(), a.orgId, 'sla.policy', req.body);
    return { recomputed: await recomputeOpen(a.orgId) };
  });

  app.put('/api/settings/sla/calendar', { config: access('sla.manage', 'org'), schema: { tags, summary: '修改工作日历（重算未结工单）Replace the business calendar', body: calendarConfigSchema } }, async (req) => {
    const a = authorize(req.actor, 'sla.manage');
    compileOr400(req.body);
    await writeSetting(db(), a.orgId, 'sla.calendar', req.body);
    return { recomputed: await recomputeOpen(a.orgId) };
  });

  app.post(
    '/api/settings/sla/holidays',
    { config: access('sla.manage', 'org'),
      schema: {
        tags,
        summary: '导入节假日与调休（JSON 或 CSV: date,kind,name）Import holidays and make-up workdays',
        body: z.object({ format: z.enum(['json', 'csv']), content: z.string().min(1).max(200_000), replaceYears: z.array(z.number().int().min(2000).max(2100)).max(20).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'sla.manage');
      const parsed = req.body.format === 'csv' ? parseHolidayCsv(req.body.content) : parseHolidayJson(req.body.content);
      if (!parsed.ok) throw new AppError(400, 'sla.holidays_invalid', { count: parsed.errors.length }, parsed.errors);
      const cfg = await loadSlaConfig(db(), a.orgId);
      const years = new Set(req.body.replaceYears ?? parsed.entries.map((e) => Number(e.date.slice(0, 4))));
      const kept = (cfg.calendarConfig.holidays ?? []).filter((h) => !years.has(Number(h.date.slice(0, 4))));
      const next: CalendarConfig = { ...cfg.calendarConfig, holidays: [...kept, ...parsed.entries].sort((x, y) => x.date.localeCompare(y.date)) };
      compileOr400(next);
      await writeSetting(db(), a.orgId, 'sla.calendar', next);
      return { holidays: next.holidays!.length, recomputed: await recomputeOpen(a.orgId) };
    },
  );

  app.post('/api/settings/sla/reset', { config: access('sla.manage', 'org'), schema: { tags, summary: '恢复默认日历（含 2025、2026 年法定节假日）Reset the calendar to the default' } }, async (req) => {
    const a = authorize(req.actor, 'sla.manage');
    await writeSetting(db(), a.orgId, 'sla.calendar', defaultCalendarConfig());
    return { holidays: cnHolidays().length, recomputed: await recomputeOpen(a.orgId) };
  });

  app.get('/api/settings/dispatch', { config: access('orders.read', 'org'), schema: { tags, summary: '派单规则 Dispatch rules' } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    return dispatchSettings(db(), a.orgId);
  });
  app.put(
    '/api/settings/dispatch',
    { config: access('settings.manage', 'org'), schema: { tags, body: z.object({ maxOpenPerTechnician: z.number().int().min(1).max(100), autoAssign: z.enum(['off', 'round_robin', 'least_loaded']) }) } },
    async (req) => {
      const a = authorize(req.actor, 'settings.manage');
      await writeSetting(db(), a.orgId, 'dispatch', { ...DEFAULT_DISPATCH, ...req.body });
      return dispatchSettings(db(), a.orgId);
    },
  );

  app.get('/api/order-categories', { config: access('orders.read', 'own', { residents: true }), schema: { tags, summary: '工单类别 Order categories', querystring: z.object({ kind: z.enum(KINDS as unknown as [string, ...string[]]).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    let q = db().selectFrom('order_categories').selectAll().where('org_id', '=', a.orgId).where('active', '=', 1);
    if (req.query.kind) q = q.where('kind', '=', req.query.kind);
    const rows = await q.orderBy('kind').orderBy('name').execute();
    return { items: rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, skill: r.skill, visitRule: r.visit_rule, projectId: r.project_id })) };
  });
  app.post(
    '/api/order-categories',
    { config: access('settings.manage', 'org'),
      schema: {
        tags,
        body: z.object({
          kind: z.enum(KINDS as unknown as [string, ...string[]]),
          name: z.string().trim().min(1).max(40),
          skill: z.string().trim().max(20).nullish(),
          visitRule: z.string().regex(/^(all|none|sample:(100|[1-9]?\d))$/).default('all'),
          projectId: z.string().max(40).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'settings.manage');
      const id = newId();
      await db().insertInto('order_categories').values({ id, org_id: a.orgId, project_id: req.body.projectId ?? null, kind: req.body.kind, name: req.body.name, skill: req.body.skill ?? null, visit_rule: req.body.visitRule, active: 1 }).execute();
      return reply.status(201).send({ id });
    },
  );
}

function compileOr400(cfg: CalendarConfig) {
  try {
    createCalendar(cfg);
  } catch (e) {
    if (e instanceof SlaError) throw new AppError(400, e.code, e.params as Record<string, string | number>);
    throw e;
  }
}
