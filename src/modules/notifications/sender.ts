import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { claimDue, markFailed, markSent, type ClaimedMessage } from './outbox';

/** Delivers one message; must be idempotent on `dedupe_key` (a lease can expire after a send). */
export type Sender = (m: ClaimedMessage) => Promise<void>;

export function logSender(log: Pick<FastifyBaseLogger, 'info'>): Sender {
  return async (m) => {
    log.info({ notification: { topic: m.topic, key: m.dedupe_key, recipient: m.recipient_id } }, 'notification');
  };
}

/** POSTs the message as JSON with an Idempotency-Key header so the receiver can drop repeats. */
export function webhookSender(url: string, timeoutMs = 5_000): Sender {
  return async (m) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': m.dedupe_key },
      body: JSON.stringify({ id: m.id, topic: m.topic, key: m.dedupe_key, recipientId: m.recipient_id, payload: JSON.parse(m.payload_json) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  };
}

export function senderFromEnv(log: FastifyBaseLogger): Sender {
  const url = process.env.SHOUWEN_WEBHOOK_URL;
  return url ? webhookSender(url) : logSender(log);
}

/** One pass: claim what is due and deliver it. Returns how many were sent. */
export async function deliverDue(ctx: AppContext, send: Sender, limit = 50): Promise<number> {
  const batch = await claimDue(ctx.store.db, ctx.store.dialect, limit, 60_000);
  let sent = 0;
  for (const m of batch) {
    try {
      await send(m);
      await markSent(ctx.store.db, m.id);
      sent++;
    } catch (e) {
      await markFailed(ctx.store.db, m.id, m.attempts, String((e as Error).message ?? e));
    }
  }
  return sent;
}

/** Background delivery loop for the server. */
export function startOutboxDelivery(ctx: AppContext, log: FastifyBaseLogger, intervalMs = Number(process.env.SHOUWEN_OUTBOX_MS || 2_000)): () => Promise<void> {
  const send = senderFromEnv(log);
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = deliverDue(ctx, send).catch((e) => log.warn({ err: { message: (e as Error).message } }, 'outbox delivery failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
