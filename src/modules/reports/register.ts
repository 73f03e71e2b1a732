/** Registers plans, targets, report documents and the monthly job (see src/modules/register.ts; `shouwen report` is in src/cli/commands.ts). */
import { backgroundJobs } from '../../jobs';
import { moduleRoutes } from '../../routes';
import { reportDocumentRoutes } from './documentRoutes';
import { startReportJob } from './job';
import './messages';
import { billingKpis, inspectionKpis } from './moduleKpis';
import { kpiProviders } from './routes';

moduleRoutes.push(reportDocumentRoutes);
backgroundJobs.push(startReportJob);
kpiProviders.push(billingKpis, inspectionKpis);
