/** The inspector app's API client: the route of the day, checkpoints by QR or typed code, rounds and checks, hazard photos. */
import { http } from '../../api';
import type { Checklist, HazardInput, InspectionTask } from '../../opsApi';

const q = encodeURIComponent;

export type TaskPhase = 'upcoming' | 'open' | 'in_progress' | 'completed' | 'missed';

export interface DayPoint {
  seq: number;
  id: string;
  code: string;
  name: string;
  location: string | null;
  visited: boolean;
  outcome: 'normal' | 'abnormal' | null;
  missed: boolean;
  qrPayload: string;
}

export interface DayTask {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  kind: string;
  plannedStart: string;
  plannedEnd: string;
  missedAfter: string;
  assigneeId: string | null;
  assigneeName: string | null;
  status: InspectionTask['status'];
  phase: TaskPhase;
  checkpointCount: number;
  checkedCount: number;
  abnormalCount: number;
  missedCheckpointCount: number;
  checkpoints: DayPoint[];
}

export interface Day {
  date: string;
  now: string;
  summary: { tasks: number; completed: number; missed: number; checkpoints: number; checked: number; missedCheckpoints: number };
  tasks: DayTask[];
}

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

export interface FoundCheckpoint {
  id: string;
  projectId: string;
  projectName: string;
  code: string;
  name: string;
  location: string | null;
  qrPayload: string;
}

type Recorded = { id: string; outcome: 'normal' | 'abnormal'; hazardOrderId: string | null; hazardNumber: string | null };
export interface CheckBody {
  checkpointId?: string;
  qrToken?: string;
  answers: { code: string; value: boolean | number | string }[];
  note?: string | null;
  hazard?: HazardInput;
}

export const inspectApi = {
  today: () => http.get<Day>('/api/inspections/today'),
  lookup: (code: string) => http.get<{ items: FoundCheckpoint[] }>('/api/inspections/checkpoints/lookup', { code }),
  byQr: (token: string) => http.get<ScannedCheckpoint>(`/api/inspections/checkpoints/by-qr/${q(token)}`),
  start: (taskId: string) => http.post<InspectionTask>(`/api/inspections/tasks/${q(taskId)}/start`),
  complete: (taskId: string) => http.post<InspectionTask>(`/api/inspections/tasks/${q(taskId)}/complete`, { note: null }),
  recordOnTask: (taskId: string, body: CheckBody) => http.post<Recorded>(`/api/inspections/tasks/${q(taskId)}/results`, body),
  recordAdHoc: (body: CheckBody) => http.post<Recorded>('/api/inspections/results', body),
  photo: (orderId: string, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name || 'photo.jpg');
    return http.post<{ id: string }>(`/api/orders/${q(orderId)}/attachments`, fd);
  },
};
