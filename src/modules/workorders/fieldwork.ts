/**
 * The technician's phone app (issue 11): duty state read back from the server, the work steps
 * with an idempotency key, before/after photos, materials used and the customer's signature.
 *
 * A phone on a flaky connection retries: every write carries a key chosen by the client, claimed
 * in the same transaction as the change, so a replay after a lost response answers with the first
 * result and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { addMessages } from '../../core/i18n';
import { newId, nowIso } from '../../db/ids';
import type { DB } from '../../db/schema';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { performAction } from './actions';
import { canAttach, MAX_ATTACHMENT_BYTES, sniffType } from './attachments';
import { publishBoard } from './board';
import { HOLD_REASONS } from './lifecycle';
import { orderOutFor, type OrderRow, visibleOrder as scopedOrder } from './queries';
import { transitionInTx } from './service';
import { FIELDWORK_MESSAGES } from './fieldworkMessages';

addMessages(FIELDWORK_MESSAGES);

export const FIELD_STEPS = ['accept', 'start', 'hold', 'resume', 'complete'] as const;
export type FieldStep = (typeof FIELD_STEPS)[number];
export const PHOTO_PHASES = ['before', 'after', 'other'] as const;

/** A client-chosen key (a UUID or similar); the same key is one action however often it is sent. */
const keyField = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const idStr = z.string().min(1).max(40);

const stepBody = z.object({
  key: keyField.optional(),
  expectedVersion: z.number().int().min(0).optional(),
  note: z.string().trim().max(2000).optional(),
  holdReason: z.enum(HOLD_REASONS as unknown as [string, ...string[]]).optional(),
  reason: z.string().trim().max(500).optional(),
  /** The customer's sign-off on completion: a PNG data URL (≤ 512 KB) and the signer's name. */
  signature: z.object({ dataUrl: z.string().max(700_000), signerName: z.string().trim().min(1).max(40) }).optional(),
});

const materialBody = z.object({
  key: keyField.optional(),
  name: z.string().trim().min(1).max(60),
  quantity: z.number().positive().max(100_000),
  unit: z.string().trim().max(10).optional(),
  unitPriceFen: z.number().int().min(0).max(100_000_000).optional(),
});

/** The PNG in a `data:image/png;base64,...` URL, or an error a person can act on. */
export function decodeSignature(dataUrl: string): Buffer {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  const buf = m ? Buffer.from(m[1], 'base64') : null;
  if (!buf || buf.length < 67 || sniffType(buf)?.mime !== 'image/png') throw new AppError(400, 'fieldwork.bad_signature');
  return buf;
}

export async function fieldworkRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;
  const tags = ['fieldwork'];

  /** The order as the actor may see it (queries.ts: 403 out of scope, 404 absent). */
  const visibleOrder = (actor: Actor, id: string): Promise<OrderRow> => scopedOrder(db(), ctx().store.dialect, actor, id);

  /** Writes on an order are for whoever may attach to it: the technician only on their own active work. */
  async function workableOrder(actor: Actor, id: string): Promise<OrderRow> {
    const row = await visibleOrder(actor, id);
    if (!canAttach(actor, row)) throw new AppError(403, 'fieldwork.not_your_work');
    return row;
  }

  /**
   * Run `work` once per key. `claim` must be called inside the change's transaction: it records the
   * key, so the key and the change commit together; a second request with the key (a replay, or a
   * racing duplicate that lost on the primary key) answers with the stored result.
   */
  async function once<T>(a: Actor, key: string | undefined, orderId: string, action: string, reply: FastifyReply, work: (claim: (trx: Transaction<DB>) => Promise<void>) => Promise<T>): Promise<T> {
    const claim = async (trx: Transaction<DB>) => {
      if (key) await trx.insertInto('fieldwork_requests').values({ user_id: a.userId, key, org_id: a.orgId, order_id: orderId, action, response_json: null, created_at: nowIso() }).execute();
    };
    if (key) {
      const seen = await replay(a, key, orderId, action, reply);
      if (seen !== undefined) return seen as T;
    }
    let out: T;
    try {
      out = await work(claim);
    } catch (e) {
      const seen = key ? await replay(a, key, orderId, action, reply) : undefined;
      if (seen !== undefined) return seen as T;
      throw e;
    }
    if (key) await db().updateTable('fieldwork_requests').set({ response_json: JSON.stringify(out) }).where('user_id', '=', a.userId).where('key', '=', key).execute();
    return out;
  }

  async function replay(a: Actor, key: string, orderId: string, action: string, reply: FastifyReply): Promise<unknown> {
    const r = await db().selectFrom('fieldwork_requests').selectAll().where('user_id', '=', a.userId).where('key', '=', key).executeTakeFirst();
    if (!r) return undefined;
    if (r.order_id !== orderId || r.action !== action) throw new AppError(409, 'fieldwork.key_reused');
    reply.header('idempotent-replay', 'true');
    // Committed but the result not yet written (the first request is finishing): the order as it is now.
    return r.response_json ? JSON.parse(r.response_json) : orderOutFor(a, await visibleOrder(a, orderId));
  }

  // ---------- duty ----------
  app.get('/api/me/duty', { config: access('orders.work', 'self'), schema: { tags, summary: '我的在岗状态 My duty state', response: { 200: z.object({ onDuty: z.boolean() }) } } }, async (req) => {
    const a = authorize(req.actor, 'orders.work');
    const u = await db().selectFrom('users').select('on_duty').where('id', '=', a.userId).executeTakeFirst();
    return { onDuty: !!u?.on_duty };
  });

  // ---------- work steps ----------
  app.post(
    '/api/fieldwork/orders/:id/steps/:step',
    { config: access('orders.work', 'assigned'), schema: { tags, summary: '师傅操作：接单、开始处理、挂起、恢复、完工（可带客户签字）Technician step, idempotent', params: z.object({ id: idStr, step: z.enum(FIELD_STEPS) }), body: stepBody } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.work');
      const { id, step } = req.params;
      const b = req.body;
      return once(a, b.key, id, step, reply, async (claim) => {
        const row = await visibleOrder(a, id);
        const base = { expectedVersion: b.expectedVersion, note: b.note };
        if (step === 'start') await startWork(a, row, base, claim);
        else if (step === 'complete') await complete(a, row, b, claim);
        else {
          const action = step === 'accept' ? 'accept' : step === 'hold' ? 'hold' : 'resume';
          await performAction(ctx(), a, id, action, { ...base, holdReason: b.holdReason, reason: b.reason }, {}, { check: claim });
        }
        return orderOutFor(a, await visibleOrder(a, id));
      });
    },
  );

  /** 开始处理: from accepted the technician arrives and starts in one step (one tap on the phone). */
  async function startWork(a: Actor, row: OrderRow, input: { expectedVersion?: number; note?: string }, claim: (trx: Transaction<DB>) => Promise<void>) {
    const out = await db().transaction().execute(async (trx) => {
      await claim(trx);
      let first = input.expectedVersion;
      if (row.state === 'accepted') {
        await transitionInTx(ctx(), trx, a, row.id, 'arrive', { at: nowIso(), expectedVersion: first });
        first = undefined;
      }
      return transitionInTx(ctx(), trx, a, row.id, 'start_work', { at: nowIso(), expectedVersion: first, note: input.note });
    });
    publishBoard(ctx(), { type: 'order', orgId: a.orgId, projectId: out.order.project_id, orderId: row.id, action: 'start_work', version: out.order.version, state: out.order.state, assigneeId: out.order.assignee_id, actorId: a.userId, actorName: a.displayName });
  }

  /** 完工, with the customer's signature stored as an attachment in the same transaction. */
  async function complete(a: Actor, row: OrderRow, b: z.infer<typeof stepBody>, claim: (trx: Transaction<DB>) => Promise<void>) {
    const png = b.signature ? decodeSignature(b.signature.dataUrl) : null;
    const attId = newId();
    const key = path.join(a.orgId, row.id, `${attId}.png`);
    const file = path.join(ctx().config.attachmentsDir, key);
    if (png) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, png);
    }
    const check = async (trx: Transaction<DB>) => {
      await claim(trx);
      if (!png || !b.signature) return undefined;
      await trx.insertInto('attachments').values({ id: attId, org_id: a.orgId, order_id: row.id, event_id: null, filename: `签字-${row.number}.png`, mime: 'image/png', size: png.length, storage_key: key, uploaded_by: a.userId, created_at: nowIso(), phase: 'signature', caption: b.signature.signerName }).execute();
      return { signature: { attachmentId: attId, signerName: b.signature.signerName } };
    };
    try {
      await performAction(ctx(), a, row.id, 'complete', { expectedVersion: b.expectedVersion, note: b.note }, {}, { check });
    } catch (e) {
      if (png) fs.rmSync(file, { force: true });
      throw e;
    }
  }

  // ---------- photos ----------
  app.post(
    '/api/fieldwork/orders/:id/photos',
    { config: access('orders.work', 'assigned'), schema: { tags, summary: '上传施工前/后照片 Upload a before/after photo, idempotent', params: z.object({ id: idStr }), querystring: z.object({ phase: z.enum(PHOTO_PHASES), key: keyField.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.work');
      const { phase, key } = req.query;
      if (!req.isMultipart()) throw new AppError(400, 'attachments.file_required');
      let buf: Buffer;
      let name = '';
      try {
        const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
        if (!part) throw new AppError(400, 'attachments.file_required');
        buf = await part.toBuffer();
        name = part.filename;
      } catch (e) {
        if (e instanceof AppError) throw e;
        if ((e as any)?.code === 'FST_REQ_FILE_TOO_LARGE' || (e as any)?.statusCode === 413) throw new AppError(413, 'attachments.too_large', { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 });
        throw new AppError(400, 'attachments.file_required');
      }
      const res = await once(a, key, req.params.id, `photo:${phase}`, reply, async (claim) => {
        const order = await workableOrder(a, req.params.id);
        const type = sniffType(buf);
        if (!type || !type.mime.startsWith('image/')) throw new AppError(415, 'fieldwork.photo_type');
        const id = newId();
        const storage = path.join(a.orgId, order.id, `${id}.${type.ext}`);
        const file = path.join(ctx().config.attachmentsDir, storage);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, buf);
        const filename = `${phase === 'before' ? '施工前' : phase === 'after' ? '施工后' : '照片'}-${order.number}.${type.ext}`;
        try {
          await db().transaction().execute(async (trx) => {
            await claim(trx);
            await trx.insertInto('attachments').values({ id, org_id: a.orgId, order_id: order.id, event_id: null, filename, mime: type.mime, size: buf.length, storage_key: storage, uploaded_by: a.userId, created_at: nowIso(), phase, caption: name ? name.slice(0, 80) : null }).execute();
          });
        } catch (e) {
          fs.rmSync(file, { force: true });
          throw e;
        }
        return { id, filename, mime: type.mime, size: buf.length, phase, url: `/api/attachments/${id}` };
      });
      return reply.status(201).send(res);
    },
  );

  // ---------- materials ----------
  const materialOut = (m: { id: string; name: string; quantity: number; unit: string | null; unit_price_fen: number | null; added_by: string; created_at: string; added_by_name?: string | null }) => ({
    id: m.id,
    name: m.name,
    quantity: Number(m.quantity),
    unit: m.unit,
    unitPriceFen: m.unit_price_fen,
    // Rounded to the fen: quantities may be fractional (1.5 m).
    amountFen: m.unit_price_fen === null ? null : Math.round(Number(m.quantity) * m.unit_price_fen),
    addedBy: m.added_by,
    addedByName: m.added_by_name ?? null,
    createdAt: m.created_at,
  });

  // For the OpenAPI document (the web types); fastify serialises with it, so it lists every field of materialOut.
  const materialsOut = z.object({
    items: z.array(
      z.object({ id: z.string(), name: z.string(), quantity: z.number(), unit: z.string().nullable(), unitPriceFen: z.number().nullable(), amountFen: z.number().nullable(), addedBy: z.string(), addedByName: z.string().nullable(), createdAt: z.string() }),
    ),
    totalFen: z.number().nullable(),
  });

  async function listMaterials(orderId: string) {
    const rows = await db()
      .selectFrom('work_order_materials as m')
      .leftJoin('users as u', 'u.id', 'm.added_by')
      .select(['m.id', 'm.name', 'm.quantity', 'm.unit', 'm.unit_price_fen', 'm.added_by', 'm.created_at', 'u.display_name as added_by_name'])
      .where('m.order_id', '=', orderId)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute();
    return rows.map(materialOut);
  }

  app.get('/api/orders/:id/materials', { config: access('orders.read', 'assigned'), schema: { tags, summary: '工单所用材料 Materials used on an order', params: z.object({ id: idStr }), response: { 200: materialsOut } } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    const row = await visibleOrder(a, req.params.id);
    const items = await listMaterials(row.id);
    const priced = items.filter((m) => m.amountFen !== null);
    return { items, totalFen: priced.length ? priced.reduce((s, m) => s + (m.amountFen ?? 0), 0) : null };
  });

  app.post(
    '/api/orders/:id/materials',
    { config: access('orders.work', 'assigned'), schema: { tags, summary: '登记所用材料 Add a material, idempotent', params: z.object({ id: idStr }), body: materialBody } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.work');
      const b = req.body;
      const out = await once(a, b.key, req.params.id, 'material', reply, async (claim) => {
        const row = await workableOrder(a, req.params.id);
        const m = { id: newId(), org_id: a.orgId, order_id: row.id, name: b.name, quantity: b.quantity, unit: b.unit || null, unit_price_fen: b.unitPriceFen ?? null, added_by: a.userId, created_at: nowIso() };
        await db().transaction().execute(async (trx) => {
          await claim(trx);
          await trx.insertInto('work_order_materials').values(m).execute();
        });
        return materialOut({ ...m, added_by_name: a.displayName });
      });
      return reply.status(201).send(out);
    },
  );

  app.delete(
    '/api/orders/:id/materials/:materialId',
    { config: access('orders.work', 'assigned'), schema: { tags, summary: '删除材料 Remove a material', params: z.object({ id: idStr, materialId: idStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.work');
      const row = await workableOrder(a, req.params.id);
      // Deleting twice (a replayed queue item) is not an error: the material is gone either way.
      await db().deleteFrom('work_order_materials').where('id', '=', req.params.materialId).where('order_id', '=', row.id).execute();
      return reply.status(204).send();
    },
  );
}
