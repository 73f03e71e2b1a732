/**
 * Registers this module's routes and KPI provider (see src/modules/register.ts). The demo seeder is
 * pushed in src/modules/register.ts after the desk's, because it inspects the desk's contacts.
 */
import { moduleRoutes } from '../../routes';
import { kpiProviders } from '../reports/routes';
import { qualityKpis } from './kpi';
import './messages';
import { coachingRoutes } from './coachingRoutes';
import { qualityRoutes } from './routes';

moduleRoutes.push(qualityRoutes, coachingRoutes);
kpiProviders.push(qualityKpis);
