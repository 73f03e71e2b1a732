import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

/**
 * A month (YYYY-MM, as the API takes it) chosen with antd's month picker. The browser's own
 * <input type="month"> follows the OS language ("July 2026" on an English system); antd takes the
 * zh-CN locale from ConfigProvider and dayjs, and the shown format comes from the catalogue
 * (common.monthFormat: 2026年7月 / Jul 2026).
 */
export function MonthPicker({ value, onChange, allowClear = false, ...rest }: {
  value: string | undefined;
  onChange: (month: string | undefined) => void;
  allowClear?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
  prefix?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const parsed = value && /^\d{4}-\d{2}$/.test(value) ? dayjs(`${value}-01`) : null;
  return (
    <DatePicker
      picker="month"
      value={parsed}
      format={t('common.monthFormat')}
      allowClear={allowClear}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM') : undefined)}
      {...rest}
    />
  );
}
