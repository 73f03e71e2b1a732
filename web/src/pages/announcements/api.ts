/** Client of the staff side of announcements (公告): list, edit, publish, withdraw, who read. */
import { http, type Page } from '../../api';
import type { AnnouncementCategory } from '../portal/residentApi';

export type AnnouncementStatus = 'draft' | 'published' | 'withdrawn';

export interface Announcement {
  id: string;
  projectId: string | null;
  projectName: string | null;
  title: string;
  body: string;
  format: 'text' | 'markdown';
  category: AnnouncementCategory;
  pinned: boolean;
  publishFrom: string | null;
  publishUntil: string | null;
  status: AnnouncementStatus;
  windowState: 'scheduled' | 'live' | 'expired';
  authorName: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
  version: number;
  updatedAt: string;
  /** Resident accounts that opened it. */
  readers: number;
  /** Households (units with a current occupant) that read it, of those it reaches. */
  householdsRead: number;
  householdsTotal: number;
  readPercent: number | null;
}

export interface AnnouncementInput {
  projectId: string | null;
  title: string;
  body: string;
  format: 'text' | 'markdown';
  category: AnnouncementCategory;
  pinned: boolean;
  publishFrom: string | null;
  publishUntil: string | null;
}

export interface Reader {
  userId: string;
  name: string;
  units: string[];
  firstReadAt: string;
}

const q = encodeURIComponent;

export const announcementsApi = {
  list: (query: { status?: AnnouncementStatus; q?: string; page?: number; pageSize?: number }) => http.get<Page<Announcement>>('/api/announcements', query),
  get: (id: string) => http.get<Announcement>(`/api/announcements/${q(id)}`),
  create: (body: AnnouncementInput) => http.post<Announcement>('/api/announcements', body),
  update: (id: string, body: Partial<AnnouncementInput> & { version: number }) => http.patch<Announcement>(`/api/announcements/${q(id)}`, body),
  publish: (id: string) => http.post<Announcement>(`/api/announcements/${q(id)}/publish`),
  withdraw: (id: string) => http.post<Announcement>(`/api/announcements/${q(id)}/withdraw`),
  reads: (id: string, page = 1) => http.get<Page<Reader>>(`/api/announcements/${q(id)}/reads`, { page, pageSize: 50 }),
};
