/**
 * Error type of the billing core. Every precondition violation throws a BillingError with a
 * stable `code` so the HTTP layer can map it to a 4xx and a localised message; `details`
 * carries the values a message template needs.
 */
export type BillingErrorCode =
  | 'INVALID_DECIMAL'
  | 'INVALID_AMOUNT'
  /** The arithmetic itself overflowed (a result beyond 2^53 fen), not a bad input. */
  | 'AMOUNT_OVERFLOW'
  | 'INVALID_DATE'
  | 'INVALID_PERIOD'
  | 'INVALID_RANGE'
  | 'METER_READING_DECREASED'
  | 'METER_REPLACEMENT_INVALID'
  | 'INVALID_FEE_ITEM'
  | 'MISSING_REFERENCE'
  | 'INSUFFICIENT_CREDIT'
  | 'UNKNOWN_BILL'
  | 'DUPLICATE_BILL'
  | 'DUPLICATE_PAYMENT'
  | 'DUPLICATE_WRITE_OFF'
  | 'INVALID_EVENT'
  | 'WRITE_OFF_NOT_APPROVED'
  | 'WRITE_OFF_EXCEEDS_OUTSTANDING'
  | 'WRITE_OFF_ALREADY_DECIDED'
  | 'WRITE_OFF_SELF_APPROVAL'
  | 'WRITE_OFF_FORBIDDEN'
  | 'RECEIPT_SEQUENCE_OVERFLOW'
  | 'INVALID_RECEIPT_NO'
  | 'INVALID_LADDER';

export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: BillingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'BillingError';
    this.code = code;
    this.details = details;
  }
}

/** Throws INVALID_AMOUNT unless `fen` is a safe integer (and ≥ 0 unless negatives allowed). */
export function assertFen(fen: number, name: string, opts: { allowNegative?: boolean } = {}): void {
  if (!Number.isSafeInteger(fen) || (!opts.allowNegative && fen < 0)) {
    throw new BillingError('INVALID_AMOUNT', `${name} must be a ${opts.allowNegative ? '' : 'non-negative '}integer number of fen, got ${fen}`, { name, value: fen });
  }
}
