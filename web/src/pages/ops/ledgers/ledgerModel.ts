/**
 * The front-desk ledgers (前台台账) share one shape — list, filters, create, close actions — so
 * each is described by a spec and drawn by one screen. This file holds the pure part: field
 * kinds and turning form values into the API's body.
 */
import { yuanToFen } from '../../../opsMoney';

export type FieldKind = 'text' | 'textarea' | 'number' | 'unit' | 'select' | 'date' | 'datetime' | 'money' | 'plate';

export interface FieldRule {
  name: string;
  kind: FieldKind;
  required?: boolean;
}

/** A datetime-local value read as Asia/Shanghai wall-clock time → UTC ISO. */
export function shanghaiWallToIso(v: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Form values → request body. Blank optional fields are left out (the API takes absence as "not
 * given"); money is typed in yuan and sent in fen; times typed in Shanghai wall-clock are sent as
 * UTC instants; plates are trimmed and upper-cased. Returns the names of fields that could not be read.
 */
export function bodyFromValues(fields: readonly FieldRule[], values: Record<string, unknown>): { body: Record<string, unknown>; bad: string[] } {
  const body: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const f of fields) {
    const raw = values[f.name];
    const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (blank) {
      if (f.required) bad.push(f.name);
      continue;
    }
    switch (f.kind) {
      case 'money': {
        const fen = yuanToFen(String(raw));
        if (fen === null) bad.push(f.name);
        else body[f.name] = fen;
        break;
      }
      case 'datetime': {
        const iso = shanghaiWallToIso(String(raw));
        if (iso === null) bad.push(f.name);
        else body[f.name] = iso;
        break;
      }
      case 'number': {
        const n = Number(raw);
        if (!Number.isFinite(n)) bad.push(f.name);
        else body[f.name] = n;
        break;
      }
      case 'plate':
        body[f.name] = String(raw).trim().toUpperCase();
        break;
      case 'text':
      case 'textarea':
        body[f.name] = String(raw).trim();
        break;
      default:
        body[f.name] = raw;
    }
  }
  return { body, bad };
}

/** The actions a row offers: those whose starting states include the row's, and whose own condition holds. */
export function actionsFor<A extends { from: readonly string[]; when?: (row: R) => boolean }, R extends { status: string }>(actions: readonly A[], row: R): A[] {
  return actions.filter((a) => a.from.includes(row.status) && (!a.when || a.when(row)));
}
