/** Pieces shared by the property-operations screens: project and unit pickers, unit names, downloads. */
import { useEffect, useMemo, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useDebounced, useRequest } from '../../hooks';
import { useProjects } from '../registry/common';

export { ProjectSelect, projectName, useProjects } from '../registry/common';

/** The project a screen works on: the one in the URL, else the user's first. */
export function useProjectChoice(fromUrl: string | undefined) {
  const projects = useProjects();
  const first = projects.data?.items[0]?.id;
  return { projects, projectId: fromUrl ?? first };
}

/** Unit names are resolved once per session (ledgers and bills carry only the unit id). */
const unitLabels = new Map<string, Promise<string>>();
function unitLabel(id: string): Promise<string> {
  let p = unitLabels.get(id);
  if (!p) {
    p = api.unit(id).then(
      (u) => `${u.buildingName ?? ''} ${u.number}`.trim(),
      () => {
        unitLabels.delete(id);
        return '';
      },
    );
    unitLabels.set(id, p);
  }
  return p;
}

/** Labels ("3号楼 1201") for the unit ids on screen. */
export function useUnitLabels(ids: readonly (string | null | undefined)[]): Map<string, string> {
  const key = [...new Set(ids.filter((x): x is string => !!x))].sort().join(',');
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    void Promise.all(list.map(async (id) => [id, await unitLabel(id)] as const)).then((pairs) => {
      if (live) setLabels(new Map(pairs));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return labels;
}

/** Search the units of a project by number ("1201", "3-1201"). */
export function UnitSelect(props: Omit<SelectProps<string>, 'options' | 'onSearch' | 'showSearch' | 'filterOption'> & { projectId: string | undefined }) {
  const { t } = useTranslation();
  const { projectId, ...rest } = props;
  const [term, setTerm] = useState('');
  const q = useDebounced(term, 250);
  const units = useRequest(() => api.units({ projectId, q: q || undefined, pageSize: 30 }), [projectId, q], !!projectId);
  const options = useMemo(() => (units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.buildingName ?? ''} ${u.number}`.trim() })), [units.data]);
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTerm}
      loading={units.loading}
      disabled={!projectId || rest.disabled}
      placeholder={projectId ? t('ops.common.unitSearch') : t('filter.pickProjectFirst')}
      notFoundContent={units.loading ? t('common.loading') : t('common.noMatch')}
      options={options}
      {...rest}
    />
  );
}

/** Save a Blob (an XLSX export) under a file name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A local date (YYYY-MM-DD, Asia/Shanghai) → the UTC instant of its midnight there. */
export function shanghaiMidnightIso(ymd: string): string {
  return new Date(`${ymd}T00:00:00+08:00`).toISOString();
}

/** A datetime-local input value (Asia/Shanghai wall clock) → UTC ISO; '' → undefined. */
export function shanghaiLocalToIso(v: string | undefined | null): string | undefined {
  if (!v) return undefined;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Today in Asia/Shanghai (YYYY-MM-DD). */
export function todayShanghai(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** This month in Asia/Shanghai, shifted by whole months (YYYY-MM). */
export function monthShanghai(offsetMonths = 0): string {
  const [y, m] = todayShanghai().split('-').map(Number);
  const t = y * 12 + (m - 1) + offsetMonths;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
