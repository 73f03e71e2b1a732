/** Collectors (收费员) assigned to a project, a building or a unit; the most specific assignment wins. */
import type { CollectorAssignmentTable } from './schema';
import type { Db } from './store';

export type Assignment = Pick<CollectorAssignmentTable, 'project_id' | 'building_id' | 'unit_id' | 'collector_id'>;

export async function loadAssignments(db: Db, orgId: string, projectId?: string): Promise<Assignment[]> {
  let q = db.selectFrom('collector_assignments').select(['project_id', 'building_id', 'unit_id', 'collector_id']).where('org_id', '=', orgId);
  if (projectId) q = q.where('project_id', '=', projectId);
  return q.execute();
}

/** Unit assignment, else the building's, else the project's, else nobody. */
export function resolveCollector(assignments: readonly Assignment[], place: { projectId: string; buildingId?: string | null; unitId?: string | null }): string | null {
  let byBuilding: string | null = null;
  let byProject: string | null = null;
  for (const a of assignments) {
    if (a.project_id !== place.projectId) continue;
    if (a.unit_id) {
      if (place.unitId && a.unit_id === place.unitId) return a.collector_id;
    } else if (a.building_id) {
      if (place.buildingId && a.building_id === place.buildingId) byBuilding = a.collector_id;
    } else byProject = a.collector_id;
  }
  return byBuilding ?? byProject;
}

/** A resolver for many lookups (reports over thousands of bills). */
export function collectorResolver(assignments: readonly Assignment[]) {
  const byUnit = new Map<string, string>();
  const byBuilding = new Map<string, string>();
  const byProject = new Map<string, string>();
  for (const a of assignments) {
    if (a.unit_id) byUnit.set(`${a.project_id}|${a.unit_id}`, a.collector_id);
    else if (a.building_id) byBuilding.set(`${a.project_id}|${a.building_id}`, a.collector_id);
    else byProject.set(a.project_id, a.collector_id);
  }
  return (place: { projectId: string; buildingId?: string | null; unitId?: string | null }): string | null =>
    (place.unitId ? byUnit.get(`${place.projectId}|${place.unitId}`) : undefined) ??
    (place.buildingId ? byBuilding.get(`${place.projectId}|${place.buildingId}`) : undefined) ??
    byProject.get(place.projectId) ??
    null;
}

export function scopeKey(projectId: string, buildingId?: string | null, unitId?: string | null): string {
  return `${projectId}|${buildingId ?? ''}|${unitId ?? ''}`;
}
