/** Registers this module's routes, jobs and demo seeders (see src/modules/register.ts; its commands are in src/cli/commands.ts). */
import { backgroundJobs } from '../../jobs';
import { moduleRoutes } from '../../routes';
import { callerScreenExtras } from '../contacts/hooks';
import { demoSeeders } from '../demo';
import { seedBillingDemo } from './demo';
import { billingDunningRoutes } from './dunningRoutes';
import { arrearsForCaller, startDunningJob } from './jobs';
import { billingLedgerRoutes } from './ledgerRoutes';
import './messages';
import { billingSetupRoutes } from './routes';
import { billingCashierRoutes } from './cashierRoutes';
import './cashierMessages';

moduleRoutes.push(billingSetupRoutes, billingLedgerRoutes, billingDunningRoutes, billingCashierRoutes);
backgroundJobs.push(startDunningJob);
callerScreenExtras.push(arrearsForCaller);
demoSeeders.push(seedBillingDemo);
