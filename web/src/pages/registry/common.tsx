import { Select, Tag, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, UNIT_STATES, UNIT_TYPES, type ParkingState, type Project, type UnitState } from '../../api';
import { useRequest } from '../../hooks';

const STATE_COLORS: Record<UnitState, string> = { unsold: 'default', vacant: 'gold', occupied: 'green', renovating: 'purple' };
const PARKING_COLORS: Record<ParkingState, string> = { free: 'green', occupied: 'blue', reserved: 'orange' };

export function UnitStateTag({ state }: { state: UnitState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{t(`unitState.${state}`)}</Tag>;
}

export function ParkingStateTag({ state }: { state: ParkingState }) {
  const { t } = useTranslation();
  return <Tag color={PARKING_COLORS[state]}>{t(`parkingState.${state}`)}</Tag>;
}

/** Projects the user may see, loaded once per screen. */
export function useProjects() {
  return useRequest(() => api.projects(), []);
}

export function projectName(projects: Project[] | undefined, id: string | null | undefined): string {
  if (!id) return '';
  return projects?.find((p) => p.id === id)?.name ?? '';
}

type SelectBase = Omit<SelectProps<string>, 'options' | 'mode'>;

export function ProjectSelect(props: SelectBase & { projects: Project[] | undefined }) {
  const { t } = useTranslation();
  const { projects, ...rest } = props;
  return (
    <Select<string>
      showSearch
      optionFilterProp="label"
      placeholder={t('filter.project')}
      loading={!projects}
      options={(projects ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
      {...rest}
    />
  );
}

export function BuildingSelect(props: SelectBase & { projectId: string | undefined }) {
  const { t } = useTranslation();
  const { projectId, ...rest } = props;
  const buildings = useRequest(() => api.buildings({ projectId }), [projectId], !!projectId);
  return (
    <Select<string>
      showSearch
      optionFilterProp="label"
      placeholder={projectId ? t('filter.building') : t('filter.pickProjectFirst')}
      disabled={!projectId || rest.disabled}
      loading={buildings.loading && !!projectId}
      options={projectId ? (buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.phaseName ? `${b.phaseName} · ${b.name}` : b.name })) : []}
      {...rest}
    />
  );
}

export function UnitStateSelect(props: SelectBase) {
  const { t } = useTranslation();
  return <Select<string> placeholder={t('filter.state')} options={UNIT_STATES.map((s) => ({ value: s, label: t(`unitState.${s}`) }))} {...props} />;
}

export function UnitTypeSelect(props: SelectBase) {
  const { t } = useTranslation();
  return <Select<string> placeholder={t('filter.type')} options={UNIT_TYPES.map((s) => ({ value: s, label: t(`unitType.${s}`) }))} {...props} />;
}
