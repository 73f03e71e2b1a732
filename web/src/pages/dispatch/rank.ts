/**
 * Order of technicians on the dispatch board for the order being placed: those with the needed
 * skill and on duty first, then by how much they already have open (least first), then by name.
 * Pure.
 */
import type { Technician } from '../orders/api';

export function rankTechnicians<T extends Technician>(techs: readonly T[], skill: string | null): { tech: T; matches: boolean }[] {
  return techs
    .map((tech) => ({ tech, matches: !skill || tech.skills.includes(skill) }))
    .sort(
      (a, b) =>
        Number(b.matches && b.tech.onDuty) - Number(a.matches && a.tech.onDuty) ||
        Number(b.tech.onDuty) - Number(a.tech.onDuty) ||
        a.tech.openOrders - b.tech.openOrders ||
        a.tech.name.localeCompare(b.tech.name),
    );
}
