/** Registers this module's routes, commands, jobs and demo seeders (see src/modules/register.ts). */
import { moduleCommands } from '../../cli/commands';
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { wfmCommands } from './cli';
import { seedDemoCallHistory } from './demo';
import './messages';
import { wfmRoutes } from './routes';

moduleRoutes.push(wfmRoutes);
Object.assign(moduleCommands, wfmCommands);
demoSeeders.push((ctx, demo, log) => seedDemoCallHistory(ctx, demo, log));
