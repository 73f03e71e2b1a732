/**
 * The inspector's day as pure functions: where a round stands (upcoming, open, in progress, done,
 * missed), which of its checkpoints were visited, and which were missed once the round is over.
 * The phone app's route of the day and the task lists share these rules.
 */
import { dayNumber, MS_PER_DAY, resolveZone, wallToUtc } from '../sla/time';

export type TaskPhase = 'upcoming' | 'open' | 'in_progress' | 'completed' | 'missed';

/** How early a round may be started (the service refuses earlier starts with the same hour). */
export const EARLY_START_MS = 3600_000;

export interface TaskTimes {
  readonly status: string;
  readonly plannedStart: string;
  readonly missedAfter: string;
}

export function taskPhase(t: TaskTimes, now: string): TaskPhase {
  if (t.status === 'completed') return 'completed';
  // The sweep marks missed rounds every few minutes; between sweeps the clock decides.
  if (t.status === 'missed' || now > t.missedAfter) return 'missed';
  if (t.status === 'in_progress') return 'in_progress';
  return Date.parse(now) >= Date.parse(t.plannedStart) - EARLY_START_MS ? 'open' : 'upcoming';
}

/** A round is over when it is done or can no longer be done: unvisited points are then missed. */
export function isOver(phase: TaskPhase): boolean {
  return phase === 'completed' || phase === 'missed';
}

/** Checkpoints of a round that are missed: none while the round is still running. */
export function missedCheckpointCount(t: TaskTimes & { checkpointCount: number; checkedCount: number }, now: string): number {
  return isOver(taskPhase(t, now)) ? Math.max(0, t.checkpointCount - t.checkedCount) : 0;
}

export interface RoutePoint {
  readonly seq: number;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly location: string | null;
}

export interface PointState extends RoutePoint {
  readonly visited: boolean;
  readonly outcome: 'normal' | 'abnormal' | null;
  readonly missed: boolean;
}

/** The route's points in order with what happened at each on this round. */
export function pointStates(points: readonly RoutePoint[], results: readonly { checkpointId: string | null; outcome: string }[], phase: TaskPhase): PointState[] {
  return [...points]
    .sort((a, b) => a.seq - b.seq)
    .map((p) => {
      const mine = results.filter((r) => r.checkpointId === p.id);
      const visited = mine.length > 0;
      return { ...p, visited, outcome: mine.some((r) => r.outcome === 'abnormal') ? 'abnormal' : visited ? 'normal' : null, missed: !visited && isOver(phase) };
    });
}

/** UTC bounds [start, end) of a local calendar day in a time zone. */
export function localDayBounds(date: string, timeZone = 'Asia/Shanghai'): { start: string; end: string } {
  const zone = resolveZone(timeZone);
  const day = dayNumber(date);
  return { start: new Date(wallToUtc(zone, day * MS_PER_DAY)).toISOString(), end: new Date(wallToUtc(zone, (day + 1) * MS_PER_DAY)).toISOString() };
}

/** Rounds first by what needs doing now (in progress, open), then upcoming, then the finished ones; each by planned start. */
export function dayOrder<T extends { phase: TaskPhase; plannedStart: string }>(tasks: readonly T[]): T[] {
  const rank: Record<TaskPhase, number> = { in_progress: 0, open: 1, upcoming: 2, missed: 3, completed: 4 };
  return [...tasks].sort((a, b) => rank[a.phase] - rank[b.phase] || (a.plannedStart < b.plannedStart ? -1 : a.plannedStart > b.plannedStart ? 1 : 0));
}
