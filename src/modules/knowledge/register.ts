/** Registers this module's routes and demo seeder (see src/modules/register.ts; its command is in src/cli/commands.ts). */
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { seedKnowledgeDemo } from './demo';
import './messages';
import { knowledgeRoutes } from './routes';

moduleRoutes.push(knowledgeRoutes);
demoSeeders.push(seedKnowledgeDemo);
