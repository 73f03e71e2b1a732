/**
 * The inspector app's pure rules: what a scanned or typed text means (a QR link, a bare token or a
 * checkpoint code), a round's progress, and which round a checkpoint's result is recorded on.
 */

export type ScanTarget = { kind: 'token'; token: string } | { kind: 'code'; code: string };

const LINK = /\/m\/checkpoint\/([^/?#\s]+)/;
const CODE = /^[A-Za-z0-9_-]{1,20}$/;
const TOKEN = /^[A-Za-z0-9_-]{21,60}$/;

/**
 * A scanned QR holds the full link; a label's printed code is what people type. Tokens are long
 * random strings, codes short (≤ 20), so the two never overlap.
 */
export function parseScan(raw: string): ScanTarget | null {
  const s = raw.trim();
  if (!s) return null;
  const m = LINK.exec(s);
  if (m) {
    try {
      return { kind: 'token', token: decodeURIComponent(m[1]) };
    } catch {
      return null;
    }
  }
  if (CODE.test(s)) return { kind: 'code', code: s.toUpperCase() };
  if (TOKEN.test(s)) return { kind: 'token', token: s };
  return null;
}

/** The in-app path a scan leads to; `typed` marks a check not proven by scanning the code on site. */
export function checkpointPath(token: string, typed = false): string {
  return `/m/checkpoint/${encodeURIComponent(token)}${typed ? '?typed=1' : ''}`;
}

export function progressPercent(checked: number, total: number): number {
  return total > 0 ? Math.round((Math.min(checked, total) / total) * 100) : 0;
}

export interface OpenTask {
  id: string;
  status: string;
}

/**
 * The round a checkpoint's result goes on: one already running (the inspector started it),
 * else none — the check is then recorded as an ad-hoc check rather than starting a round silently.
 */
export function roundFor<T extends OpenTask>(openTasks: readonly T[], runningIds: ReadonlySet<string>): T | null {
  return openTasks.find((t) => t.status === 'in_progress' && runningIds.has(t.id)) ?? openTasks.find((t) => t.status === 'in_progress') ?? null;
}

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 'HH:MM' of an instant in the business time zone (a round's window fits within a day). */
export function clock(iso: string): string {
  return CLOCK.format(new Date(iso));
}
