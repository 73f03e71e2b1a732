/** Pieces shared by the report screens: the scope picker (a project or the whole organisation), periods, KPI names. */
import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type SessionUser } from '../../api';
import { businessDate } from '../../format';
import { useRequest } from '../../hooks';
import { MonthPicker } from '../../components/MonthPicker';

/** Stands for the organisation in the pickers (the API takes no projectId for it); not '' so a required field accepts it. */
export const ORG = '@org';

/** The API's projectId for a picked scope. */
export const projectIdOf = (scope: string | undefined): string | undefined => (scope && scope !== ORG ? scope : undefined);

/** Organisation-wide figures are for organisation-wide users; everyone else starts on their first project. */
export const isOrgWide = (user: SessionUser | null) => user?.projectIds === 'all';

/** Last month in Asia/Shanghai (what a report is usually written for). */
export function previousMonth(): string {
  return dayjs(`${businessDate(new Date().toISOString()).slice(0, 7)}-01`).subtract(1, 'month').format('YYYY-MM');
}

export function ScopeSelect({ user, value, onChange, testId }: { user: SessionUser | null; value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const projects = useRequest(() => api.projects(), []);
  const options = [...(isOrgWide(user) ? [{ value: ORG, label: t('reports.org') }] : []), ...(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))];
  return <Select style={{ minWidth: 180 }} value={value} onChange={onChange} options={options} loading={projects.loading} aria-label={t('reports.field.scope')} data-testid={testId} />;
}

/** The default scope of a user: the organisation, or their first project once the list is in. */
export function useDefaultScope(user: SessionUser | null): string | undefined {
  const projects = useRequest(() => api.projects(), [], !isOrgWide(user));
  if (isOrgWide(user)) return ORG;
  return projects.data?.items[0]?.id;
}

/** A month (YYYY-MM) or a year (YYYY), with antd's pickers. */
export function PeriodPicker({ kind, value, onChange, testId }: { kind: 'month' | 'year'; value?: string; onChange?: (v: string | undefined) => void; testId?: string }) {
  const { t } = useTranslation();
  if (kind === 'month') return <MonthPicker value={value} onChange={(v) => onChange?.(v)} aria-label={t('reports.generate.month')} data-testid={testId} />;
  const parsed = value && /^\d{4}$/.test(value) ? dayjs(`${value}-01-01`) : null;
  return <DatePicker picker="year" value={parsed} allowClear={false} onChange={(d) => onChange?.(d ? d.format('YYYY') : undefined)} aria-label={t('reports.generate.year')} data-testid={testId} />;
}

export function useKpiName() {
  const { t } = useTranslation();
  // Sub-figures (on_time_rate.dispatch) are keyed with "_": a dot would be read as nesting.
  return (code: string) => t(`reports.kpi.${code.replace(/\./g, '_')}` as 'reports.kpi.answer_rate', { defaultValue: code });
}
