import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Tooltip } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { businessDate, formatDate, formatDateTime } from '../../format';
import { listPagination, text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { DayPicker } from '../../components/DayPicker';
import { SUBJECT_KINDS, qualityApi, type Plan, type PlanItem, type Stratum, type SubjectKind } from './api';

const parseFilters = (p: URLSearchParams) => ({ plan: text(p, 'plan') });
const INSPECTOR_ROLES = ['qa', 'manager', 'admin', 'supervisor'];

/** 抽样计划 — the plans drawn for a period (quotas, strata, seed) and the items each drew, with why. */
export default function PlansPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { values: f, update, key } = useListParams(parseFilters);
  const plans = useRequest(() => qualityApi.plans(), []);
  const items = useRequest(() => qualityApi.planItems(f.plan!, { page: f.page, pageSize: f.pageSize }), [key], !!f.plan);
  const [creating, setCreating] = useState(false);
  const plan = plans.data?.items.find((p) => p.id === f.plan);

  return (
    <>
      <PageHeader
        title={t('quality.nav.plans')}
        sub={t('quality.plans.sub')}
        extra={
          hasPermission(user, 'quality.write') && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('quality.plans.new')}
            </Button>
          )
        }
      />
      {plans.error && <LoadError error={plans.error} onRetry={plans.reload} />}
      <Card>
        <Table<Plan>
          rowKey="id"
          size="small"
          loading={plans.loading}
          dataSource={plans.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(p) => ({ onClick: () => update({ plan: p.id }), style: { cursor: 'pointer', background: p.id === f.plan ? '#f0f7ff' : undefined } })}
          data-testid="qa-plans"
          columns={[
            { title: t('quality.plans.name'), key: 'n', render: (_, p) => p.name },
            { title: t('quality.plans.from'), key: 'f', render: (_, p) => `${formatDate(p.from, locale)} – ${formatDate(p.to, locale)}` },
            { title: t('quality.plans.seed'), key: 's', render: (_, p) => p.seed, responsive: ['md'] },
            { title: t('quality.plans.capacity'), key: 'c', align: 'right', render: (_, p) => p.stats.capacity },
            { title: t('quality.plans.candidates'), key: 'cand', align: 'right', render: (_, p) => p.stats.candidates, responsive: ['md'] },
            { title: t('quality.plans.drawnCol'), key: 'd', align: 'right', render: (_, p) => p.stats.drawn },
            { title: t('quality.field.occurredAt'), key: 'at', render: (_, p) => formatDateTime(p.createdAt, locale), responsive: ['lg'] },
          ]}
        />
      </Card>
      {plan ? (
        <Card size="small" title={`${t('quality.plans.items')} · ${plan.name}`} style={{ marginTop: 12 }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'per', label: t('quality.plans.perInspectorPerDay'), children: plan.config.perInspectorPerDay },
              { key: 'min', label: t('quality.plans.minPerAgentPerWeek'), children: plan.config.minPerAgentPerWeek },
              { key: 'risk', label: t('quality.plans.riskShare'), children: Math.round(plan.config.riskShare * 100) },
              { key: 'ex', label: t('quality.plans.excluded'), children: plan.stats.excluded },
              {
                key: 'strata',
                label: t('quality.plans.byStratum'),
                children: (
                  <Flex wrap gap={4}>
                    {Object.entries(plan.stats.byStratum).map(([s, n]) => (
                      <Tag key={s}>
                        {t(`quality.stratum.${s as Stratum}`)} {n}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
          {items.error && <LoadError error={items.error} onRetry={items.reload} />}
          <Table<PlanItem>
            rowKey="id"
            size="small"
            loading={items.loading}
            dataSource={items.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="qa-plan-items"
            pagination={listPagination(t, locale, { page: f.page, pageSize: f.pageSize }, items.data?.total ?? 0, (p) => update({ ...p, plan: f.plan }))}
            columns={[
              { title: t('quality.field.dueOn'), key: 'due', render: (_, i) => formatDate(i.dueOn, locale) },
              { title: t('quality.field.subject'), key: 'kind', render: (_, i) => `${t(`quality.kind.${i.subject.kind}`)} · ${formatDateTime(i.subject.occurredAt, locale)}` },
              { title: t('quality.field.agent'), key: 'agent', render: (_, i) => i.agentName },
              { title: t('quality.field.inspector'), key: 'ins', render: (_, i) => i.inspectorName },
              {
                title: t('quality.field.reasons'),
                key: 'reasons',
                render: (_, i) => (
                  <Flex wrap gap={2}>
                    {i.reasons.map((r) => (
                      // The derived strata say how they were derived (放弃后回拨 has no caller number to go on).
                      <Tooltip key={r} title={r === 'callback_after_abandon' ? t('quality.stratumWhy.callback_after_abandon') : undefined}>
                        <Tag color={r === i.stratum ? 'volcano' : undefined}>{t(`quality.stratum.${r}`)}</Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                ),
              },
              { title: t('quality.field.state'), key: 'st', render: (_, i) => (i.evaluationId ? <Link to={`/quality/evaluations/${i.evaluationId}`}>{t('quality.plans.evaluated')}</Link> : <Tag>{t('quality.plans.open')}</Tag>) },
            ]}
          />
        </Card>
      ) : (
        <Card style={{ marginTop: 12 }}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.plans.pick')} />
        </Card>
      )}
      {creating && (
        <CreatePlan
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            plans.reload();
            update({ plan: id });
          }}
        />
      )}
    </>
  );
}

interface PlanForm {
  name: string;
  scorecardId: string;
  from?: string;
  to?: string;
  seed: number;
  kinds: SubjectKind[];
  inspectorIds: string[];
  perInspectorPerDay: number;
  minPerAgentPerWeek: number;
  riskShare: number;
  longHandleS: number;
}

function CreatePlan({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const cards = useRequest(() => qualityApi.scorecards(), []);
  const users = useRequest(() => api.userAccounts(), []);
  const [busy, setBusy] = useState(false);
  const today = businessDate(new Date().toISOString());
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await qualityApi.createPlan({ ...v, from: v.from!, to: v.to!, riskShare: v.riskShare / 100 });
      message.success(t('quality.plans.drawn', { count: r.drawn }));
      onCreated(r.id);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={640} title={t('quality.plans.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnClose>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ seed: Math.floor(Math.random() * 1_000_000), kinds: ['contact'], perInspectorPerDay: 60, minPerAgentPerWeek: 2, riskShare: 50, longHandleS: 600, from: today, to: today }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('quality.plans.name')} rules={[{ required: true, max: 80 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="scorecardId" label={t('quality.field.scorecard')} rules={[{ required: true }]}>
              <Select loading={cards.loading} options={(cards.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="from" label={t('quality.plans.from')} rules={[{ required: true }]}>
              <DayPicker value={undefined} onChange={() => undefined} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="to" label={t('quality.plans.to')} rules={[{ required: true }]}>
              <DayPicker value={undefined} onChange={() => undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="seed" label={t('quality.plans.seed')} rules={[{ required: true }]}>
              <InputNumber min={0} max={2 ** 31 - 1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="kinds" label={t('quality.plans.kinds')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={SUBJECT_KINDS.map((k) => ({ value: k, label: t(`quality.kind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="inspectorIds" label={t('quality.plans.inspectors')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" optionFilterProp="label" loading={users.loading} options={(users.data?.items ?? []).filter((u) => u.active && INSPECTOR_ROLES.includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="perInspectorPerDay" label={t('quality.plans.perInspectorPerDay')}>
              <InputNumber min={1} max={500} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="minPerAgentPerWeek" label={t('quality.plans.minPerAgentPerWeek')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="riskShare" label={t('quality.plans.riskShare')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="longHandleS" label={t('quality.plans.longHandleS')}>
              <InputNumber min={1} max={86_400} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
