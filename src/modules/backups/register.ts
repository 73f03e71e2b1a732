/** Registers this module's routes and background job (see src/modules/register.ts). */
import { backgroundJobs } from '../../jobs';
import { moduleRoutes } from '../../routes';
import { startBackupJob } from './job';
import { backupRoutes } from './routes';

moduleRoutes.push(backupRoutes);
backgroundJobs.push(startBackupJob);
