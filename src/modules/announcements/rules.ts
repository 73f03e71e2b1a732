/** Pure rules of announcements (公告): status changes, the display window, feed order, read rate. */
import type { AnnouncementCategory, AnnouncementStatus } from './schema';

export const CATEGORIES: readonly AnnouncementCategory[] = ['notice', 'outage', 'event', 'tip'];
export const STATUSES: readonly AnnouncementStatus[] = ['draft', 'published', 'withdrawn'];
export type AnnouncementAction = 'publish' | 'withdraw';

/**
 * draft → published → withdrawn; a withdrawn one may be published again (a withdrawal by mistake
 * should not force retyping it, and its receipts stay meaningful). Null: not allowed from here.
 */
export function nextStatus(from: AnnouncementStatus, action: AnnouncementAction): AnnouncementStatus | null {
  if (action === 'publish') return from === 'draft' || from === 'withdrawn' ? 'published' : null;
  return from === 'published' ? 'withdrawn' : null;
}

/** Withdrawn announcements are history: edits would change what residents were told. */
export function editable(status: AnnouncementStatus): boolean {
  return status !== 'withdrawn';
}

export interface Window {
  publishFrom: string | null;
  publishUntil: string | null;
}

/** The window must end after it starts. */
export function windowValid(w: Window): boolean {
  if (!w.publishFrom || !w.publishUntil) return true;
  return Date.parse(w.publishUntil) > Date.parse(w.publishFrom);
}

/** Where an announcement stands against its window at `now`: not yet shown, shown, or past. */
export function windowState(w: Window, now: string): 'scheduled' | 'live' | 'expired' {
  const t = Date.parse(now);
  if (w.publishFrom && Date.parse(w.publishFrom) > t) return 'scheduled';
  if (w.publishUntil && Date.parse(w.publishUntil) <= t) return 'expired';
  return 'live';
}

/** Residents see only published announcements inside their window. */
export function visibleToResidents(a: Window & { status: AnnouncementStatus }, now: string): boolean {
  return a.status === 'published' && windowState(a, now) === 'live';
}

/** Publishing one whose window has already ended reaches nobody: refused rather than silently hidden. */
export function publishable(w: Window, now: string): boolean {
  return windowState(w, now) !== 'expired';
}

export interface FeedItem {
  pinned: boolean;
  publishFrom: string | null;
  publishedAt: string | null;
  id: string;
}

/** Pinned first, then the newest (by the time residents could first see it); id breaks ties stably. */
export function compareFeed(a: FeedItem, b: FeedItem): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  const ta = a.publishFrom ?? a.publishedAt ?? '';
  const tb = b.publishFrom ?? b.publishedAt ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Share of target households that read it, in whole percent; null when there is nobody to reach. */
export function readPercent(read: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.min(100, Math.round((read * 100) / total));
}
