import { useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useDebounced, useRequest } from '../../hooks';

/** Find a unit of a project by typing its number (3-1201); the server searches, 20 at a time. */
export function UnitSearchSelect({
  projectId,
  current,
  ...rest
}: Omit<SelectProps<string>, 'options' | 'showSearch' | 'onSearch'> & { projectId: string | undefined; current?: { id: string; label: string } | null }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim(), 250);
  const res = useRequest(() => api.units({ projectId, q: q || undefined, pageSize: 20 }), [projectId, q], !!projectId);
  return (
    <Select<string>
      showSearch
      filterOption={false}
      onSearch={setTyped}
      allowClear
      disabled={!projectId || rest.disabled}
      loading={res.loading && !!projectId}
      placeholder={projectId ? t('orders.unitSearch') : t('filter.pickProjectFirst')}
      notFoundContent={res.loading ? null : t('common.noMatch')}
      options={[
        // The chosen unit keeps its name even when the latest search did not return it.
        ...(current && !(res.data?.items ?? []).some((u) => u.id === current.id) ? [{ value: current.id, label: current.label }] : []),
        ...(projectId ? (res.data?.items ?? []).map((u) => ({ value: u.id, label: u.buildingName ? `${u.buildingName} ${u.number}` : u.number })) : []),
      ]}
      {...rest}
    />
  );
}
