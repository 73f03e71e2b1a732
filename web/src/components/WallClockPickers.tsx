import { DatePicker, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/**
 * Times of day and wall-clock date-times (Asia/Shanghai, as typed) chosen with antd's pickers,
 * never the browser's <input type="time"> / "datetime-local", which follow the OS language
 * (`07:00 AM` on an English system). The values stay the strings the native inputs produced
 * (`HH:mm`, `YYYY-MM-DDTHH:mm`), so forms and their parsers are unchanged. Siblings of DayPicker.
 */
type Common = {
  allowClear?: boolean;
  disabled?: boolean;
  size?: 'small' | 'middle' | 'large';
  'aria-label'?: string;
  'data-testid'?: string;
  prefix?: string;
  style?: React.CSSProperties;
};

/** A time of day, `HH:mm` (24-hour clock, five-minute steps are not imposed). */
export function ClockPicker({ value, onChange, allowClear = false, ...rest }: Common & { value?: string; onChange?: (hhmm: string | undefined) => void }) {
  const parsed = value && /^\d{2}:\d{2}$/.test(value) ? dayjs(`2000-01-01T${value}`) : null;
  return (
    <TimePicker
      value={parsed}
      format="HH:mm"
      needConfirm={false}
      allowClear={allowClear}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format('HH:mm') : undefined)}
      {...rest}
    />
  );
}

/** A wall-clock date and time, `YYYY-MM-DDTHH:mm` (read as Asia/Shanghai by the callers' parsers). */
export function DateTimePicker({ value, onChange, allowClear = true, ...rest }: Common & { value?: string; onChange?: (local: string | undefined) => void }) {
  const parsed = value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? dayjs(value.slice(0, 16)) : null;
  return (
    <DatePicker
      showTime={{ format: 'HH:mm' }}
      value={parsed}
      format="YYYY-MM-DD HH:mm"
      allowClear={allowClear}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format('YYYY-MM-DDTHH:mm') : undefined)}
      {...rest}
    />
  );
}
