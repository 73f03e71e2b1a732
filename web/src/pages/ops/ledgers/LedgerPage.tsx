import { useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { DayPicker } from '../../../components/DayPicker';
import { DateTimePicker } from '../../../components/WallClockPickers';
import { FormErrors, ImplicitSubmit } from '../../../components/FormBits';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';

import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type LedgerRow } from '../../../opsApi';
import { ProjectSelect, shanghaiMidnightIso, UnitSelect, useProjectChoice, useUnitLabels } from '../opsShared';
import { actionsFor, bodyFromValues } from './ledgerModel';
import type { ActionSpec, FieldSpec, LedgerSpec } from './ledgerSpecs';

/**
 * One front-desk ledger: filters in the URL, the list, "register" and the closing actions
 * (visitor leaves, key returned, parcel signed for …). Validation is the server's; its messages
 * land on the fields they concern.
 */
/** One empty list, so a form without fields is not reset by every re-render of the page. */
export const NO_FIELDS: readonly FieldSpec[] = [];

export function LedgerPage({ spec, toolbar }: { spec: LedgerSpec; toolbar?: (projectId: string | undefined) => ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const statusValues = spec.statuses.map((s) => s.value);
  const kindValues = spec.kindFilter?.options.map((o) => o.value) ?? [];
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    status: oneOf(p, 'status', statusValues),
    open: oneOf(p, 'open', ['1'] as const),
    overdue: oneOf(p, 'overdue', ['1'] as const),
    kind: oneOf(p, 'kind', kindValues),
    q: text(p, 'q'),
    from: text(p, 'from'),
    to: text(p, 'to'),
  });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(
    () =>
      opsApi.ledger(spec.path, {
        projectId,
        status: f.status,
        open: f.open,
        overdue: f.overdue,
        kind: f.kind,
        q: f.q,
        from: f.from ? shanghaiMidnightIso(f.from) : undefined,
        to: f.to ? new Date(Date.parse(shanghaiMidnightIso(f.to)) + 86_400_000).toISOString() : undefined,
        page: f.page,
        pageSize: f.pageSize,
      }),
    [key, projectId],
    !!projectId,
  );
  const rows = res.data?.items ?? [];
  const units = useUnitLabels(rows.flatMap((r) => spec.unitFields.map((k) => r[k] as string | null)));
  const canWrite = hasPermission(user, 'ledgers.write');
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<{ action: ActionSpec; row: LedgerRow } | null>(null);
  const ctx = { t, locale, units };
  const statusOf = (v: string) => spec.statuses.find((s) => s.value === v);

  return (
    <>
      <PageHeader
        title={t(spec.title)}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!projectId} data-testid="ledger-create">
              {t(spec.create)}
            </Button>
          )
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {toolbar?.(projectId)}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Segmented
            value={f.open ? 'open' : 'all'}
            onChange={(v) => update({ open: v === 'open' ? '1' : undefined, status: undefined })}
            options={[
              { value: 'open', label: t('ops.ledger.openOnly') },
              { value: 'all', label: t('ops.ledger.all') },
            ]}
            aria-label={t('ops.ledger.openOnly')}
          />
          <Select<string>
            value={f.status}
            allowClear
            placeholder={t('filter.state')}
            aria-label={t('filter.state')}
            onChange={(v) => update({ status: v, open: undefined })}
            options={spec.statuses.map((s) => ({ value: s.value, label: t(s.label) }))}
          />
          {spec.kindFilter && (
            <Select<string>
              value={f.kind}
              allowClear
              placeholder={t(spec.kindFilter.label)}
              aria-label={t(spec.kindFilter.label)}
              onChange={(v) => update({ kind: v })}
              options={spec.kindFilter.options.map((o) => ({ value: o.value, label: t(o.label) }))}
            />
          )}
          {spec.overdueFilter && (
            <Checkbox checked={!!f.overdue} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}>
              {t('ops.keys.overdueOnly')}
            </Checkbox>
          )}
          <DayPicker value={f.from} onChange={(v) => update({ from: v })} aria-label={t('ops.common.from')} prefix={t('ops.common.from')} />
          <DayPicker value={f.to} onChange={(v) => update({ to: v })} aria-label={t('ops.common.to')} prefix={t('ops.common.to')} />
          <Input.Search
            data-wide
            key={f.q ?? ''}
            defaultValue={f.q}
            allowClear
            placeholder={t(spec.search)}
            aria-label={t(spec.search)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            data-testid="ledger-search"
          />
        </FilterBar>
        <Table<LedgerRow>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          data-testid="ledger-table"
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            ...spec.columns.map((c) => ({ key: c.key, title: t(c.title), responsive: c.responsive, render: (_: unknown, r: LedgerRow) => c.render(r, ctx) })),
            {
              key: 'status',
              title: t('ops.ledger.status'),
              render: (_: unknown, r: LedgerRow) => {
                const st = statusOf(r.status);
                return <Tag color={st?.color}>{st ? t(st.label) : r.status}</Tag>;
              },
            },
            ...(canWrite
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, r: LedgerRow) => (
                      <Space size={4} wrap>
                        {actionsFor(spec.actions, r).map((a) => (
                          <Button key={a.name} size="small" danger={a.danger} onClick={() => setActing({ action: a, row: r })} data-testid={`ledger-action-${a.name}`}>
                            {t(a.label)}
                          </Button>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <SpecFormModal
        open={creating}
        title={t(spec.create)}
        fields={spec.createFields}
        projectId={projectId}
        testId="ledger-form"
        onClose={() => setCreating(false)}
        submit={async (body) => {
          await opsApi.createLedger(spec.path, { projectId, ...body });
          message.success(t('ops.ledger.created'));
          setCreating(false);
          res.reload();
        }}
      />
      <SpecFormModal
        open={!!acting}
        title={acting ? t(acting.action.label) : ''}
        fields={acting?.action.fields ?? NO_FIELDS}
        projectId={projectId}
        testId="ledger-action-form"
        danger={acting?.action.danger}
        onClose={() => setActing(null)}
        submit={async (body) => {
          await opsApi.ledgerAction(spec.path, acting!.row.id, acting!.action.path, body);
          message.success(t('ops.ledger.done'));
          setActing(null);
          res.reload();
        }}
      />
    </>
  );
}

/** A form of spec fields in a modal; server validation messages go onto the fields. */
export function SpecFormModal({
  open,
  title,
  fields,
  projectId,
  testId,
  danger,
  onClose,
  submit,
}: {
  open: boolean;
  title: string;
  fields: readonly FieldSpec[];
  projectId: string | undefined;
  testId: string;
  danger?: boolean;
  onClose: () => void;
  submit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const names = useMemo(() => fields.map((f) => f.name), [fields]);

  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    setErrors([]);
    form.resetFields();
    form.setFieldsValue(Object.fromEntries(fields.filter((f) => f.initial).map((f) => [f.name, f.initial!()])) as Record<string, string>);
  }, [open, fields, form]);

  const onFinish = async (values: Record<string, unknown>) => {
    const { body, bad } = bodyFromValues(fields, values);
    if (bad.length) {
      form.setFields(bad.map((name) => ({ name, errors: [t('ops.common.badValue')] })));
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      await submit(body);
    } catch (e) {
      const { fields: fe, rest } = fieldErrorsFrom(e, names);
      form.setFields(fe.map((x) => ({ name: x.name as never, errors: x.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={fields.length > 4 ? 640 : 480}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid={testId}>
        <Row gutter={12}>
          {fields.map((f) => (
            <Col key={f.name} xs={24} sm={f.kind === 'textarea' || fields.length <= 2 ? 24 : 12}>
              <Form.Item name={f.name} label={t(f.label)} extra={f.help ? t(f.help) : undefined} rules={f.required ? [{ required: true, whitespace: f.kind !== 'number', message: t('form.required') }] : undefined}>
                <FieldInput f={f} projectId={projectId} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {fields.length === 0 && <Flex>{t('ops.ledger.confirm')}</Flex>}
        <FormErrors messages={errors} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}

/** The control for one field; Form.Item hands it value and onChange, passed on to the input. */
function FieldInput({ f, projectId, ...control }: { f: FieldSpec; projectId: string | undefined } & Record<string, unknown>) {
  const { t } = useTranslation();
  switch (f.kind) {
    case 'textarea':
      return <Input.TextArea rows={2} maxLength={500} {...control} />;
    case 'number':
      return <InputNumber min={f.min ?? 1} max={f.max ?? 100} style={{ width: '100%' }} {...control} />;
    case 'unit':
      return <UnitSelect projectId={projectId} {...control} />;
    case 'select':
      return <Select options={(f.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))} allowClear={!f.required} {...control} />;
    case 'date':
      return <DayPicker style={{ width: '100%' }} {...control} />;
    case 'datetime':
      return <DateTimePicker style={{ width: '100%' }} {...control} />;
    case 'money':
      return <Input inputMode="decimal" prefix="¥" autoComplete="off" {...control} />;
    case 'plate':
      return <Input maxLength={f.max} autoComplete="off" style={{ textTransform: 'uppercase' }} {...control} />;
    default:
      return <Input maxLength={f.max} autoComplete="off" placeholder={f.placeholder} {...control} />;
  }
}
