import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/**
 * A day (YYYY-MM-DD, as the API takes it) chosen with antd's date picker, never the browser's
 * <input type="date"> (which follows the OS language, not the app's): antd takes the zh-CN locale
 * from ConfigProvider and dayjs. The sibling of MonthPicker.
 */
export function DayPicker({ value, onChange, allowClear = true, ...rest }: {
  /** Optional so that a Form.Item can inject both. */
  value?: string;
  onChange?: (day: string | undefined) => void;
  allowClear?: boolean;
  disabledDate?: (d: Dayjs) => boolean;
  'aria-label'?: string;
  'data-testid'?: string;
  prefix?: string;
  size?: 'small' | 'middle' | 'large';
  style?: React.CSSProperties;
}) {
  const parsed = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : null;
  return (
    <DatePicker
      value={parsed}
      format="YYYY-MM-DD"
      allowClear={allowClear}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      {...rest}
    />
  );
}
