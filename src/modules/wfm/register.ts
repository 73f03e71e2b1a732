/** Registers this module's routes and demo seeder (see src/modules/register.ts; its commands are in src/cli/commands.ts). */
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { seedDemoCallHistory } from './demo';
import './messages';
import { wfmRoutes } from './routes';

moduleRoutes.push(wfmRoutes);
demoSeeders.push((ctx, demo, log) => seedDemoCallHistory(ctx, demo, log));
