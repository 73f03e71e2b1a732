import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './index';
import { registryMigrations } from '../modules/registry/migrations';
import { authMigrations } from '../modules/auth/migrations';
import { contactMigrations } from '../modules/contacts/migrations';
import { workOrderMigrations } from '../modules/workorders/migrations';
import { billingMigrations } from '../modules/billing/migrations';
import { inspectionsMigrations } from '../modules/inspections/migrations';
import { ledgersMigrations } from '../modules/ledgers/migrations';
import { wfmMigrations } from '../modules/wfm/migrations';
import { schedulingMigrations } from '../modules/scheduling/migrations';
import { knowledgeMigrations } from '../modules/knowledge/migrations';
import { backupMigrations } from '../modules/backups/migrations';
import { qualityMigrations } from '../modules/quality/migrations';
import { reportMigrations } from '../modules/reports/migrations';
import { announcementMigrations } from '../modules/announcements/migrations';

/**
 * Every module contributes named migrations; the names carry a global sequence number so the
 * order is explicit and stable. New modules append here.
 */
export function allMigrations(): Record<string, Migration> {
  return {
    ...registryMigrations,
    ...authMigrations,
    ...contactMigrations,
    ...workOrderMigrations,
    // 0010–0019 billing, 0020–0029 inspections and renovation, 0030–0039 front-desk ledgers,
    // 0040–0049 workforce planning, 0050–0059 scheduling.
    ...billingMigrations,
    ...inspectionsMigrations,
    ...ledgersMigrations,
    ...wfmMigrations,
    ...schedulingMigrations,
    // 0080–0089 knowledge base.
    ...knowledgeMigrations,
    // 0070 scheduled backups.
    ...backupMigrations,
    // 0090–0099 quality inspection.
    ...qualityMigrations,
    // 0100 plans, targets and report documents.
    ...reportMigrations,
    // 0140–0144 announcements to residents.
    ...announcementMigrations,
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

export async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider: new StaticProvider(allMigrations()) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
