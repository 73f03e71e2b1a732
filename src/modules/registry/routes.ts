/**
 * The registry over HTTP, one file per sub-concept: projects, phases and buildings
 * (projectRoutes.ts), units (unitRoutes.ts), parties and caller lookup (partyRoutes.ts), parking
 * spaces (parkingRoutes.ts), and the XLSX/CSV import (importRoutes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { importRoutes } from './importRoutes';
import { parkingRoutes } from './parkingRoutes';
import { partyRoutes } from './partyRoutes';
import { projectRoutes } from './projectRoutes';
import { unitRoutes } from './unitRoutes';

/** One plugin, the parts registered in this order (the OpenAPI document lists the routes so). */
export async function registryRoutes(app: FastifyInstance) {
  await projectRoutes(app);
  await unitRoutes(app);
  await partyRoutes(app);
  await parkingRoutes(app);
  await app.register(importRoutes);
}
