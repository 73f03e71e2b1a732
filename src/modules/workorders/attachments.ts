import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, notFound } from '../../core/errors';
import { safeFileName } from '../../core/redact';
import { idParam } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { authorize, hasPermission, seesAssignedWorkOnly, type Actor } from '../auth/permissions';
import { ACTIVE_WORK_STATES } from './privacy';
import { orderQuery } from './queries';
import { access } from '../auth/access';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The type of a file from its first bytes; the client's declared type is not trusted. */
export function sniffType(buf: Buffer): { mime: string; ext: string } | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (buf.length >= 6 && (buf.toString('latin1', 0, 6) === 'GIF87a' || buf.toString('latin1', 0, 6) === 'GIF89a')) return { mime: 'image/gif', ext: 'gif' };
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  return null;
}

/**
 * Who may add a file to an order they can see: its resident (their own order), its first-contact
 * owner, desk roles that create orders and dispatch roles; technicians and inspectors only on
 * their active work (or a hazard they reported and own). Reading an order is not enough (QA, a
 * technician looking at the grab pool). Pure.
 */
export function canAttach(actor: Pick<Actor, 'role' | 'userId' | 'permissions'>, order: { owner_id: string | null; assignee_id: string | null; state: string }): boolean {
  if (actor.role === 'resident') return true;
  if (order.owner_id === actor.userId) return true;
  if (seesAssignedWorkOnly(actor)) return order.assignee_id === actor.userId && ACTIVE_WORK_STATES.has(order.state);
  return hasPermission(actor, 'orders.create') || hasPermission(actor, 'orders.dispatch');
}

/** Photos and documents of an order, on disk under the attachments folder, served only to those who may see the order. */
export async function attachmentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  /** The order if the actor may read it; answers as reading the order does (403 out of scope, 404 absent). */
  async function canSee(actor: Actor, orderId: string) {
    const row = await orderQuery(db(), app.ctx.store.dialect, actor, {}).where('o.id', '=', orderId).executeTakeFirst();
    if (row) return row;
    const exists = await db().selectFrom('work_orders').select('id').where('id', '=', orderId).where('org_id', '=', actor.orgId).executeTakeFirst();
    if (exists) throw new AppError(403, 'auth.out_of_scope');
    throw notFound('what.order');
  }

  app.post('/api/orders/:id/attachments', { config: access('orders.read', 'assigned', { residents: true }), schema: { tags: ['orders'], summary: '上传照片或文件（JPEG/PNG/GIF/WebP/PDF，≤10 MB）Upload a photo or document', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'orders.read');
    const order = await canSee(a, req.params.id);
    if (!canAttach(a, order)) throw new AppError(403, 'attachments.not_your_order');
    if (!req.isMultipart()) throw new AppError(400, 'attachments.file_required');
    let saved: { id: string; filename: string; mime: string; size: number } | null = null;
    try {
      const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
      if (!part) throw new AppError(400, 'attachments.file_required');
      const buf = await part.toBuffer();
      const type = sniffType(buf);
      if (!type) throw new AppError(415, 'attachments.bad_type');
      const id = newId();
      const key = path.join(a.orgId, order.id, `${id}.${type.ext}`);
      const file = path.join(app.ctx.config.attachmentsDir, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, buf);
      const filename = safeFileName(part.filename, `photo.${type.ext}`);
      try {
        await db().insertInto('attachments').values({ id, org_id: a.orgId, order_id: order.id, event_id: null, filename, mime: type.mime, size: buf.length, storage_key: key, uploaded_by: a.userId, created_at: nowIso() }).execute();
      } catch (e) {
        fs.rmSync(file, { force: true });
        throw e;
      }
      saved = { id, filename, mime: type.mime, size: buf.length };
    } catch (e) {
      if (e instanceof AppError) throw e;
      if ((e as any)?.code === 'FST_REQ_FILE_TOO_LARGE' || (e as any)?.statusCode === 413) throw new AppError(413, 'attachments.too_large', { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 });
      if ((e as any)?.statusCode && (e as any).statusCode < 500) throw new AppError(400, 'attachments.file_required');
      throw e;
    }
    return reply.status(201).send({ ...saved, url: `/api/attachments/${saved.id}` });
  });

  app.get('/api/attachments/:id', { config: access('orders.read', 'assigned', { residents: true }), schema: { tags: ['orders'], summary: '下载附件 Download an attachment', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'orders.read');
    const att = await db().selectFrom('attachments').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!att) throw notFound('what.attachment');
    await canSee(a, att.order_id);
    const file = path.join(app.ctx.config.attachmentsDir, att.storage_key);
    if (!fs.existsSync(file)) throw notFound('what.attachment');
    return reply
      .type(att.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(att.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(fs.createReadStream(file));
  });
}
