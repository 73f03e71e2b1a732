/** Workforce management (WFM) pure core: import, interval statistics, forecasting, Erlang staffing. */
export type { CallRecord, QueueLoad, QueueMeasures, SlDefinition, SlSpec } from './types';
export { ErlangBTable, erlangAMeasures, erlangB, erlangC, erlangCFromB, erlangCMeasures, hasAbandonment, offeredLoad, queueMeasures } from './erlang';
export { agentsWithShrinkage, requiredAgents, staffIntervals, type StaffingConstraint, type StaffingResult, type StaffingTarget } from './staffing';
export {
  anonymousBankFormat, CALL_RECORD_PRESETS, CallRecordFormatError, compileTimePattern, createCallRecordParser, importCallRecords,
  splitDelimited, splitLines, type AnonymousBankOptions, type CallRecordColumns, type CallRecordFormat, type CallRecordParser,
  type CallRecordPreset, type ColumnRef, type ImportIssue, type ImportReport, type MalformedReason, type TimeFormat,
} from './callRecords';
export {
  createIntervalAccumulator, deriveMetrics, intervalStats, periodStartOf, rollUp, type IntervalAccumulator, type IntervalMetrics,
  type IntervalOptions, type IntervalStat, type IntervalSums, type PeriodStat, type RollUpPeriod,
} from './intervals';
export { parseIntervalCounts, seriesFromIntervalStats, type IntervalCountsOptions, type IntervalCountsReport, type IntervalSeries } from './series';
export {
  backtest, defaultCandidates, forecastSeries, holtWintersProfile, meanOfLastWeeks, regressionProfile, seasonalNaive, seasonalNaiveScale,
  selectMethod, targetDays, trainingDays, wape, weeklyOrigins, type BacktestOptions, type ForecastCalendar, type ForecastDay,
  type ForecastMethod, type HorizonScore, type MethodScore, type ProfileMethodOptions, type RegressionMethodOptions, type TargetDay,
  type TrainingDay,
} from './forecast';
export { erlangFidelity, quantile, summarizeErrors, type ErrorSummary, type FidelityOptions, type FidelityRow } from './fidelity';
export { addDays, dayNumber, formatLocalIso, localDateOf, localToUtcMs, weekdayOf, zoneOffsetMinutes } from './timezone';
export {
  affectedDays, CallKeyer, fillIntervals, foldSlots, localDateRangeUtc, mergeSlotRows, outcomeOf, rebuildWindows, recordFromRow,
  slotRowsFromStats, SLOT_MINUTES, type FoldOptions, type SlCounting, type SlotRow,
} from './history';
export { erlangCalculator, ErlangInputError, type ErlangInput, type ErlangOutput } from './calculator';
export { generateDemoCalls, HOURLY_SHAPE, WEEKDAY_FACTOR, type DemoHistoryOptions, type DemoQueueSpec } from './demoHistory';
export { measuresAt } from './fidelity';
export {
  adaptivePresence, agentStretches, createPresenceCollector, idleThresholdFromGaps, presenceByInterval, rollUpPresence, withinAgentGaps,
  type IntervalPresence, type PresenceOptions, type PresencePeriod, type ServiceSpan, type Stretch,
} from './presence';
export {
  createIntervalCountParser, intervalStatsFromCounts, looksLikeIntervalCounts, type IntervalCountColumns, type IntervalCountFormat,
  type IntervalCountRecord, type IntervalCountReport,
} from './intervalCounts';
export { BUILT_IN_CALENDARS, builtInHolidays, parseHolidayFile, usFederalHolidays, withHolidays, type BuiltInCalendar } from './calendars';
