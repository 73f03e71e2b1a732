/**
 * Feature modules register their routes, background jobs, KPI providers, message catalogues and
 * demo seeders here (side-effect imports), so the core stays ignorant of which modules exist.
 * Loaded by the app and by the CLI commands that need it; the CLI's command table is apart
 * (src/cli/commands.ts) so that finding a command loads none of this.
 */
import { backgroundJobs } from '../jobs';
import { moduleRoutes } from '../routes';
import { contactRoutes } from './contacts/routes';
import { startOutboxDelivery } from './notifications/sender';
import { attachmentRoutes } from './workorders/attachments';
import { fieldworkRoutes } from './workorders/fieldwork';
import './workorders/messages';
import { workOrderRoutes } from './workorders/routes';
import { settingsRoutes } from './workorders/settingsRoutes';
import { statsRoutes } from './workorders/statsRoutes';
import { startSlaSweeper } from './workorders/sweeper';
import { visitRoutes } from './workorders/visitRoutes';

moduleRoutes.push(contactRoutes, workOrderRoutes, visitRoutes, attachmentRoutes, settingsRoutes, statsRoutes, fieldworkRoutes);
backgroundJobs.push(startSlaSweeper, startOutboxDelivery);

// Each of these modules registers its own routes, commands, jobs and demo seeders.
import './billing/register';
import './inspections/register';
import './ledgers/register';
import './wfm/register';
import './scheduling/register';
import './knowledge/register';
import './quality/register';
import './backups/register';

import { demoSeeders } from './demo';
import { seedDemoDesk } from './demo/desk';
demoSeeders.push(seedDemoDesk);
// Quality inspection scores the desk's contacts, so it seeds after them.
import { seedQualityDemo } from './quality/demo';
demoSeeders.push(seedQualityDemo);

import { reportRoutes } from './reports/routes';
moduleRoutes.push(reportRoutes);
import { kpiProviders } from './reports/routes';
import { chaseKpis } from './workorders/chaseKpi';
kpiProviders.push(chaseKpis);
import { wfmKpis } from './reports/wfmKpis';
kpiProviders.push(wfmKpis);
import './reports/register';
import './announcements/register';
