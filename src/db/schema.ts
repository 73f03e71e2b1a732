import type { RegistryTables } from '../modules/registry/schema';
import type { AuthTables } from '../modules/auth/schema';
import type { ContactTables } from '../modules/contacts/schema';
import type { WorkOrderTables } from '../modules/workorders/schema';
import type { NotificationTables } from '../modules/notifications/schema';
import type { BillingTables } from '../modules/billing/schema';
import type { InspectionsTables } from '../modules/inspections/schema';
import type { LedgersTables } from '../modules/ledgers/schema';
import type { WfmTables } from '../modules/wfm/schema';
import type { SchedulingTables } from '../modules/scheduling/schema';
import type { KnowledgeTables } from '../modules/knowledge/schema';
import type { QualityTables } from '../modules/quality/schema';
import type { ReportTables } from '../modules/reports/schema';
import type { AnnouncementTables } from '../modules/announcements/schema';

/** The whole database as Kysely sees it: every module's tables together. */
export interface DB
  extends RegistryTables,
    AuthTables,
    ContactTables,
    WorkOrderTables,
    NotificationTables,
    BillingTables,
    InspectionsTables,
    LedgersTables,
    WfmTables,
    SchedulingTables,
    KnowledgeTables,
    QualityTables,
    ReportTables,
    AnnouncementTables {}
