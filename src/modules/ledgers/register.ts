/** Registers this module's routes, commands, jobs and demo seeders (see src/modules/register.ts). */
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { seedLedgersDemo } from './demo';
import './messages';
import { ledgerRoutes } from './routes';

moduleRoutes.push(ledgerRoutes);
demoSeeders.push(seedLedgersDemo);
