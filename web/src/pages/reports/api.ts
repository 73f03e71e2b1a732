/**
 * Client for plans, targets and generated reports (docs/reports.md): the types the screens read
 * and one function per endpoint, over the shared transport of ../../api.
 */
import { http } from '../../api';

export type ReportType = 'monthly' | 'bulletin' | 'annual';
export type ReportStatus = 'draft' | 'approved' | 'published';
export type ExportFormat = 'html' | 'pdf' | 'docx' | 'xlsx';
export type PlanItemStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

export const REPORT_TYPES: readonly ReportType[] = ['monthly', 'bulletin', 'annual'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'docx', 'xlsx', 'html'];
export const PLAN_ITEM_STATUSES: readonly PlanItemStatus[] = ['open', 'in_progress', 'done', 'cancelled'];

export interface ReportListItem {
  id: string;
  type: ReportType;
  projectId: string | null;
  period: string;
  lang: string;
  status: ReportStatus;
  version: number;
  generatedAt: string;
  approvedAt: string | null;
  publishedAt: string | null;
  checksum: string | null;
}

export interface ModelSection {
  id: string;
  title: string;
  narrative: string;
}

export interface ReportChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ReportDocument extends ReportListItem {
  templateVersion: number;
  editedSections: string[];
  model: { type: ReportType; title: string; subtitle: string; lang: string; sections: ModelSection[] };
  data: { scopeName: string; from: string; to: string };
  changes?: ReportChange[];
}

export interface Target {
  code: string;
  op: '>=' | '<=';
  threshold: number;
  source: string;
  projectId: string | null;
}

export interface KpiVsTarget {
  code: string;
  value: number | null;
  numerator: number;
  denominator: number;
  target: Target | null;
  /** Ratio units, positive = better than the target. */
  gap: number | null;
  met: boolean | null;
}

export interface PlanItem {
  id?: string;
  title: string;
  owner?: string | null;
  ownerName?: string | null;
  dueDate: string | null;
  status: PlanItemStatus;
}

export interface PlanVsActual {
  period: string;
  from: string;
  to: string;
  kpis: KpiVsTarget[];
  planItems: PlanItem[];
}

export interface PlansAsSet {
  targets: { id: string; code: string; op: '>=' | '<='; threshold: number; period: string; projectId: string | null }[];
  items: { id: string; title: string; ownerId: string | null; ownerName: string | null; dueDate: string | null; status: PlanItemStatus; note: string | null; period: string; projectId: string | null }[];
}

export type RoleTone = 'met' | 'near' | 'missed' | 'none';

/** One KPI of the caller's role against its target, with the values of the periods before. */
export interface RoleKpi extends KpiVsTarget {
  kind: 'rate' | 'count' | 'money' | 'duration';
  tone: RoleTone;
  trend: { period: string; value: number | null }[];
}

export interface RoleTargets {
  role: string;
  period: string;
  projectId: string | null;
  kpis: RoleKpi[];
}

/** A template section: built-in (its id) or custom text (`custom-…`); see src/modules/reports/assemble.ts. */
export interface TemplateSection {
  id: string;
  title?: string;
  intro?: string;
  text?: string;
  kpis?: string[];
  charts?: boolean;
  tables?: boolean;
}

export interface ReportTemplate {
  type: ReportType;
  version: number;
  sections: TemplateSection[];
  builtIn: string[];
  placeholders: string[];
}

export interface PreviewSection extends ModelSection {
  tables: { title: string; columns: string[]; rows: (string | number | null)[][] }[];
  charts: { id: string; title: string }[];
}

const doc = (id: string) => `/api/reports/documents/${encodeURIComponent(id)}`;

export const reportsApi = {
  documents: (query: { type?: ReportType; status?: ReportStatus; projectId?: string; period?: string } = {}) => http.get<{ items: ReportListItem[] }>('/api/reports/documents', query),
  document: (id: string) => http.get<ReportDocument>(doc(id)),
  generate: (body: { type: ReportType; period: string; projectId?: string | null }) => http.post<ReportDocument>('/api/reports/documents', body),
  editNarrative: (id: string, sections: Record<string, string | null>) => http.patch<ReportDocument>(`${doc(id)}/narrative`, { sections }),
  refresh: (id: string) => http.post<ReportDocument>(`${doc(id)}/refresh`),
  approve: (id: string) => http.post<ReportDocument>(`${doc(id)}/approve`),
  publish: (id: string) => http.post<ReportDocument>(`${doc(id)}/publish`),
  /** The report in one format, as a Blob (the print-ready HTML is shown in a sandboxed frame). */
  exportBlob: (id: string, format: ExportFormat) => http.blob(`${doc(id)}/export?format=${format}`),
  roleTargets: (period: string, projectId?: string) => http.get<RoleTargets>('/api/reports/role-targets', { period, projectId }),
  template: (type: ReportType, version?: number) => http.get<ReportTemplate>(`/api/reports/templates/${type}`, { version }),
  templateVersions: (type: ReportType) => http.get<{ items: { version: number; createdAt: string; createdBy: string | null }[] }>(`/api/reports/templates/${type}/versions`),
  saveTemplate: (type: ReportType, sections: TemplateSection[]) => http.put<{ version: number; sections: TemplateSection[] }>(`/api/reports/templates/${type}`, { sections }),
  previewTemplate: (type: ReportType, body: { sections: TemplateSection[]; period: string; projectId?: string | null }) =>
    http.post<{ model: { title: string; subtitle: string; sections: PreviewSection[] } }>(`/api/reports/templates/${type}/preview`, body),
  targets: (period: string, projectId?: string) => http.get<PlanVsActual>('/api/reports/targets', { period, projectId }),
  plans: (period: string, projectId?: string) => http.get<PlansAsSet>('/api/reports/plans', { period, projectId }),
  setTarget: (body: { period: string; projectId?: string | null; code: string; op: '>=' | '<='; threshold: number }) => http.put<{ id: string }>('/api/reports/targets', body),
  addPlanItem: (body: { period: string; projectId?: string | null; title: string; ownerName?: string | null; dueDate?: string | null; status?: PlanItemStatus }) => http.post<{ id: string }>('/api/reports/plan-items', body),
  updatePlanItem: (id: string, body: { status?: PlanItemStatus; title?: string; dueDate?: string | null; ownerName?: string | null }) => http.patch<{ id: string }>(`/api/reports/plan-items/${encodeURIComponent(id)}`, body),
};
