/**
 * How much of a customer's personal data a member of staff sees on a work order. Pure: the one
 * rule, used by every order response and tested without a database.
 *
 * Technicians and inspectors see the customer's phone only while they are doing the work — the
 * order is assigned to them and in an active state. On their other orders (closed, waiting for
 * the return visit, an inspector's own reported hazard) the phone is masked (138****5678); on orders that are not
 * theirs at all (the grab pool, the hazard register) there is no phone and no name, only what is
 * needed to decide: kind, category, place. Everyone else sees the order as it is.
 */
import { seesAssignedWorkOnly, type Actor } from '../auth/permissions';

export type OrderVisibility = 'full' | 'masked' | 'minimal';

/** States in which the assignee is at work on the order (repair, complaint, enquiry, hazard). */
export const ACTIVE_WORK_STATES: ReadonlySet<string> = new Set(['dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold', 'assigned', 'rectifying']);

export function orderVisibility(
  actor: Pick<Actor, 'role' | 'userId'>,
  order: { assigneeId: string | null; ownerId?: string | null; state: string },
): OrderVisibility {
  if (!seesAssignedWorkOnly(actor)) return 'full';
  if (order.assigneeId === actor.userId) return ACTIVE_WORK_STATES.has(order.state) ? 'full' : 'masked';
  if (order.ownerId && order.ownerId === actor.userId) return 'masked';
  return 'minimal';
}

/**
 * Mobile numbers (optionally +86), landlines with an area code, and bare runs of 7 or more
 * digits; separators inside a number (space, hyphen) are allowed. Not preceded or followed by
 * another digit (longer numbers are taken whole) nor preceded by a letter (order numbers such as
 * BX202611240001 stay readable).
 */
const PHONE_RE = /(?<![\dA-Za-z])(?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}[\s-]?\d{7,8}|\d{7,})(?!\d)/g;

/** One number masked: the last four digits kept, and the first three when it has 11 or more (138****5678, 021-****5678). */
function maskNumber(s: string): string {
  const total = (s.match(/\d/g) ?? []).length;
  // A leading +86 country code is kept too: +86 138 **** 5678.
  const country = total >= 13 && /^\+?86/.test(s) ? 2 : 0;
  const keepHead = total >= 11 ? country + 3 : 0;
  let seen = 0;
  return s.replace(/\d/g, (d) => {
    seen += 1;
    return seen <= keepHead || seen > total - 4 ? d : '*';
  });
}

/** Every phone number in a text masked; other text unchanged. */
export function maskPhones(text: string): string;
export function maskPhones(text: string | null): string | null;
export function maskPhones(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(PHONE_RE, maskNumber);
}

interface RedactableOrder {
  title: string;
  description: string | null;
  location: string | null;
  partyName: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

/** An order response as the visibility allows (a copy; the input is not changed). */
export function redactOrder<T extends RedactableOrder>(o: T, v: OrderVisibility): T {
  if (v === 'full') return o;
  const out: T = { ...o, title: maskPhones(o.title), description: maskPhones(o.description), location: maskPhones(o.location) };
  if (v === 'masked') return { ...out, contactPhone: maskPhones(o.contactPhone) };
  return { ...out, partyName: null, contactName: null, contactPhone: null };
}

/** The party's phone numbers on an order: shown, masked, or none, by the same rule. */
export function redactPhones(phones: readonly string[], v: OrderVisibility): string[] {
  if (v === 'full') return [...phones];
  if (v === 'masked') return phones.map((p) => maskPhones(p));
  return [];
}

/** Free text on an order (event notes, visit comments) as the visibility allows. */
export function redactText(text: string | null, v: OrderVisibility): string | null {
  return v === 'full' ? text : maskPhones(text);
}
