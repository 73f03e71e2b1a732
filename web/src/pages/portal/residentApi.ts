/** Client of the resident app's own endpoints: announcements feed and receipts, how to pay, bulletins. */
import { http } from '../../api';
import { apiClient, data, type ResponseOf } from '../../apiClient';

// The shapes are the server's (web/src/generated/openapi.ts), not restated here.
export type AnnouncementCategory = ResponseOf<'/api/announcements/feed/{id}'>['category'];
export const ANNOUNCEMENT_CATEGORIES: readonly AnnouncementCategory[] = ['notice', 'outage', 'event', 'tip'];
export type FeedItem = ResponseOf<'/api/announcements/feed'>['items'][number];
export type FeedDetail = ResponseOf<'/api/announcements/feed/{id}'>;
export type PaymentInfo = ResponseOf<'/api/portal/payment-info'>;
export type BulletinItem = ResponseOf<'/api/bulletins'>['items'][number];

const byId = (id: string) => ({ params: { path: { id } } });

export const residentApi = {
  feed: () => data(apiClient.GET('/api/announcements/feed')),
  feedItem: (id: string) => data(apiClient.GET('/api/announcements/feed/{id}', byId(id))),
  markRead: (id: string) => data(apiClient.POST('/api/announcements/feed/{id}/read', byId(id))),
  paymentInfo: () => data(apiClient.GET('/api/portal/payment-info')),
  bulletins: () => data(apiClient.GET('/api/bulletins')),
  /** The archived HTML of a published bulletin, shown in a sandboxed frame (HTML, not JSON: the plain transport). */
  bulletinHtml: async (id: string) => (await http.blob(`/api/bulletins/${encodeURIComponent(id)}`)).text(),
  bulletinUrl: (id: string) => `/api/bulletins/${encodeURIComponent(id)}`,
};
