import type { AppContext } from '../../core/context';
import { randomToken } from '../../core/secrets';
import { seedDemoRegistry, type DemoRegistry } from './registry';

/** Later modules extend the demo with their own data (contacts, orders, bills, call history). */
export type DemoSeeder = (ctx: AppContext, demo: DemoRegistry, log: (m: string) => void) => Promise<void>;
export const demoSeeders: DemoSeeder[] = [];

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.store.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * Seed the demo organisation into an empty database. Returns the admin password when it was
 * generated (so the caller prints it once).
 */
export async function seedDemo(ctx: AppContext, log: (m: string) => void = console.log): Promise<{ generatedAdminPassword: string | null }> {
  const generated = ctx.config.adminPassword ? null : randomToken(12);
  const demo = await seedDemoRegistry(ctx.store.db, ctx.secrets, { adminPassword: ctx.config.adminPassword ?? generated! }, log);
  for (const s of demoSeeders) await s(ctx, demo, log);
  return { generatedAdminPassword: generated };
}
