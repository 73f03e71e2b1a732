/** Registers this module's routes (see src/modules/register.ts); its commands are in src/cli/commands.ts. */
import { moduleRoutes } from '../../routes';
import './messages';
import { schedulingRoutes } from './routes';

moduleRoutes.push(schedulingRoutes);
