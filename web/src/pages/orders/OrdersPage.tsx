import { useState } from 'react';
import { Button, Card, Input, Select, Table, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { ProjectSelect, useProjects } from '../registry/common';
import { deskApi, ORDER_KINDS, PRIORITIES, QUEUES, type Order, type OrderKind, type Priority } from './api';
import { ALL_STATES, kindLabel, stateLabel } from './lifecycle';
import { CurrentClock, orderPlace, PriorityTag, StateTag } from './OrderBits';
import { CreateOrderModal } from './CreateOrderModal';

const SORTS = ['created_desc', 'deadline', 'created_asc'] as const;

const parseFilters = (p: URLSearchParams) => ({
  queue: oneOf(p, 'queue', QUEUES),
  projectId: text(p, 'projectId'),
  kind: oneOf(p, 'kind', ORDER_KINDS),
  state: oneOf(p, 'state', ALL_STATES),
  priority: oneOf(p, 'priority', PRIORITIES),
  q: text(p, 'q'),
  sort: oneOf(p, 'sort', SORTS),
});

/** 工单 — every order the user may see, by queue (mine, unassigned, near breach …) and filters. */
export default function OrdersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const { values: f, update, key } = useListParams(parseFilters);
  const projects = useProjects();
  const queue = f.queue ?? 'open';
  const res = useRequest(() => deskApi.orders({ ...f, queue }), [key]);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('nav.orders')}
        extra={
          hasPermission(user, 'orders.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-create">
              {t('orders.create')}
            </Button>
          )
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <Tabs
          activeKey={queue}
          onChange={(k) => update({ queue: k as typeof queue })}
          items={QUEUES.map((q) => ({ key: q, label: t(`orders.queue.${q}`) }))}
          data-testid="order-queues"
          style={{ marginTop: -8 }}
        />
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={f.projectId} allowClear aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select
            allowClear
            value={f.kind}
            placeholder={t('orders.col.kind')}
            aria-label={t('orders.col.kind')}
            options={ORDER_KINDS.map((k) => ({ value: k, label: kindLabel(locale, k) }))}
            onChange={(v) => update({ kind: v as OrderKind | undefined })}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={f.state}
            placeholder={t('orders.col.state')}
            aria-label={t('orders.col.state')}
            options={ALL_STATES.map((s) => ({ value: s, label: stateLabel(locale, f.kind ?? 'repair', s) }))}
            onChange={(v) => update({ state: v })}
          />
          <Select
            allowClear
            value={f.priority}
            placeholder={t('orders.col.priority')}
            aria-label={t('orders.col.priority')}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`orders.priority.${p}`) }))}
            onChange={(v) => update({ priority: v as Priority | undefined })}
          />
          <Select
            value={f.sort ?? 'created_desc'}
            aria-label={t('orders.sortLabel')}
            options={SORTS.map((s) => ({ value: s, label: t(`orders.sort.${s}`) }))}
            onChange={(v) => update({ sort: v === 'created_desc' ? undefined : v })}
          />
          <Input.Search
            data-wide
            key={f.q ?? ''}
            defaultValue={f.q}
            allowClear
            placeholder={t('orders.searchPlaceholder')}
            aria-label={t('orders.searchPlaceholder')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            data-testid="order-search"
          />
        </FilterBar>
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="orders-table"
          onRow={(o) => ({ onClick: () => navigate(`/orders/${o.id}`), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            {
              title: t('orders.col.number'),
              dataIndex: 'number',
              render: (n: string, o) => (
                <Link to={`/orders/${o.id}`} onClick={(e) => e.stopPropagation()} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {n}
                </Link>
              ),
            },
            {
              title: t('orders.col.title'),
              dataIndex: 'title',
              render: (v: string, o) => (
                <div style={{ maxWidth: 280 }}>
                  <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text>
                  <div style={{ fontSize: 12, opacity: 0.65 }}>{[kindLabel(locale, o.kind), o.category].filter(Boolean).join(' · ')}</div>
                </div>
              ),
            },
            { title: t('orders.col.state'), dataIndex: 'state', render: (s: string, o) => <StateTag kind={o.kind} state={s} /> },
            { title: t('orders.col.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} always />, responsive: ['md'] },
            { title: t('orders.col.place'), key: 'place', render: (_, o) => orderPlace(o), responsive: ['lg'] },
            { title: t('orders.col.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? '', responsive: ['md'] },
            { title: t('orders.col.sla'), key: 'sla', render: (_, o) => <CurrentClock order={o} /> },
            { title: t('orders.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale), responsive: ['sm'] },
          ]}
        />
      </Card>
      <CreateOrderModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/orders/${id}`);
        }}
      />
    </>
  );
}
