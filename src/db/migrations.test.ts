import { describe, expect, it } from 'vitest';
import { allMigrations } from './migrations';

/**
 * Kysely applies migrations in name order and refuses a database that has run a later name than a
 * new one. So a migration added after a release must sort after every released name, or upgrading
 * an existing installation stops at start-up.
 */
const RELEASED = ['0001_registry', '0002_auth', '0003_contacts', '0004_work_orders', '0010_billing_fees', '0011_billing_ledger', '0012_billing_collection', '0020_inspections', '0021_renovation', '0030_front_desk_ledgers', '0040_wfm_queues_calls'];

describe('migration names', () => {
  const names = Object.keys(allMigrations());
  it('keep every released migration', () => {
    for (const r of RELEASED) expect(names).toContain(r);
  });
  it('put every new migration after the last released one', () => {
    const last = RELEASED.at(-1)!;
    expect(names.filter((n) => !RELEASED.includes(n) && n < last)).toEqual([]);
  });
  it('are numbered and unique', () => {
    expect(names.every((n) => /^\d{4}_[a-z0-9_]+$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});
