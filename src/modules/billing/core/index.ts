/**
 * Billing core (收费核心) — pure functions for property fees. No I/O: the store and API layers
 * persist what these functions plan. Money is integer fen (分); the one rounding mode is half
 * up (四舍五入), applied at the steps documented in docs/billing.md.
 *
 * - Fee arithmetic: areaMonthlyFen, prorateMonthFen, prorateRangeFen, meterConsumption,
 *   meteredChargeFen, applyDiscounts, serviceChargeFen.
 * - Bill runs: planBillRun (idempotent, keyed by billLineKey).
 * - Ledger: replayLedger (payments oldest-first, credit balance, refunds, approved
 *   write-offs), allocateOldestFirst, validatePayment; write-off approval requestWriteOff /
 *   decideWriteOff.
 * - Late fees: computeLateFee, assessLateFees, DEFAULT_LATE_FEE_RULE.
 * - Arrears: agingReport, monthsInArrears, overdueFen, arrearsItemsFromLedger,
 *   DEFAULT_AGING_BUCKETS.
 * - Dunning: nextDunningStep, ladderSchedule, DEFAULT_DUNNING_LADDER.
 * - Reports: collectionReport, collectionRate (收费率), householdCollectionRate (户收费率).
 * - Receipts: formatReceiptNo, parseReceiptNo.
 */
export { BillingError, type BillingErrorCode } from './errors';

export {
  type DecimalInput,
  type Dec,
  type Ratio,
  parseDecimal,
  formatDec,
  roundHalfUp,
} from './decimal';

export {
  type DateStr,
  type Cycle,
  type Period,
  parsePeriod,
  cyclePeriodKey,
  cyclePeriodsOverlapping,
  addDays,
  diffDays,
  daysInMonth,
  businessDate,
} from './dates';

export {
  AREA_SCALE,
  PRICE_SCALE,
  READING_SCALE,
  type MonthPortion,
  type MeterReplacement,
  type DiscountTerms,
  type AppliedDiscount,
  type ServiceItem,
  areaMonthlyFen,
  prorateMonthFen,
  prorateRangeFen,
  rangeMonthsRatio,
  meterConsumption,
  meteredChargeFen,
  applyDiscounts,
  serviceChargeFen,
} from './fees';

export {
  type BillableUnit,
  type Occupancy,
  type FeeItem,
  type AreaFeeItem,
  type FixedFeeItem,
  type MeteredFeeItem,
  type MeterReading,
  type Discount,
  type LineBasis,
  type PlannedBillLine,
  type BillRunIssue,
  type BillRunIssueCode,
  type BillRunPlan,
  type BillRunOptions,
  billLineKey,
  planBillRun,
} from './billRun';

export {
  type PaymentMethod,
  type Payment,
  type Refund,
  type LedgerBill,
  type LedgerEvent,
  type Settlement,
  type BillState,
  type AccountState,
  type OpenItem,
  PAYMENT_METHODS,
  validatePayment,
  compareOldest,
  allocateOldestFirst,
  replayLedger,
} from './ledger';

export { type WriteOffStatus, type WriteOffRequest, requestWriteOff, decideWriteOff } from './writeOff';

export {
  type LateFeeRule,
  type PrincipalReduction,
  type LateFeeSegment,
  type LateFeeResult,
  type LateFeeAssessment,
  DEFAULT_LATE_FEE_RULE,
  computeLateFee,
  assessLateFees,
} from './lateFee';

export {
  type AgingBucket,
  type ArrearsItem,
  type AgingReport,
  DEFAULT_AGING_BUCKETS,
  daysPastDue,
  agingReport,
  monthsInArrears,
  overdueFen,
  arrearsItemsFromLedger,
} from './arrears';

export {
  type LadderStep,
  type DunningLadder,
  type StepRecord,
  type StepApproval,
  type DunningInput,
  type DunningDecision,
  DEFAULT_DUNNING_LADDER,
  nextDayOfMonth,
  ladderSchedule,
  inLadder,
  nextDunningStep,
} from './dunning';

export {
  type CollectionDimension,
  type ReceivableRecord,
  type CollectionPlan,
  type CollectionRow,
  type CollectionReportOptions,
  collectionRate,
  householdCollectionRate,
  collectionReport,
} from './collection';

export { type ReceiptNoFormat, formatReceiptNo, parseReceiptNo } from './receipt';
