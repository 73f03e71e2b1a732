/**
 * Inspections over HTTP, one file per sub-concept: checklists and checkpoints with QR codes
 * (checkpointRoutes.ts), routes and plans (planRoutes.ts), generated tasks, ad-hoc checks,
 * statistics and the hazard register (taskRoutes.ts), and the fire-equipment register with its
 * expiring-soon list (equipmentRoutes.ts). Shared schemas and scope checks: routeKit.ts.
 */
import type { FastifyInstance } from 'fastify';
import { checkpointRoutes } from './checkpointRoutes';
import { equipmentRoutes } from './equipmentRoutes';
import { planRoutes } from './planRoutes';
import { taskRoutes } from './taskRoutes';

export { checklistItemSchema } from './checkpointRoutes';
export { scheduleSchema } from './planRoutes';

/** One plugin, the parts registered in this order (the OpenAPI document lists the routes so). */
export async function inspectionRoutes(app: FastifyInstance) {
  await checkpointRoutes(app);
  await planRoutes(app);
  await taskRoutes(app);
  await equipmentRoutes(app);
}
