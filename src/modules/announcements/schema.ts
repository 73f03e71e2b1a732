/**
 * Announcements (公告) from the service centre to residents, and their read receipts. Instants are
 * ISO-8601 UTC text; `project_id` null means every project of the organisation.
 */

export type AnnouncementStatus = 'draft' | 'published' | 'withdrawn';
export type AnnouncementCategory = 'notice' | 'outage' | 'event' | 'tip';
export type AnnouncementFormat = 'text' | 'markdown';

export interface AnnouncementTable {
  id: string;
  org_id: string;
  project_id: string | null;
  title: string;
  body: string;
  format: AnnouncementFormat;
  category: AnnouncementCategory;
  /** 0 / 1 (SQLite has no boolean). */
  pinned: number;
  /** Shown to residents from / until these instants; null = from publication / without end. */
  publish_from: string | null;
  publish_until: string | null;
  status: AnnouncementStatus;
  author_id: string;
  published_at: string | null;
  withdrawn_at: string | null;
  /** Optimistic concurrency: an edit names the version it read. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** One row per resident account and announcement: the first time they opened it. */
export interface AnnouncementReadTable {
  announcement_id: string;
  user_id: string;
  org_id: string;
  party_id: string | null;
  first_read_at: string;
}

export interface AnnouncementTables {
  announcements: AnnouncementTable;
  announcement_reads: AnnouncementReadTable;
}
