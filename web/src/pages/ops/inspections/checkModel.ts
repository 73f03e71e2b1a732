/**
 * The check form of a round, an ad-hoc check or a fire-equipment check: the checklist's items
 * (or the single "overall" item the server uses when there is no checklist), and whether the
 * answers as typed are abnormal — the server decides, this only says when to ask for the hazard.
 */
import type { ChecklistItem } from '../../../opsApi';

/** What the server checks when a point has no checklist (inspections/core.ts). */
export const OVERALL_ITEM: ChecklistItem = { code: 'overall', label: '', type: 'check', required: true };

export function itemsOrOverall(items: readonly ChecklistItem[] | null | undefined): ChecklistItem[] {
  return items && items.length ? [...items] : [OVERALL_ITEM];
}

export type Answer = boolean | number | string | null | undefined;

/** True when an answer is outside what the item accepts as normal (same rules as the server's). */
export function isAbnormal(item: ChecklistItem, value: Answer): boolean {
  if (value === null || value === undefined || value === '') return false;
  switch (item.type) {
    case 'check':
      return value === false;
    case 'number':
      return typeof value === 'number' && ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max));
    case 'choice':
      return typeof value === 'string' && item.abnormal.includes(value);
    default:
      return false;
  }
}

/** Answers for the API: only items with a value. */
export function answersFrom(items: readonly ChecklistItem[], values: Record<string, Answer>): { code: string; value: boolean | number | string }[] {
  return items.filter((i) => values[i.code] !== undefined && values[i.code] !== null && values[i.code] !== '').map((i) => ({ code: i.code, value: values[i.code] as boolean | number | string }));
}

/** Required items still unanswered (text items are never required by the server). */
export function missingItems(items: readonly ChecklistItem[], values: Record<string, Answer>): string[] {
  return items.filter((i) => i.required !== false && i.type !== 'text' && (values[i.code] === undefined || values[i.code] === null || values[i.code] === '')).map((i) => i.code);
}
