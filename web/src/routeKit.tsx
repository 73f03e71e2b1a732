/** Shared pieces of the route registry (types and the lazy-screen helper), used by every feature's route file. */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import type { AccessRule } from './access';

export type TranslationKey = ParseKeys;

/** Menu group ids, in the order the side menu shows them. */
export type MenuGroupId = 'dashboard' | 'desk' | 'knowledge' | 'orders' | 'registry' | 'wfm' | 'ops' | 'billing' | 'inspections' | 'ledgers' | 'quality' | 'reports';

export interface MenuGroup {
  id: MenuGroupId;
  titleKey: TranslationKey;
  icon: ReactNode;
}

export interface RouteDef extends AccessRule {
  /** Stable id; also the menu key. */
  id: string;
  /** Absolute path as react-router matches it (may hold `:params`). */
  path: string;
  /** Title in the menu, the page header and the browser tab. */
  titleKey: TranslationKey;
  icon?: ReactNode;
  /** Where the screen appears in the side menu: a group, the top level, or not at all (detail pages). */
  menu: { group: MenuGroupId | null } | null;
  /** For pages outside the menu: the menu entry to highlight. */
  menuParent?: string;
  /** Shown without the staff layout (phone-first pages such as the resident portal or a public rating link). */
  bare?: boolean;
  /** Reachable without signing in (e.g. the rating link). */
  public?: boolean;
  component: LazyExoticComponent<ComponentType>;
  /** Fetch the screen's code without rendering it (started early for the page being opened). */
  preload: () => Promise<unknown>;
}

type ScreenModule = Promise<{ default: ComponentType }>;

/** A lazily loaded screen: one loader shared by React.lazy and preloading. */
export function screen(load: () => ScreenModule): Pick<RouteDef, 'component' | 'preload'> {
  let started: ScreenModule | null = null;
  const once = () => (started ??= load());
  return { component: lazy(once), preload: once };
}

export const STAFF_ONLY = ['resident'] as const;
