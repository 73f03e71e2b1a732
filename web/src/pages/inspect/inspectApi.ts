/** The inspector app's API client: the route of the day, checkpoints by QR or typed code, rounds and checks, hazard photos. */
import { http } from '../../api';
import { apiClient, data, type BodyOf, type ResponseOf } from '../../apiClient';
import type { Checklist, InspectionTask } from '../../opsApi';

// The shapes the server describes (web/src/generated/openapi.ts), not restated here.
export type Day = ResponseOf<'/api/inspections/today'>;
export type DayTask = Day['tasks'][number];
export type DayPoint = DayTask['checkpoints'][number];
export type TaskPhase = DayTask['phase'];
export type FoundCheckpoint = ResponseOf<'/api/inspections/checkpoints/lookup'>['items'][number];
export type CheckBody = BodyOf<'/api/inspections/results', 'post'>;

// Answers the server does not describe yet (the checkpoint routes are being split): what this app reads of them.
export interface ScannedCheckpoint {
  id: string;
  projectId: string;
  code: string;
  name: string;
  location: string | null;
  kind: 'patrol' | 'fire' | 'equipment' | 'safety';
  checklist: Checklist | null;
  openTasks: { id: string; title: string; plannedStart: string; status: string }[];
}
type Recorded = { id: string; outcome: 'normal' | 'abnormal'; hazardOrderId: string | null; hazardNumber: string | null };

const byId = (id: string) => ({ path: { id } });

export const inspectApi = {
  today: () => data(apiClient.GET('/api/inspections/today')),
  lookup: (code: string) => data(apiClient.GET('/api/inspections/checkpoints/lookup', { params: { query: { code } } })),
  byQr: (token: string) => data<ScannedCheckpoint>(apiClient.GET('/api/inspections/checkpoints/by-qr/{token}', { params: { path: { token } } })),
  start: (taskId: string) => data<InspectionTask>(apiClient.POST('/api/inspections/tasks/{id}/start', { params: byId(taskId) })),
  complete: (taskId: string) => data<InspectionTask>(apiClient.POST('/api/inspections/tasks/{id}/complete', { params: byId(taskId), body: { note: null } })),
  recordOnTask: (taskId: string, body: BodyOf<'/api/inspections/tasks/{id}/results', 'post'>) =>
    data<Recorded>(apiClient.POST('/api/inspections/tasks/{id}/results', { params: byId(taskId), body })),
  recordAdHoc: (body: CheckBody) => data<Recorded>(apiClient.POST('/api/inspections/results', { body })),
  /** A photo of the hazard (multipart, which the document does not describe: the plain transport). */
  photo: (orderId: string, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name || 'photo.jpg');
    return http.post<{ id: string }>(`/api/orders/${encodeURIComponent(orderId)}/attachments`, fd);
  },
};
