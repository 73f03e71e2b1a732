import { useLayoutEffect, useState } from 'react';
import { App, Col, Form, Input, Modal, Radio, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom } from '../../api';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { FormErrors, ImplicitSubmit } from '../../components/FormBits';
import { PhotoPicker } from '../../components/PhotoPicker';
import { ProjectSelect, useProjects } from '../registry/common';
import { CONTACT_CHANNELS, deskApi, PRIORITIES, type ContactChannel, type OrderKind, type Priority } from './api';
import { kindLabel } from './lifecycle';
import { uploadPhotos } from './ActionPanel';
import { UnitSearchSelect } from './UnitSearchSelect';

interface Values {
  projectId?: string;
  kind: OrderKind;
  category?: string;
  priority: Priority;
  title: string;
  description?: string;
  areaScope: 'public' | 'unit';
  unitId?: string;
  location?: string;
  contactName?: string;
  contactPhone?: string;
  channel?: ContactChannel;
  paid: boolean;
  photos?: File[];
}

/** Kinds staff create by hand here (renovation permits have their own desk). */
const CREATABLE: readonly OrderKind[] = ['repair', 'complaint', 'enquiry', 'suggestion', 'praise', 'hazard'];
const HAZARD_ONLY: readonly OrderKind[] = ['hazard'];
const FIELDS = ['projectId', 'kind', 'category', 'priority', 'title', 'description', 'areaScope', 'unitId', 'location', 'contactName', 'contactPhone', 'channel'];

/** A work order created directly (a patrol finding, an internal job) rather than from a logged contact. */
export function CreateOrderModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const projects = useProjects();
  // Inspectors report hazards only (the server refuses other kinds from them).
  const kinds: readonly OrderKind[] = useUser().role === 'inspector' ? HAZARD_ONLY : CREATABLE;
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const projectId = Form.useWatch('projectId', form);
  const areaScope = Form.useWatch('areaScope', form);
  const categories = useRequest(() => deskApi.categories(kind), [kind], open);

  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    setErrors([]);
    form.resetFields();
    const only = projects.data?.items.length === 1 ? projects.data.items[0].id : undefined;
    form.setFieldsValue({ kind: kinds[0], priority: 'normal', areaScope: 'public', paid: false, projectId: only });
  }, [open, form, projects.data, kinds]);

  const submit = async (v: Values) => {
    setBusy(true);
    setErrors([]);
    try {
      const o = await deskApi.createOrder({
        projectId: v.projectId!,
        kind: v.kind,
        category: v.category ?? null,
        priority: v.priority,
        title: v.title.trim(),
        description: v.description?.trim() || null,
        areaScope: v.kind === 'repair' || v.kind === 'hazard' ? v.areaScope : null,
        unitId: v.areaScope === 'unit' ? (v.unitId ?? null) : null,
        location: v.location?.trim() || null,
        contactName: v.contactName?.trim() || null,
        contactPhone: v.contactPhone?.trim() || null,
        channel: v.channel ?? null,
        ...(v.kind === 'repair' && { paid: v.paid }),
      });
      try {
        await uploadPhotos(o.id, v.photos);
      } catch (e) {
        // The order exists; a failed photo is said, not fatal.
        message.error(e instanceof Error ? e.message : String(e));
      }
      message.success(t('orders.created', { number: o.number }));
      onCreated(o.id);
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, FIELDS);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t('orders.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} name="order-create" data-testid="order-create-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="projectId" label={t('orders.col.project')} rules={[{ required: true, message: t('form.required') }]}>
              <ProjectSelect projects={projects.data?.items} onChange={() => form.setFieldValue('unitId', undefined)} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="kind" label={t('orders.col.kind')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={kinds.map((k) => ({ value: k, label: kindLabel(locale, k) }))} onChange={() => form.setFieldValue('category', undefined)} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="priority" label={t('orders.col.priority')}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`orders.priority.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('orders.col.title')} rules={required}>
          <Input maxLength={120} autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('orders.field.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('orders.col.category')}>
              <Select allowClear loading={categories.loading} options={(categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name }))} />
            </Form.Item>
          </Col>
          {(kind === 'repair' || kind === 'hazard') && (
            <Col xs={24} sm={12}>
              <Form.Item name="areaScope" label={t('orders.field.areaScope')}>
                <Radio.Group optionType="button" options={(['public', 'unit'] as const).map((a) => ({ value: a, label: t(`orders.areaScope.${a}`) }))} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          {areaScope === 'unit' && (kind === 'repair' || kind === 'hazard') && (
            <Col xs={24} sm={12}>
              <Form.Item name="unitId" label={t('orders.col.unit')} rules={[{ required: true, message: t('form.required') }]}>
                <UnitSearchSelect projectId={projectId} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="location" label={t('orders.field.location')}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="contactName" label={t('orders.field.contactName')}>
              <Input maxLength={80} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="contactPhone" label={t('orders.field.contactPhone')}>
              <Input maxLength={40} inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="channel" label={t('orders.col.channel')}>
              <Select allowClear options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`desk.channel.${c}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'repair' && (
          <Form.Item name="paid" label={t('orders.field.paid')} valuePropName="checked" extra={t('orders.paidHint')}>
            <Switch />
          </Form.Item>
        )}
        <Form.Item name="photos" label={t('orders.photo.label')}>
          <PhotoPicker onReject={(file, p) => message.error(t(`orders.photo.${p}`, { name: file.name }))} />
        </Form.Item>
        <FormErrors messages={errors} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
