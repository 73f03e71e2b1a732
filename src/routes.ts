import type { FastifyInstance } from 'fastify';

/**
 * Route plugins of the feature modules, registered after auth and registry.
 * Each module adds its plugin here.
 */
export const moduleRoutes: Array<(app: FastifyInstance) => Promise<void>> = [];
