/**
 * What the technician's phone shows, as pure functions: the one primary step of each state, and
 * the day's jobs in sections (paused and finished never mixed).
 */
import { businessDate } from '../../format';

export type FieldStep = 'accept' | 'start' | 'hold' | 'resume' | 'complete';

export interface StepPlan {
  primary: FieldStep | null;
  secondary: FieldStep[];
}

/**
 * One primary step per state: 接单 when dispatched, 开始处理 once accepted (arriving and starting
 * are one tap), 完工 while working with 挂起 beside it, 恢复 when on hold.
 */
export function stepsFor(state: string): StepPlan {
  switch (state) {
    case 'dispatched':
      return { primary: 'accept', secondary: [] };
    case 'accepted':
    case 'on_site':
      return { primary: 'start', secondary: [] };
    case 'in_progress':
      return { primary: 'complete', secondary: ['hold'] };
    case 'on_hold':
      return { primary: 'resume', secondary: [] };
    default:
      return { primary: null, secondary: [] };
  }
}

/** The state a step leads to (shown while it waits to be synced). */
export const STEP_TARGET: Record<FieldStep, string> = { accept: 'accepted', start: 'in_progress', hold: 'on_hold', resume: 'in_progress', complete: 'completed' };

export type Section = 'toAccept' | 'working' | 'paused' | 'doneToday';
export const SECTIONS: readonly Section[] = ['toAccept', 'working', 'paused', 'doneToday'];

const WORKING = new Set(['accepted', 'on_site', 'in_progress']);
const FINISHED = new Set(['completed', 'awaiting_payment', 'awaiting_visit', 'closed']);

export interface JobLike {
  id: string;
  state: string;
  completedAt: string | null;
  appointmentAt?: string | null;
  createdAt: string;
}

/** The section of a job, or null when it is not today's business (finished on an earlier day, cancelled). */
export function sectionOf(job: JobLike, today: string): Section | null {
  if (job.state === 'dispatched') return 'toAccept';
  if (WORKING.has(job.state)) return 'working';
  if (job.state === 'on_hold') return 'paused';
  if (FINISHED.has(job.state) && job.completedAt && businessDate(job.completedAt) === today) return 'doneToday';
  return null;
}

/**
 * The day's jobs by section, each once (the open list and the closed list may overlap), ordered by
 * appointment (those with one first), then by age.
 */
export function groupJobs<T extends JobLike>(jobs: readonly T[], today: string): Record<Section, T[]> {
  const out: Record<Section, T[]> = { toAccept: [], working: [], paused: [], doneToday: [] };
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.id)) continue;
    seen.add(j.id);
    const s = sectionOf(j, today);
    if (s) out[s].push(j);
  }
  const key = (j: T) => `${j.appointmentAt ? '0' + j.appointmentAt : '1'}|${j.createdAt}`;
  for (const s of SECTIONS) out[s].sort((a, b) => (s === 'doneToday' ? (b.completedAt ?? '').localeCompare(a.completedAt ?? '') : key(a).localeCompare(key(b))));
  return out;
}

/** A map search for the unit's address (no map SDK: the phone's map app or the web map opens it). */
export function mapLink(address: string): string {
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;
}

/** A tel: link with only the dialable characters, or null for a masked or empty number. */
export function telLink(phone: string | null | undefined): string | null {
  if (!phone || phone.includes('*')) return null;
  const main = phone.split(/转|ext|,|;/i)[0];
  const digits = main.replace(/[^\d+]/g, '');
  return digits.length >= 5 ? `tel:${digits}` : null;
}
