/** The technician app's reads; its writes go through the offline queue (web/src/offline/queue.ts). */
import { apiClient, data, type ResponseOf } from '../../apiClient';
import type { Attachment, OrderDetail } from '../orders/api';

// Described by the server (web/src/generated/openapi.ts).
export type Material = ResponseOf<'/api/orders/{id}/materials'>['items'][number];

// GET /api/orders/{id} has no response schema on the server yet (the order is large and shared
// with the desk): the desk's OrderDetail plus what the field app reads of the photos.
export type FieldAttachment = Attachment & { phase?: string | null; signerName?: string | null };
export type FieldOrder = Omit<OrderDetail, 'attachments'> & { attachments: FieldAttachment[] };

const byId = (id: string) => ({ params: { path: { id } } });

export const fieldApi = {
  duty: () => data(apiClient.GET('/api/me/duty')),
  order: (id: string) => data<FieldOrder>(apiClient.GET('/api/orders/{id}', byId(id))),
  materials: (id: string) => data(apiClient.GET('/api/orders/{id}/materials', byId(id))),
};
