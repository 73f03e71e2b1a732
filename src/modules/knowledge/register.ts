/** Registers this module's routes, commands and demo seeder (see src/modules/register.ts). */
import { moduleCommands } from '../../cli/commands';
import { moduleRoutes } from '../../routes';
import { demoSeeders } from '../demo';
import { knowledgeCommand } from './cli';
import { seedKnowledgeDemo } from './demo';
import './messages';
import { knowledgeRoutes } from './routes';

moduleRoutes.push(knowledgeRoutes);
demoSeeders.push(seedKnowledgeDemo);
moduleCommands.knowledge = knowledgeCommand;
