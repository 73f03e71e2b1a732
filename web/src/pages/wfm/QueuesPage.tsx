import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom } from '../../api';
import { useUser } from '../../auth';
import { FormErrors, ImplicitSubmit } from '../../components/FormBits';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber, formatPercent } from '../../format';
import { useLocale } from '../../hooks';
import { canPlan, wfmApi, type Queue, type QueueInput, type SlDefinition } from '../../wfmApi';
import { useQueues } from './wfmShared';

/** 话务队列: every queue with its recent service (last four weeks of history). */
export default function QueuesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const queues = useQueues();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : formatPercent(v, locale));
  const sec = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : t('wfm.common.secValue', { value: formatNumber(v, locale, 1) }));

  return (
    <>
      <PageHeader
        title={t('wfm.nav.queues')}
        sub={t('wfm.queue.intro')}
        extra={canPlan(user) && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('wfm.queue.create')}</Button>}
      />
      {queues.error && <LoadError error={queues.error} onRetry={queues.reload} />}
      <Card>
        <Table<Queue>
          rowKey="id"
          loading={queues.loading}
          dataSource={queues.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="queues-table"
          onRow={(q) => ({ onClick: () => navigate(`/wfm/queues/${q.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('wfm.queue.name'), dataIndex: 'name', render: (n: string, q) => <Link to={`/wfm/queues/${q.id}`} onClick={(e) => e.stopPropagation()}>{n}</Link> },
            { title: t('wfm.queue.target'), key: 'sl', render: (_, q) => t('wfm.queue.targetValue', { pct: formatPercent(q.serviceLevel.target, locale, 0), t: q.serviceLevel.thresholdSeconds }) },
            { title: t('wfm.queue.model'), dataIndex: 'model', render: (m: Queue['model']) => t(`wfm.model.${m}`), responsive: ['md'] },
            { title: t('wfm.queue.historyCalls'), key: 'calls', align: 'right', render: (_, q) => formatNumber(q.history.calls, locale) },
            { title: t('wfm.queue.callsPerDay'), key: 'cpd', align: 'right', render: (_, q) => (q.recent ? formatNumber(q.recent.callsPerDay, locale, 1) : t('common.none')) },
            { title: t('wfm.metric.serviceLevel'), key: 'rsl', align: 'right', render: (_, q) => pct(q.recent?.serviceLevel) },
            { title: t('wfm.metric.answerRate'), key: 'ar', align: 'right', render: (_, q) => pct(q.recent?.answerRate), responsive: ['md'] },
            { title: t('wfm.metric.asa'), key: 'asa', align: 'right', render: (_, q) => sec(q.recent?.asa), responsive: ['lg'] },
            { title: t('wfm.metric.aht'), key: 'aht', align: 'right', render: (_, q) => sec(q.recent?.aht), responsive: ['lg'] },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('wfm.queue.recentHelp')}</Typography.Paragraph>
      </Card>
      <QueueFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/wfm/queues/${id}?tab=import`);
        }}
      />
    </>
  );
}

interface QueueValues {
  name: string;
  description?: string;
  intervalMinutes: 15 | 30 | 60;
  slTarget: number;
  slThreshold: number;
  slDefinition: SlDefinition;
  model: 'erlang-c' | 'erlang-a';
  shrinkage: number;
  maxOccupancy?: number | null;
}

const FIELDS = ['name', 'description', 'intervalMinutes', 'serviceLevel', 'shrinkage', 'maxOccupancy', 'model'];

function QueueFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QueueValues>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const submit = async (v: QueueValues) => {
    setBusy(true);
    setErrors([]);
    const body: QueueInput = {
      name: v.name.trim(),
      description: v.description?.trim() || null,
      intervalMinutes: v.intervalMinutes,
      serviceLevel: { target: v.slTarget / 100, thresholdSeconds: v.slThreshold, definition: v.slDefinition },
      model: v.model,
      shrinkage: v.shrinkage / 100,
      maxOccupancy: v.maxOccupancy ? v.maxOccupancy / 100 : null,
    };
    try {
      const q = await wfmApi.createQueue(body);
      message.success(t('wfm.queue.created'));
      onSaved(q.id);
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, FIELDS);
      form.setFields(fields.filter((f) => f.name[0] === 'name').map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors([...rest, ...fields.filter((f) => f.name[0] !== 'name').flatMap((f) => f.errors)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('wfm.queue.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={600}>
      <Form<QueueValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="queue-form"
        initialValues={{ intervalMinutes: 30, slTarget: 80, slThreshold: 20, slDefinition: 'offered', model: 'erlang-c', shrinkage: 30, maxOccupancy: 85 }}
      >
        <Form.Item name="name" label={t('wfm.queue.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={60} autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('wfm.queue.description')}>
          <Input maxLength={500} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="intervalMinutes" label={t('wfm.common.interval')}>
              <Select options={[15, 30, 60].map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="slTarget" label={t('wfm.queue.slTarget')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} max={99} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="slThreshold" label={t('wfm.queue.slThreshold')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={0} max={3600} suffix={t('wfm.common.sec')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="slDefinition" label={t('wfm.queue.slDefinition')}>
              <Select options={(['offered', 'answered', 'excludeShortAbandons'] as const).map((d) => ({ value: d, label: t(`wfm.slDefinition.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="model" label={t('wfm.queue.model')}>
              <Select options={(['erlang-c', 'erlang-a'] as const).map((m) => ({ value: m, label: t(`wfm.model.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="shrinkage" label={t('wfm.queue.shrinkage')}>
              <InputNumber min={0} max={95} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="maxOccupancy" label={t('wfm.queue.maxOccupancy')}>
              <InputNumber min={1} max={100} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <FormErrors messages={errors} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
