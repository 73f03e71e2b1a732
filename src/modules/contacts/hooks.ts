import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';

/**
 * Other modules add sections to the desk's caller screen (e.g. billing adds arrears).
 * Each returns an object merged into the screen's JSON under its own keys.
 */
export type CallerScreenExtra = (ctx: AppContext, actor: Actor, unitIds: string[]) => Promise<Record<string, unknown>>;
export const callerScreenExtras: CallerScreenExtra[] = [];
