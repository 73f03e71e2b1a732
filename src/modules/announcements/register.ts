/** Registers this module's routes and demo seeder (see src/modules/register.ts). */
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { seedAnnouncementsDemo } from './demo';
import './messages';
import { announcementRoutes } from './routes';

moduleRoutes.push(announcementRoutes);
demoSeeders.push(seedAnnouncementsDemo);
