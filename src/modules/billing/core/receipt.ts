/**
 * Receipt numbers (收据号): prefix + business date yyyymmdd + daily sequence, e.g.
 * SK202603150001. The sequence restarts each day; the store hands out sequences.
 */
import { BillingError } from './errors';
import { type DateStr, assertDate } from './dates';

export interface ReceiptNoFormat {
  /** Upper-case letters, 1–6 (default 'SK' = 收款). */
  readonly prefix?: string;
  /** Digits of the sequence, zero-padded (default 4). */
  readonly width?: number;
}

function fmt(f: ReceiptNoFormat): { prefix: string; width: number } {
  const prefix = f.prefix ?? 'SK';
  const width = f.width ?? 4;
  if (!/^[A-Z]{1,6}$/.test(prefix)) throw new BillingError('INVALID_RECEIPT_NO', `receipt prefix must be 1–6 upper-case letters, got "${prefix}"`);
  if (!Number.isInteger(width) || width < 1 || width > 10) throw new BillingError('INVALID_RECEIPT_NO', 'receipt sequence width must be 1–10');
  return { prefix, width };
}

/** formatReceiptNo('2026-03-15', 1) → 'SK202603150001'. Sequences start at 1. */
export function formatReceiptNo(date: DateStr, sequence: number, format: ReceiptNoFormat = {}): string {
  const { prefix, width } = fmt(format);
  assertDate(date, 'receipt date');
  if (!Number.isInteger(sequence) || sequence < 1) throw new BillingError('INVALID_RECEIPT_NO', `receipt sequence must be a positive integer, got ${sequence}`);
  const seq = String(sequence);
  if (seq.length > width) {
    throw new BillingError('RECEIPT_SEQUENCE_OVERFLOW', `receipt sequence ${sequence} does not fit in ${width} digits`, { sequence, width });
  }
  return `${prefix}${date.replaceAll('-', '')}${seq.padStart(width, '0')}`;
}

/** Inverse of formatReceiptNo; throws INVALID_RECEIPT_NO on anything else. */
export function parseReceiptNo(no: string, format: ReceiptNoFormat = {}): { date: DateStr; sequence: number } {
  const { prefix, width } = fmt(format);
  const m = new RegExp(`^${prefix}(\\d{4})(\\d{2})(\\d{2})(\\d{${width}})$`).exec(no);
  if (!m) throw new BillingError('INVALID_RECEIPT_NO', `not a receipt number: "${no}"`, { value: no });
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  try {
    assertDate(date);
  } catch {
    throw new BillingError('INVALID_RECEIPT_NO', `receipt number has an impossible date: "${no}"`, { value: no });
  }
  const sequence = Number(m[4]);
  if (sequence < 1) throw new BillingError('INVALID_RECEIPT_NO', `receipt sequence must start at 1: "${no}"`, { value: no });
  return { date, sequence };
}
