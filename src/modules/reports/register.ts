/** Registers plans, targets, report documents, the monthly job and `shouwen report` (see src/modules/register.ts). */
import { moduleCommands } from '../../cli/commands';
import { backgroundJobs } from '../../jobs';
import { moduleRoutes } from '../../routes';
import { reportCommand } from './cli';
import { reportDocumentRoutes } from './documentRoutes';
import { startReportJob } from './job';
import './messages';
import { billingKpis, inspectionKpis } from './moduleKpis';
import { kpiProviders } from './routes';

moduleRoutes.push(reportDocumentRoutes);
backgroundJobs.push(startReportJob);
kpiProviders.push(billingKpis, inspectionKpis);
moduleCommands.report = reportCommand;
