/** The technician app's reads; its writes go through the offline queue (web/src/offline/queue.ts). */
import { http } from '../../api';
import type { Attachment, OrderDetail } from '../orders/api';

export interface Material {
  id: string;
  name: string;
  quantity: number;
  unit: string | null;
  unitPriceFen: number | null;
  amountFen: number | null;
  addedByName: string | null;
  createdAt: string;
}

export type FieldAttachment = Attachment & { phase?: string | null; signerName?: string | null };
export type FieldOrder = Omit<OrderDetail, 'attachments'> & { attachments: FieldAttachment[] };

const enc = encodeURIComponent;

export const fieldApi = {
  duty: () => http.get<{ onDuty: boolean }>('/api/me/duty'),
  order: (id: string) => http.get<FieldOrder>(`/api/orders/${enc(id)}`),
  materials: (id: string) => http.get<{ items: Material[]; totalFen: number | null }>(`/api/orders/${enc(id)}/materials`),
};
