import type { RegistryTables } from '../modules/registry/schema';
import type { AuthTables } from '../modules/auth/schema';

/** The whole database as Kysely sees it: every module's tables together. */
export interface DB extends RegistryTables, AuthTables {}
