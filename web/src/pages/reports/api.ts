/**
 * Client for plans, targets and generated reports (docs/reports.md): the types the screens read
 * and one function per endpoint, over the shared transport of ../../api.
 */
import { allOf, http } from '../../api';
import type { BodyOf } from '../../apiClient';
// The server's own types (type-only: erased at build, no server code in the bundle).
import type { ReportType } from '../../../../src/modules/reports/data';
import type { Format } from '../../../../src/modules/reports/documents';
import type { ReportDocumentTable, ReportPlanItemTable } from '../../../../src/modules/reports/schema';
import type { PlanVsActual as ServerKpiVsTarget, ResolvedTarget } from '../../../../src/modules/reports/plans';
import type { RoleKpi, Tone } from '../../../../src/modules/reports/roleKpis';
import type { Section, TemplateSection } from '../../../../src/modules/reports/assemble';

export type { ReportType, RoleKpi, TemplateSection };

export type ReportStatus = ReportDocumentTable['status'];
export type ExportFormat = Format;
export type PlanItemStatus = ReportPlanItemTable['status'];

export const REPORT_TYPES = allOf<ReportType>()(['monthly', 'bulletin', 'annual'] as const);
export const EXPORT_FORMATS = allOf<ExportFormat>()(['pdf', 'docx', 'xlsx', 'html'] as const);
export const PLAN_ITEM_STATUSES = allOf<PlanItemStatus>()(['open', 'in_progress', 'done', 'cancelled'] as const);

// Documents, plan items and role targets are answered inline by the route handlers (no server
// type or response schema yet): what the screens read, kept narrow.
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

export type ModelSection = Pick<Section, 'id' | 'title' | 'narrative'>;

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

export type Target = ResolvedTarget;

/** One KPI against its target (the server calls it PlanVsActual). */
export type KpiVsTarget = ServerKpiVsTarget;

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

export interface RoleTargets {
  role: string;
  period: string;
  projectId: string | null;
  kpis: RoleKpi[];
}

export interface PlansAsSet {
  targets: { id: string; code: string; op: '>=' | '<='; threshold: number; period: string; projectId: string | null }[];
  items: { id: string; title: string; ownerId: string | null; ownerName: string | null; dueDate: string | null; status: PlanItemStatus; note: string | null; period: string; projectId: string | null }[];
}

export type RoleTone = Tone;

export interface ReportTemplate {
  type: ReportType;
  version: number;
  sections: TemplateSection[];
  builtIn: string[];
  placeholders: string[];
}

export type PreviewSection = Pick<Section, 'id' | 'title' | 'narrative' | 'tables'> & { charts: Pick<Section['charts'][number], 'id' | 'title'>[] };

const doc = (id: string) => `/api/reports/documents/${encodeURIComponent(id)}`;

export const reportsApi = {
  documents: (query: { type?: ReportType; status?: ReportStatus; projectId?: string; period?: string } = {}) => http.get<{ items: ReportListItem[] }>('/api/reports/documents', query),
  document: (id: string) => http.get<ReportDocument>(doc(id)),
  generate: (body: BodyOf<'/api/reports/documents', 'post'>) => http.post<ReportDocument>('/api/reports/documents', body),
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
  setTarget: (body: BodyOf<'/api/reports/targets', 'put'>) => http.put<{ id: string }>('/api/reports/targets', body),
  addPlanItem: (body: BodyOf<'/api/reports/plan-items', 'post'>) => http.post<{ id: string }>('/api/reports/plan-items', body),
  updatePlanItem: (id: string, body: BodyOf<'/api/reports/plan-items/{id}', 'patch'>) => http.patch<{ id: string }>(`/api/reports/plan-items/${encodeURIComponent(id)}`, body),
};
