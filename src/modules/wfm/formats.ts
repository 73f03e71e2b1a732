/**
 * Import layouts as the API and CLI accept them: a preset name and/or an explicit column mapping
 * with time formats (the core's `CallRecordFormat`), validated with zod.
 */
import { z } from 'zod';
import { isValidTimeZone as isIanaTimeZone } from '../../core/dates';
import { AppError } from '../../core/errors';
import { CALL_RECORD_PRESETS, CallRecordFormatError, compileTimePattern, type CallRecordFormat, type CallRecordPreset } from './callRecords';

/** True for an IANA zone name this runtime knows (the one check every module uses). */
export function isValidTimeZone(zone: string): boolean {
  return isIanaTimeZone(zone);
}

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, { message: 'wfm.bad_time_zone' });

const columnRef = z.union([z.string().trim().min(1).max(80), z.number().int().min(0).max(1000)]);
const codes = z.array(z.string().max(40)).max(50);

/** Column mapping and formats for files without a preset (see `CallRecordFormat`). */
export const callRecordFormatSchema = z
  .object({
    columns: z
      .object({
        queue: columnRef.optional(),
        date: columnRef.optional(),
        arrival: columnRef,
        queueEnter: columnRef.optional(),
        queueExit: columnRef.optional(),
        serviceStart: columnRef.optional(),
        serviceEnd: columnRef.optional(),
        waitSeconds: columnRef.optional(),
        talkSeconds: columnRef.optional(),
        outcome: columnRef.optional(),
        agent: columnRef.optional(),
        callId: z.union([columnRef, z.array(columnRef).min(1).max(5)]).optional(),
      })
      .strict(),
    delimiter: z.string().min(1).max(4).optional(),
    quoting: z.boolean().optional(),
    hasHeader: z.boolean().optional(),
    dateFormat: z.string().min(1).max(40).optional(),
    timeFormat: z.string().min(1).max(40).optional(),
    durationFormat: z.enum(['seconds', 'h:mm:ss']).optional(),
    sourceTimeZone: timeZoneSchema.optional(),
    nullTimeValues: codes.optional(),
    nullAgentValues: codes.optional(),
    outcomes: z.object({ answered: codes.optional(), abandoned: codes.optional(), ignored: codes.optional() }).strict().optional(),
    allowedQueues: codes.optional(),
    defaultQueue: z.string().max(80).optional(),
    requireQueueEntryForAbandon: z.boolean().optional(),
    clockToleranceSeconds: z.number().min(0).max(3600).optional(),
    maxReportedErrors: z.number().int().min(0).max(10_000).optional(),
    twoDigitYearPivot: z.number().int().min(0).max(99).optional(),
  })
  .strict();

/** A preset's overrides: like a format, every part optional (columns merge into the preset's). */
export const formatOverridesSchema = callRecordFormatSchema.partial().extend({
  columns: callRecordFormatSchema.shape.columns.partial().optional(),
});

export type FormatOverrides = z.infer<typeof formatOverridesSchema>;

export const PRESET_NAMES = Object.keys(CALL_RECORD_PRESETS) as CallRecordPreset[];

/**
 * The effective format of an import: the preset (if any) with the overrides merged in, local
 * times read in `timeZone` (else the format's own zone, else the queue's zone).
 */
export function resolveFormat(input: { preset?: string | null; format?: FormatOverrides | null; timeZone?: string | null }, queueZone: string): CallRecordFormat {
  const zone = input.timeZone ?? input.format?.sourceTimeZone ?? queueZone;
  if (!isValidTimeZone(zone)) throw new AppError(400, 'wfm.bad_time_zone', { zone });
  let format: CallRecordFormat;
  if (input.preset) {
    const make = CALL_RECORD_PRESETS[input.preset as CallRecordPreset];
    if (!make) throw new AppError(400, 'wfm.unknown_preset', { preset: input.preset });
    const base = make({ sourceTimeZone: zone });
    const o = input.format ?? {};
    format = { ...base, ...(o as Partial<CallRecordFormat>), columns: { ...base.columns, ...(o.columns ?? {}) }, sourceTimeZone: zone };
  } else {
    const parsed = callRecordFormatSchema.safeParse(input.format ?? null);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(400, 'wfm.bad_format', { reason: input.format ? `${issue.path.join('.') || 'format'}: ${issue.message}` : 'preset or format (columns.arrival) required' });
    }
    format = { ...(parsed.data as CallRecordFormat), sourceTimeZone: zone };
  }
  // Fail before any upload is read: patterns must compile.
  try {
    for (const p of [format.dateFormat, format.timeFormat]) if (p) compileTimePattern(p);
  } catch (e) {
    if (e instanceof CallRecordFormatError) throw new AppError(400, 'wfm.bad_format', { reason: e.message });
    throw e;
  }
  return format;
}
