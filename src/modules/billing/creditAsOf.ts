/**
 * When did credit (预存款) exist? A bill run made after its period pays the new bills from the
 * account's credit balance. Dating that settlement on the run day made a household that had
 * prepaid before the period look in arrears at the period's cut-off — and a late-fee assessment
 * then charged it. A credit settlement is effective from when both the money and the bill
 * existed: the later of the day the credit was paid in and the bill's start (its cover start, or
 * the issue day for a bill issued ahead of its period). The row's created_at still records when it
 * was booked, so the ledger answers both "as of" and "as recorded".
 *
 * The balance is a single number; its age is rebuilt from the payments that put money into
 * credit. Credit is spent first-in first-out, so what remains is the newest: walk the credited
 * payments newest first until the balance is covered. Credit of no known origin (none of the
 * payments explain it) is treated as the newest and dated on the issue day, as before.
 */
import type { Db } from './store';

export interface CreditLayer {
  /** Day the money became credit; null when no payment explains it. */
  date: string | null;
  fen: number;
}

/** The account's current credit as layers, oldest first. */
export async function creditLayers(db: Db, accountId: string, creditFen: number): Promise<CreditLayer[]> {
  if (creditFen <= 0) return [];
  const rows = await db
    .selectFrom('payments')
    .select(['paid_on', 'credited_fen'])
    .where('account_id', '=', accountId)
    .where('credited_fen', '>', 0)
    .where('status', '=', 'valid')
    .orderBy('paid_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const layers: CreditLayer[] = [];
  let rest = creditFen;
  for (const r of rows) {
    if (rest <= 0) break;
    const take = Math.min(Number(r.credited_fen), rest);
    layers.unshift({ date: r.paid_on, fen: take });
    rest -= take;
  }
  if (rest > 0) layers.push({ date: null, fen: rest });
  return layers;
}

/**
 * Splits allocations of credit to bills (made oldest bill first) over the credit layers (oldest
 * first) and dates each part: max(layer date, min(bill cover start, issue day)).
 */
export function datedCreditSettlements(
  layers: readonly CreditLayer[],
  allocations: readonly { billId: string; fen: number }[],
  bills: ReadonlyMap<string, { cover_start: string; issued_on: string }>,
): { billId: string; source: 'credit'; sourceId: string; date: string; fen: number }[] {
  const out: { billId: string; source: 'credit'; sourceId: string; date: string; fen: number }[] = [];
  const pool = layers.map((l) => ({ ...l }));
  let i = 0;
  for (const a of allocations) {
    const bill = bills.get(a.billId)!;
    const start = bill.cover_start < bill.issued_on ? bill.cover_start : bill.issued_on;
    let need = a.fen;
    while (need > 0) {
      const layer = pool[i];
      // More allocated than the layers explain cannot happen (allocations come from the balance);
      // be safe and date any excess on the issue day.
      const date = layer ? (layer.date === null ? bill.issued_on : layer.date > start ? layer.date : start) : bill.issued_on;
      const take = layer ? Math.min(layer.fen, need) : need;
      const last = out[out.length - 1];
      if (last && last.billId === a.billId && last.date === date) last.fen += take;
      else out.push({ billId: a.billId, source: 'credit', sourceId: 'credit', date, fen: take });
      need -= take;
      if (layer) {
        layer.fen -= take;
        if (layer.fen === 0) i++;
      }
    }
  }
  return out;
}
