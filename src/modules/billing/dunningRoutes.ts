/** Dunning ladder (催缴) and collection reports (收费率, 账龄) over HTTP. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { authorize, type Actor } from '../auth/permissions';
import { ladderSchedule, type CollectionDimension } from './core';
import { dunningLetterDoc, noticeDocx, noticeHtml } from './documents';
import { caseDecision, decideStepApproval, evaluateDunning, takeStep, type LetterData } from './dunning';
import { assertProject, dateStr, idStr, monthStr, projectOfRow, scopedProjects, who } from './http';
import { agingFor, collectionReportFor, collectionXlsx } from './reports';
import { loadSettings, today } from './store';
import { access } from '../auth/access';

const tags = ['billing'];
const DIMENSIONS = ['projectId', 'phaseId', 'buildingId', 'collectorId', 'feeItemId', 'month'] as const;

export async function billingDunningRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  const inScope = <Q extends { where: any }>(a: Actor, q: Q, col: string): Q => {
    const pf = scopedProjects(a);
    return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
  };

  // ---------- dunning 催缴 ----------
  app.post(
    '/api/billing/dunning/evaluate',
    { config: access('billing.write', 'project'), schema: { tags, summary: '评估催缴阶梯：欠费达标的户进入催缴，已还清的退出 Evaluate the dunning ladder', body: z.object({ projectId: idStr, asOf: dateStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.write');
      await assertProject(db(), a, req.body.projectId, 'billing.write');
      const asOf = req.body.asOf ?? today();
      if (asOf > today()) throw new AppError(400, 'billing.future_date', { date: asOf });
      return evaluateDunning(ctx(), who(a), req.body.projectId, asOf);
    },
  );

  const caseOut = (c: any) => ({
    id: c.id,
    projectId: c.project_id,
    accountId: c.account_id,
    unitId: c.unit_id,
    unitNumber: c.unit_number ?? null,
    partyId: c.party_id,
    partyName: c.party_name ?? null,
    collectorId: c.collector_id,
    enteredOn: c.entered_on,
    status: c.status,
    closedOn: c.closed_on,
    closeReason: c.close_reason,
    monthsInArrears: c.months_in_arrears,
    overdueFen: Number(c.overdue_fen),
    decision: c.decision,
    nextStep: c.next_step_code,
    nextDueOn: c.next_due_on,
    evaluatedOn: c.evaluated_on,
  });

  app.get(
    '/api/billing/dunning/cases',
    { config: access('billing.read', 'project'),
      schema: {
        tags,
        summary: '催缴工作清单 Dunning cases (work list)',
        querystring: z.object({
          ...pageQuery,
          projectId: idStr.optional(),
          status: z.enum(['open', 'closed']).default('open'),
          decision: z.enum(['waiting', 'due', 'awaiting_approval', 'approval_rejected', 'completed', 'not_in_ladder']).optional(),
          collectorId: idStr.optional(),
          mine: z.enum(['1']).optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      let q = inScope(
        a,
        db()
          .selectFrom('dunning_cases as c')
          .leftJoin('units as u', 'u.id', 'c.unit_id')
          .leftJoin('parties as p', 'p.id', 'c.party_id')
          .selectAll('c')
          .select(['u.number as unit_number', 'p.name as party_name'])
          .where('c.org_id', '=', a.orgId)
          .where('c.status', '=', f.status),
        'c.project_id',
      );
      if (a.role === 'resident') q = q.where('c.id', '=', '');
      if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
      if (f.decision) q = q.where('c.decision', '=', f.decision);
      if (f.collectorId) q = q.where('c.collector_id', '=', f.collectorId);
      if (f.mine) q = q.where('c.collector_id', '=', a.userId);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('c.next_due_on').orderBy('c.overdue_fen', 'desc').orderBy('c.id'), caseOut);
    },
  );

  app.get('/api/billing/dunning/cases/:id', { config: access('billing.read', 'project'), schema: { tags, summary: '催缴详情：阶梯日程、已采取步骤、审批、当前应办 Dunning case', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await projectOfRow(db(), a, 'dunning_cases', req.params.id, 'what.dunning_case', 'billing.read');
    if (a.role === 'resident') throw new AppError(403, 'auth.forbidden');
    const c = await db().selectFrom('dunning_cases as c').leftJoin('units as u', 'u.id', 'c.unit_id').leftJoin('parties as p', 'p.id', 'c.party_id').selectAll('c').select(['u.number as unit_number', 'p.name as party_name']).where('c.id', '=', req.params.id).executeTakeFirstOrThrow();
    const { ladder } = await loadSettings(db(), c.project_id);
    const steps = await db().selectFrom('dunning_steps').selectAll().where('case_id', '=', c.id).orderBy('step_index').execute();
    const approvals = await db().selectFrom('dunning_approvals').selectAll().where('case_id', '=', c.id).orderBy('created_at').execute();
    const now = c.status === 'open' ? await caseDecision(db(), a.orgId, c, ladder, today()) : null;
    return {
      ...caseOut(c),
      ladder,
      schedule: ladderSchedule(ladder, c.entered_on),
      steps: steps.map((s) => ({ id: s.id, stepCode: s.step_code, action: s.action, scheduledOn: s.scheduled_on, takenOn: s.taken_on, takenBy: s.taken_by, channel: s.channel, note: s.note, letterNo: s.letter_no, letterUrl: s.letter_no ? `/api/billing/dunning/steps/${s.id}/letter` : null })),
      approvals: approvals.map((x) => ({ stepCode: x.step_code, status: x.status, decidedBy: x.decided_by, approverRole: x.approver_role, decidedOn: x.decided_on, note: x.note })),
      now: now ? { decision: now.decision, monthsInArrears: now.months, overdueFen: now.overdue } : null,
    };
  });

  app.post(
    '/api/billing/dunning/cases/:id/steps',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '执行催缴步骤（仅当该步骤已到期且所需审批已通过）Take the due step',
        params: idParam,
        body: z.object({ stepCode: z.string().regex(/^[a-z0-9_]{1,30}$/), takenOn: dateStr.optional(), channel: z.enum(['phone', 'sms', 'visit', 'letter', 'notice_board', 'other']).nullish(), note: z.string().max(1000).nullish() }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      await projectOfRow(db(), a, 'dunning_cases', req.params.id, 'what.dunning_case', 'billing.write');
      const r = await takeStep(ctx(), a, req.params.id, req.body);
      return reply.status(201).send({ ...r, letterUrl: r.letterNo ? `/api/billing/dunning/steps/${r.stepId}/letter` : null });
    },
  );

  app.post(
    '/api/billing/dunning/cases/:id/approvals',
    { config: access('billing.approve', 'project'),
      schema: {
        tags,
        summary: '审批需批准的催缴步骤（如第 20 日采取措施须经理批准）Approve or reject a step',
        params: idParam,
        body: z.object({ stepCode: z.string().regex(/^[a-z0-9_]{1,30}$/), approve: z.boolean(), note: z.string().max(1000).nullish() }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.approve');
      await projectOfRow(db(), a, 'dunning_cases', req.params.id, 'what.dunning_case', 'billing.approve');
      return reply.status(201).send(await decideStepApproval(ctx(), a, req.params.id, req.body));
    },
  );

  app.get(
    '/api/billing/dunning/steps/:id/letter',
    { config: access('billing.read', 'project'), schema: { tags, summary: '催缴通知书（HTML 打印版或 DOCX）Notice letter, print-ready HTML or DOCX', params: idParam, querystring: z.object({ format: z.enum(['html', 'docx']).default('html') }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.read');
      const s = await db().selectFrom('dunning_steps as s').innerJoin('dunning_cases as c', 'c.id', 's.case_id').select(['s.letter_json', 's.letter_no', 'c.project_id']).where('s.id', '=', req.params.id).where('s.org_id', '=', a.orgId).executeTakeFirst();
      if (!s || !s.letter_json) throw notFound('what.letter');
      authorize(a, 'billing.read', { projectId: s.project_id });
      if (a.role === 'resident') throw new AppError(403, 'auth.forbidden');
      const doc = dunningLetterDoc(JSON.parse(s.letter_json) as LetterData);
      if (req.query.format === 'docx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', `attachment; filename="${s.letter_no}.docx"`)
          .send(await noticeDocx(doc));
      }
      return reply.type('text/html; charset=utf-8').send(noticeHtml(doc));
    },
  );

  // ---------- reports 报表 ----------
  app.get(
    '/api/billing/reports/collection',
    { config: access('billing.read', 'project'),
      schema: {
        tags,
        summary: '收费率报表：收费率 = 实收 ÷ 应收，户收费率 = (应收户数 − 欠费户数) ÷ 应收户数；可按项目、分期、楼栋、收费员、收费项目、月份分组，含计划对比；format=xlsx 导出 Collection report',
        querystring: z.object({
          projectId: idStr.optional(),
          groupBy: z.string().max(100).default('projectId'),
          fromMonth: monthStr.optional(),
          toMonth: monthStr.optional(),
          cutoff: dateStr.optional(),
          buildingId: idStr.optional(),
          feeItemId: idStr.optional(),
          includeLateFees: z.enum(['0', '1']).default('0'),
          writeOffs: z.enum(['exclude', 'keep']).default('exclude'),
          format: z.enum(['json', 'xlsx']).default('json'),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.read');
      if (a.role === 'resident') throw new AppError(403, 'auth.forbidden');
      const f = req.query;
      const groupBy = f.groupBy.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = groupBy.find((g) => !(DIMENSIONS as readonly string[]).includes(g));
      if (bad || !groupBy.length) throw new AppError(400, 'billing.validation.group_by', { value: bad ?? '' });
      let projectIds: string[];
      if (f.projectId) {
        await assertProject(db(), a, f.projectId, 'billing.read');
        projectIds = [f.projectId];
      } else {
        const pf = scopedProjects(a);
        projectIds = (await db().selectFrom('projects').select('id').where('org_id', '=', a.orgId).execute()).map((p) => p.id).filter((id) => !pf || pf.includes(id));
      }
      const report = await collectionReportFor(db(), a.orgId, {
        projectIds,
        groupBy: groupBy as CollectionDimension[],
        fromMonth: f.fromMonth,
        toMonth: f.toMonth,
        // Always a stated cut-off: receipts (and credit applied) dated after it do not count.
        cutoff: f.cutoff ?? today(),
        buildingId: f.buildingId,
        feeItemId: f.feeItemId,
        includeLateFees: f.includeLateFees === '1',
        writeOffs: f.writeOffs,
      });
      if (f.format === 'xlsx') {
        const buf = await collectionXlsx(report, `收费率报表 ${f.fromMonth ?? ''}${f.toMonth ? `—${f.toMonth}` : ''}`);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="collection-${f.fromMonth ?? 'all'}-${f.toMonth ?? 'all'}.xlsx"`)
          .send(buf);
      }
      return report;
    },
  );

  app.get(
    '/api/billing/reports/aging',
    { config: access('billing.read', 'project'), schema: { tags, summary: '欠费账龄分析 Arrears aging', querystring: z.object({ projectId: idStr, asOf: dateStr.optional(), by: z.enum(['project', 'building']).default('building') }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      if (a.role === 'resident') throw new AppError(403, 'auth.forbidden');
      await assertProject(db(), a, req.query.projectId, 'billing.read');
      return agingFor(db(), a.orgId, req.query.projectId, req.query.asOf ?? today(), req.query.by);
    },
  );
}
