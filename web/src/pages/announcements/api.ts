/** Client of the staff side of announcements (公告): list, edit, publish, withdraw, who read. */
import { apiClient, data, type BodyOf, type QueryOf, type ResponseOf } from '../../apiClient';

// The shapes are the server's (web/src/generated/openapi.ts), not restated here.
export type Announcement = ResponseOf<'/api/announcements/{id}'>;
export type AnnouncementStatus = Announcement['status'];
export type AnnouncementInput = BodyOf<'/api/announcements', 'post'>;
export type AnnouncementPatch = BodyOf<'/api/announcements/{id}', 'patch'>;
export type Reader = ResponseOf<'/api/announcements/{id}/reads'>['items'][number];

const byId = (id: string) => ({ path: { id } });

export const announcementsApi = {
  list: (query: QueryOf<'/api/announcements'>) => data(apiClient.GET('/api/announcements', { params: { query } })),
  get: (id: string) => data(apiClient.GET('/api/announcements/{id}', { params: byId(id) })),
  create: (body: AnnouncementInput) => data(apiClient.POST('/api/announcements', { body })),
  update: (id: string, body: AnnouncementPatch) => data(apiClient.PATCH('/api/announcements/{id}', { params: byId(id), body })),
  publish: (id: string) => data(apiClient.POST('/api/announcements/{id}/publish', { params: byId(id) })),
  withdraw: (id: string) => data(apiClient.POST('/api/announcements/{id}/withdraw', { params: byId(id) })),
  reads: (id: string, page = 1) => data(apiClient.GET('/api/announcements/{id}/reads', { params: { ...byId(id), query: { page, pageSize: 50 } } })),
};
