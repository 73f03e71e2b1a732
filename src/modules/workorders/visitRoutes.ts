import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { pageQuery, paginate } from '../../core/paging';
import { sha256 } from '../../core/secrets';
import { authorize, projectFilter } from '../auth/permissions';
import { performAction } from './actions';
import { escapeLike } from './queries';
import { newRatingLink } from './visits';
import { enqueue } from '../notifications/outbox';
import { access } from '../auth/access';

/** Return visits (回访): the agents' queue and the residents' rating link. */
export async function visitRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['visits'];

  app.get(
    '/api/visits',
    { config: access('orders.visit', 'assigned'), schema: { tags, summary: '回访队列 Return-visit queue', querystring: z.object({ ...pageQuery, status: z.enum(['pending', 'done', 'skipped']).default('pending'), projectId: z.string().max(40).optional(), q: z.string().trim().min(1).max(60).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.visit');
      let q = db()
        .selectFrom('return_visits as v')
        .innerJoin('work_orders as o', 'o.id', 'v.order_id')
        .leftJoin('users as asg', 'asg.id', 'o.assignee_id')
        .leftJoin('units as u', 'u.id', 'o.unit_id')
        .innerJoin('projects as pj', 'pj.id', 'o.project_id')
        .innerJoin('organisations as org', 'org.id', 'o.org_id')
        .select(['pj.name as project_name', 'org.name as org_name',
          'v.id', 'v.order_id', 'v.cycle', 'v.reason', 'v.due_at', 'v.status', 'v.outcome', 'v.visited_at',
          'o.number', 'o.title', 'o.kind', 'o.category', 'o.contact_name', 'o.contact_phone', 'o.completed_at', 'o.version', 'o.reopen_count', 'o.project_id',
          'asg.display_name as assignee_name', 'u.number as unit_number',
        ])
        .where('v.org_id', '=', a.orgId)
        .where('v.status', '=', req.query.status);
      const pf = projectFilter(a);
      if (pf) q = pf.length ? q.where('o.project_id', 'in', pf) : q.where('v.id', '=', '');
      if (req.query.projectId) q = q.where('o.project_id', '=', req.query.projectId);
      // The customer who calls back: by order number, phone (digits as typed) or a word of the title.
      const text = req.query.q;
      if (text) {
        const like = `%${escapeLike(text)}%`;
        q = q.where(sql<boolean>`(o.number = ${text.toUpperCase()} or o.contact_phone like ${like} escape '\\' or o.title like ${like} escape '\\')`);
      }
      return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('v.due_at').orderBy('v.id'), (v) => ({
        id: v.id,
        orderId: v.order_id,
        number: v.number,
        title: v.title,
        kind: v.kind,
        category: v.category,
        cycle: v.cycle,
        reason: v.reason,
        dueAt: v.due_at,
        overdue: v.status === 'pending' && v.due_at < new Date().toISOString(),
        status: v.status,
        outcome: v.outcome,
        visitedAt: v.visited_at,
        contactName: v.contact_name,
        contactPhone: v.contact_phone,
        unitNumber: v.unit_number,
        assigneeName: v.assignee_name,
        completedAt: v.completed_at,
        version: v.version,
        reopenCount: v.reopen_count,
        // For the call script: "您好，这里是<organisationName><projectName>服务中心…".
        organisationName: v.org_name,
        projectName: v.project_name,
      }));
    },
  );

  // 重发评价链接: only the hash of a link is kept, so a lost link is replaced — the new token
  // voids the old one — and sent again through the outbox.
  app.post(
    '/api/visits/:id/link',
    { config: access('orders.visit', 'assigned'), schema: { tags, summary: '重发评价链接（旧链接作废）Re-send the rating link (the old one stops working)', params: z.object({ id: z.string().min(1).max(40) }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.visit');
      const v = await db()
        .selectFrom('return_visits as v')
        .innerJoin('work_orders as o', 'o.id', 'v.order_id')
        .select(['v.id', 'v.status', 'v.cycle', 'o.id as order_id', 'o.project_id', 'o.number', 'o.title', 'o.contact_phone', 'o.reporter_id', 'o.party_id'])
        .where('v.id', '=', req.params.id)
        .where('v.org_id', '=', a.orgId)
        .executeTakeFirst();
      if (!v) throw new AppError(404, 'not_found', { what: 'what.visit' });
      authorize(a, 'orders.visit', { projectId: v.project_id });
      if (v.status !== 'pending') throw new AppError(409, 'visits.already_rated');
      const now = Date.now();
      const rating = newRatingLink(now);
      await db().transaction().execute(async (trx) => {
        await trx.updateTable('return_visits').set({ link_token_hash: rating.hash, link_expires_at: rating.expiresAt }).where('id', '=', v.id).execute();
        await enqueue(trx, {
          orgId: a.orgId,
          topic: 'visit.due',
          dedupeKey: `visit:${v.order_id}:${v.cycle}:resend:${rating.hash.slice(0, 16)}`,
          recipientId: v.reporter_id ?? v.party_id,
          payload: { orderId: v.order_id, number: v.number, title: v.title, contactPhone: v.contact_phone, ratingLink: rating.link, resent: true },
        });
      });
      return { link: rating.link, expiresAt: rating.expiresAt };
    },
  );

  async function byToken(token: string) {
    const v = await db()
      .selectFrom('return_visits as v')
      .innerJoin('work_orders as o', 'o.id', 'v.order_id')
      .select(['v.id', 'v.status', 'v.link_expires_at', 'v.order_id', 'o.org_id', 'o.number', 'o.title', 'o.completed_at', 'o.state'])
      .where('v.link_token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!v || (v.link_expires_at && v.link_expires_at < new Date().toISOString())) throw new AppError(404, 'visits.link_invalid');
    return v;
  }

  // Opening the link only shows the order: a link scanner that fetches it records nothing.
  app.get('/api/visits/link/:token', { config: access('public', 'link', { residents: true }), schema: { tags, summary: '评价链接：查看（不记录）Rating link: view only', params: z.object({ token: z.string().min(10).max(80) }) } }, async (req) => {
    const v = await byToken(req.params.token);
    return { number: v.number, title: v.title, completedAt: v.completed_at, alreadyRated: v.status !== 'pending', state: v.state };
  });

  app.post(
    '/api/visits/link/:token',
    { config: access('public', 'link', { residents: true }),
      schema: {
        tags,
        summary: '评价链接：确认提交评价 Rating link: confirm a rating',
        params: z.object({ token: z.string().min(10).max(80) }),
        body: z.object({
          confirm: z.literal(true),
          outcome: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
          scoreSpeed: z.number().int().min(1).max(5),
          scoreAttitude: z.number().int().min(1).max(5),
          scoreQuality: z.number().int().min(1).max(5),
          comment: z.string().max(1000).optional(),
        }),
      },
    },
    async (req) => {
      const v = await byToken(req.params.token);
      if (v.status !== 'pending') throw new AppError(409, 'visits.already_rated');
      // The link itself is the credential; the rating is recorded as the system with the resident's words.
      const sys = { userId: 'system', orgId: v.org_id, role: 'supervisor' as const, username: 'system', displayName: '系统', projectIds: 'all' as const, partyId: null, unitIds: [], via: 'token' as const };
      await performAction(
        app.ctx,
        sys,
        v.order_id,
        'return_visit',
        { outcome: req.body.outcome, reason: req.body.outcome === 'dissatisfied' ? (req.body.comment?.trim() || '业主在线评价不满意') : undefined, note: '业主通过评价链接评价' },
        { scoreSpeed: req.body.scoreSpeed, scoreAttitude: req.body.scoreAttitude, scoreQuality: req.body.scoreQuality, comment: req.body.comment, visitChannel: 'link' },
      );
      return { ok: true };
    },
  );
}
