import { Select, Tag, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { deskApi, type StaffUser } from './api';

const cache = new Map<string, Promise<{ items: StaffUser[] }>>();
/** Staff lists change rarely; one load per role per visit is enough. */
function loadStaff(role?: string) {
  const key = role ?? '*';
  let p = cache.get(key);
  if (!p) {
    p = deskApi.staff(role);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/**
 * Pick a member of staff: technicians (with skills, on-duty first, those with the needed skill
 * first) or anyone but residents.
 */
export function StaffSelect({ technicians, skill, ...rest }: Omit<SelectProps<string>, 'options'> & { technicians: boolean; skill?: string | null }) {
  const { t } = useTranslation();
  const res = useRequest(() => loadStaff(technicians ? 'technician' : undefined), [technicians]);
  const people = (res.data?.items ?? []).filter((u) => u.active && u.role !== 'resident');
  const score = (u: StaffUser) => (u.onDuty ? 0 : 2) + (skill && !u.skills.includes(skill) ? 1 : 0);
  const sorted = technicians ? [...people].sort((a, b) => score(a) - score(b) || a.displayName.localeCompare(b.displayName)) : people;
  return (
    <Select<string>
      showSearch
      optionFilterProp="search"
      loading={res.loading}
      status={res.error ? 'error' : undefined}
      placeholder={res.error ? res.error.message : t('orders.pickPerson')}
      options={sorted.map((u) => ({
        value: u.id,
        search: `${u.displayName} ${u.username} ${u.skills.join(' ')}`,
        label: (
          <span>
            {u.displayName}
            {technicians && u.skills.length > 0 && <span style={{ opacity: 0.65 }}> · {u.skills.join('/')}</span>}
            {technicians && !u.onDuty && (
              <Tag style={{ marginInlineStart: 6 }} bordered={false}>
                {t('dispatch.offDuty')}
              </Tag>
            )}
          </span>
        ),
      }))}
      {...rest}
    />
  );
}
