import { useMemo } from 'react';
import { Breadcrumb, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, UNIT_STATES, type Building, type UnitState } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { formatNumber, formatPercent } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { FullPageSpin } from '../../components/FullPageSpin';
import { PieChart } from '../../charts/PieChart';
import { UnitStateTag } from './common';

const STATE_CHART_COLORS: Record<UnitState, string> = { occupied: '#52c41a', vacant: '#faad14', renovating: '#722ed1', unsold: '#bfbfbf' };

export default function ProjectDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const project = useRequest(() => api.project(id), [id]);
  const buildings = useRequest(() => api.buildings({ projectId: id }), [id]);

  const p = project.data;
  const counts = useMemo(() => UNIT_STATES.map((s) => ({ state: s, count: p?.unitCounts[s] ?? 0 })), [p]);
  const total = counts.reduce((s, c) => s + c.count, 0);
  const slices = useMemo(
    () => counts.filter((c) => c.count > 0).map((c) => ({ name: t(`unitState.${c.state}`), value: c.count, color: STATE_CHART_COLORS[c.state] })),
    [counts, t],
  );
  const chartLabel = t('project.chartLabel', {
    summary: counts.map((c) => `${t(`unitState.${c.state}`)} ${formatNumber(c.count, locale)}`).join(', '),
  });

  if (project.error) return <LoadError error={project.error} onRetry={project.reload} />;
  if (!p) return <FullPageSpin />;

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/registry/projects">{t('nav.projects')}</Link> }, { title: p.name }]}
      />
      <PageHeader
        title={p.name}
        sub={p.address ?? undefined}
        extra={
          <Button type="primary" onClick={() => navigate(`/registry/units?projectId=${p.id}`)}>
            {t('project.viewUnits')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('project.basics')} style={{ height: '100%' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('project.code')}>{p.code}</Descriptions.Item>
              <Descriptions.Item label={t('project.kind')}>{t(`projectKind.${p.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('project.address')}>{p.address ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('project.timeZone')}>{p.timeZone}</Descriptions.Item>
              <Descriptions.Item label={t('project.phases')}>
                {p.phases.length ? (
                  <Space wrap size={[4, 4]}>
                    {p.phases.map((ph) => (
                      <Tag key={ph.id}>{ph.name}</Tag>
                    ))}
                  </Space>
                ) : (
                  t('project.noPhases')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('project.unitTotal')}>{formatNumber(total, locale)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('project.unitsByState')} style={{ height: '100%' }}>
            {total > 0 ? <PieChart data={slices} label={chartLabel} height={240} /> : <Typography.Text type="secondary">{t('project.noUnits')}</Typography.Text>}
            <Table
              size="small"
              rowKey="state"
              pagination={false}
              dataSource={counts}
              style={{ marginTop: 8 }}
              data-testid="unit-counts"
              columns={[
                { title: t('unit.state'), dataIndex: 'state', render: (s: UnitState) => <UnitStateTag state={s} /> },
                { title: t('project.count'), dataIndex: 'count', align: 'right', render: (n: number) => formatNumber(n, locale) },
                { title: t('project.share'), key: 'share', align: 'right', render: (_: unknown, c) => (total ? formatPercent(c.count / total, locale) : '–') },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('project.buildings')}>
            {buildings.error && <LoadError error={buildings.error} onRetry={buildings.reload} />}
            <Table<Building>
              size="small"
              rowKey="id"
              loading={buildings.loading}
              dataSource={buildings.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 480 }}
              columns={[
                { title: t('building.name'), dataIndex: 'name' },
                { title: t('building.phase'), dataIndex: 'phaseName', render: (v: string | null) => v ?? t('common.none') },
                { title: t('building.floors'), dataIndex: 'floors', align: 'right', render: (v: number | null) => (v == null ? t('common.none') : formatNumber(v, locale)) },
                {
                  title: t('common.actions'),
                  key: 'go',
                  render: (_: unknown, b) => <Link to={`/registry/units?projectId=${p.id}&buildingId=${b.id}`}>{t('building.viewUnits')}</Link>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
