/** Client of the resident app's own endpoints: announcements feed and receipts, how to pay, bulletins. */
import { http } from '../../api';

export type AnnouncementCategory = 'notice' | 'outage' | 'event' | 'tip';
export const ANNOUNCEMENT_CATEGORIES: readonly AnnouncementCategory[] = ['notice', 'outage', 'event', 'tip'];

export interface FeedItem {
  id: string;
  projectId: string | null;
  projectName: string | null;
  title: string;
  category: AnnouncementCategory;
  pinned: boolean;
  publishFrom: string | null;
  publishUntil: string | null;
  publishedAt: string | null;
  excerpt: string;
  /** First time this account opened it; null = unread. */
  readAt: string | null;
}

export interface FeedDetail extends FeedItem {
  body: string;
  format: 'text' | 'markdown';
}

export interface PaymentInfo {
  counter: string | null;
  bankTransfer: string | null;
}

export interface BulletinItem {
  id: string;
  projectId: string;
  projectName: string | null;
  period: string;
  lang: string;
  publishedAt: string | null;
}

const q = encodeURIComponent;

export const residentApi = {
  feed: () => http.get<{ items: FeedItem[]; unread: number }>('/api/announcements/feed'),
  feedItem: (id: string) => http.get<FeedDetail>(`/api/announcements/feed/${q(id)}`),
  markRead: (id: string) => http.post<{ readAt: string | null }>(`/api/announcements/feed/${q(id)}/read`),
  paymentInfo: () => http.get<PaymentInfo>('/api/portal/payment-info'),
  bulletins: () => http.get<{ items: BulletinItem[] }>('/api/bulletins'),
  /** The archived HTML of a published bulletin, shown in a sandboxed frame. */
  bulletinHtml: async (id: string) => (await http.blob(`/api/bulletins/${q(id)}`)).text(),
  bulletinUrl: (id: string) => `/api/bulletins/${q(id)}`,
};
