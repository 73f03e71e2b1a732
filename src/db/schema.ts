import type { RegistryTables } from '../modules/registry/schema';
import type { AuthTables } from '../modules/auth/schema';
import type { ContactTables } from '../modules/contacts/schema';
import type { WorkOrderTables } from '../modules/workorders/schema';
import type { NotificationTables } from '../modules/notifications/schema';

/** The whole database as Kysely sees it: every module's tables together. */
export interface DB extends RegistryTables, AuthTables, ContactTables, WorkOrderTables, NotificationTables {}
