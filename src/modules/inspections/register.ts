/** Registers this module's routes, commands, jobs and demo seeders (see src/modules/register.ts). */
import { backgroundJobs } from '../../jobs';
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { seedInspectionsDemo } from './demo';
import { startInspectionJob } from './jobs';
import './messages';
import { renovationRoutes } from './renovationRoutes';
import { inspectionQrRoutes } from './qrRoutes';
import { inspectionRoutes } from './routes';

moduleRoutes.push(inspectionRoutes, inspectionQrRoutes, renovationRoutes);
backgroundJobs.push(startInspectionJob);
demoSeeders.push(seedInspectionsDemo);
