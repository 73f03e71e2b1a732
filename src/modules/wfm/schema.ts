/** This module's tables as Kysely sees them (workforce planning 话务与排班). */

interface OrgRow {
  id: string;
  org_id: string;
  created_at: string;
  updated_at: string;
}

/**
 * A call queue (话务队列 / 热线), e.g. 客服热线: its business time zone, planning targets and
 * opening calendar. `slots_*` record the definitions the stored 15-minute aggregates were built with.
 */
export interface WfmQueueTable extends OrgRow {
  name: string;
  project_id: string | null;
  description: string | null;
  time_zone: string;
  /** Default interval of statistics, forecasts and staffing: 15, 30 or 60 minutes. */
  interval_minutes: number;
  /** Service level: `sl_target` of calls answered within `sl_threshold_s`, counted per `sl_definition`. */
  sl_threshold_s: number;
  sl_target: number;
  sl_definition: string;
  short_abandon_s: number;
  target_asa_s: number | null;
  max_occupancy: number | null;
  shrinkage: number;
  /** 'erlang-c' | 'erlang-a'. */
  model: string;
  /** Mean patience for Erlang A; null = estimated from history. */
  patience_s: number | null;
  /** AHT for staffing; null = mean talk time of recent history (+ wrap-up). */
  default_aht_s: number | null;
  /** Wrap-up seconds added to the historical talk time (exports carry none). */
  wrap_up_s: number;
  /** Forecast method name, or null to choose by rolling-origin backtest. */
  forecast_method: string | null;
  /** JSON: { closedWeekdays, openHours, autoLabels, weekStartsOn }. */
  calendar_json: string;
  /** Threshold and short-abandon limit the rows of wfm_slots were counted with. */
  slots_threshold_s: number;
  slots_short_abandon_s: number;
  /** Summary of the stored history (kept up to date by imports). */
  call_count: number;
  first_call_at: string | null;
  last_call_at: string | null;
}

/**
 * One call (话单). Keyed by (queue, call key): the export's call id, or a content hash when the
 * export has none — re-importing a file therefore never doubles the history.
 */
export interface WfmCallTable {
  org_id: string;
  queue_id: string;
  call_key: string;
  arrival_at: string;
  /** 'answered' | 'abandoned' | 'not_offered' (ended in the IVR, never queued). */
  outcome: string;
  wait_s: number;
  talk_s: number;
  agent: string | null;
  service_start_at: string | null;
  service_end_at: string | null;
  /** The export's own queue / call-type value (e.g. PS), when it had one. */
  source_queue: string | null;
}

/**
 * Additive sums of one queue over one 15-minute UTC slot (every zone offset in use is a multiple
 * of 15 minutes, so slots fold exactly into local 15/30/60-minute intervals). Agents are kept by
 * name so that distinct agents on duty can be counted over longer intervals.
 */
export interface WfmSlotTable {
  org_id: string;
  queue_id: string;
  slot_at: string;
  offered: number;
  answered: number;
  abandoned: number;
  short_abandoned: number;
  answered_within_t: number;
  wait_answered_s: number;
  wait_all_s: number;
  talk_s: number;
  busy_s: number;
  /** JSON array of agent names with talk time in the slot. */
  agents_json: string;
}

/** Holidays (closed), special days (factor and/or label) and dates excluded from training. */
export interface WfmCalendarDayTable extends OrgRow {
  queue_id: string;
  date: string;
  /** 'holiday' | 'special' | 'exclude'. */
  kind: string;
  factor: number | null;
  label: string | null;
  note: string | null;
}

/** One call-history import (file upload or CLI) with its progress and report. */
export interface WfmImportTable {
  id: string;
  org_id: string;
  queue_id: string;
  user_id: string | null;
  file_name: string;
  preset: string | null;
  format_json: string;
  /** 'running' | 'done' | 'failed'. */
  status: string;
  /** 'reading' | 'aggregating' | 'done'. */
  phase: string;
  total_bytes: number;
  bytes_read: number;
  rows_read: number;
  records: number;
  inserted: number;
  duplicates: number;
  malformed: number;
  /** The import report without its issue list (counts by reason, by outcome, date range). */
  report_json: string | null;
  /** Reported malformed rows: [{ line, reason, message }] (at most 1,000). */
  issues_json: string;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  finished_at: string | null;
}

/** One interval of a queue's published schedule (排班). */
export interface WfmScheduleTable {
  org_id: string;
  queue_id: string;
  /** Interval start, UTC ISO. */
  start_at: string;
  interval_minutes: number;
  /** Agents on shift in the interval. */
  on_duty: number;
  /** On shift and not on a planned break: available for the phones. */
  working: number;
  published_at: string;
  published_by: string | null;
}

export interface WfmTables {
  wfm_queues: WfmQueueTable;
  wfm_calls: WfmCallTable;
  wfm_slots: WfmSlotTable;
  wfm_calendar_days: WfmCalendarDayTable;
  wfm_imports: WfmImportTable;
  wfm_schedule: WfmScheduleTable;
}
