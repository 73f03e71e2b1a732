import { useState } from 'react';
import { Button, Card, Col, Input, Row, Select, Statistic, Table, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { EQUIPMENT_KINDS, opsApi, type EquipmentAlert, type EquipmentKind, type FireEquipment } from '../../../opsApi';
import { ProjectSelect, useProjectChoice } from '../opsShared';
import { CheckModal } from './CheckModal';

const ALERT_COLORS: Record<EquipmentAlert, string> = { expired: 'red', expiring: 'orange', check_overdue: 'red', check_due: 'gold' };
const STATUSES = ['in_service', 'faulty', 'retired'] as const;
const STATUS_COLORS: Record<FireEquipment['status'], string> = { in_service: 'green', faulty: 'red', retired: 'default' };

/** 消防设施台账: extinguishers, hydrants, lights… with expiry and check-due alerts; a check that finds a fault opens a hazard. */
export default function FireEquipmentPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const parse = (p: URLSearchParams) => ({ projectId: text(p, 'projectId'), kind: oneOf(p, 'kind', EQUIPMENT_KINDS), status: oneOf(p, 'status', STATUSES), q: text(p, 'q') });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.equipment({ projectId, kind: f.kind, status: f.status, q: f.q, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const alerts = useRequest(() => opsApi.equipmentAlerts(projectId!, 30), [projectId], !!projectId);
  const [checking, setChecking] = useState<FireEquipment | null>(null);
  const canWrite = hasPermission(user, 'inspections.write');
  const date = (d: string | null) => (d ? formatDate(d, locale) : t('common.none'));
  const counts = alerts.data?.counts;

  return (
    <>
      <PageHeader title={t('ops.nav.equipment')} sub={t('ops.equip.intro')} />
      {counts && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="equipment-alerts">
          <Row gutter={16}>
            <Col xs={12} md={6}><Statistic title={t('ops.equip.alerts.expired')} value={counts.expired} valueStyle={counts.expired ? { color: '#cf1322' } : undefined} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.equip.alerts.expiring')} value={counts.expiring} valueStyle={counts.expiring ? { color: '#d46b08' } : undefined} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.equip.alerts.check_overdue')} value={counts.checkOverdue} valueStyle={counts.checkOverdue ? { color: '#cf1322' } : undefined} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.equip.alerts.check_due')} value={counts.checkDue} /></Col>
          </Row>
        </Card>
      )}
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string> value={f.kind} allowClear placeholder={t('ops.equip.kind')} aria-label={t('ops.equip.kind')} onChange={(v) => update({ kind: v as EquipmentKind | undefined })} options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`ops.equip.kinds.${k}`) }))} />
          <Select<string> value={f.status} allowClear placeholder={t('filter.state')} aria-label={t('filter.state')} onChange={(v) => update({ status: v as FireEquipment['status'] | undefined })} options={STATUSES.map((s) => ({ value: s, label: t(`ops.equip.status.${s}`) }))} />
          <Input.Search data-wide key={f.q ?? ''} defaultValue={f.q} allowClear placeholder={t('ops.equip.search')} aria-label={t('ops.equip.search')} onSearch={(v) => update({ q: v.trim() || undefined })} />
        </FilterBar>
        <Table<FireEquipment>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="equipment-table"
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.equip.code'), dataIndex: 'code' },
            { title: t('ops.equip.kind'), dataIndex: 'kind', render: (k: EquipmentKind) => t(`ops.equip.kinds.${k}`) },
            { title: t('ops.equip.location'), dataIndex: 'location' },
            { title: t('ops.equip.model'), dataIndex: 'model', render: (v: string | null) => v ?? t('common.none'), responsive: ['xl'] },
            { title: t('ops.equip.lastChecked'), dataIndex: 'lastCheckedOn', render: date },
            { title: t('ops.equip.nextCheck'), dataIndex: 'nextCheckDue', render: date },
            { title: t('ops.equip.expiry'), dataIndex: 'expiryDate', render: date },
            { title: t('ops.ledger.status'), dataIndex: 'status', render: (s: FireEquipment['status']) => <Tag color={STATUS_COLORS[s]}>{t(`ops.equip.status.${s}`)}</Tag> },
            { title: t('ops.equip.alertsCol'), dataIndex: 'alerts', render: (a: EquipmentAlert[]) => a.map((x) => <Tag key={x} color={ALERT_COLORS[x]}>{t(`ops.equip.alerts.${x}`)}</Tag>) },
            ...(canWrite ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, e: FireEquipment) => e.status !== 'retired' && <Button size="small" onClick={() => setChecking(e)} data-testid="equipment-check">{t('ops.insp.check')}</Button> }] : []),
          ]}
        />
      </Card>
      <CheckModal
        open={!!checking}
        title={checking ? t('ops.insp.checkTitle', { name: `${checking.code} ${checking.location}` }) : ''}
        items={undefined}
        onClose={() => setChecking(null)}
        submit={async (c) => {
          const r = await opsApi.checkEquipment(checking!.id, c);
          res.reload();
          alerts.reload();
          if (r.hazardOrderId) navigate(`/inspections/hazards?open=${r.hazardOrderId}&projectId=${checking!.projectId}`);
          return r;
        }}
      />
    </>
  );
}
