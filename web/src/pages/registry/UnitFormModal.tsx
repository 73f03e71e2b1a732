import { useLayoutEffect, useState } from 'react';
import { App, Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, fieldErrorsFrom, type Unit, type UnitState, type UnitType } from '../../api';
import { FormErrors, ImplicitSubmit } from '../../components/FormBits';
import { BuildingSelect, ProjectSelect, UnitStateSelect, UnitTypeSelect, useProjects } from './common';

interface Values {
  projectId?: string;
  buildingId?: string;
  number: string;
  floor?: number | null;
  areaM2: string;
  type: UnitType;
  state: UnitState;
}

const FIELDS = ['projectId', 'buildingId', 'number', 'floor', 'areaM2', 'type', 'state'];

/**
 * Create a unit (pick project and building first) or edit one. Validation is the server's: its
 * localised messages land on the fields they are about.
 */
export function UnitFormModal({
  open,
  unit,
  defaults,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The unit being edited; absent = create. */
  unit?: Unit | null;
  defaults?: { projectId?: string; buildingId?: string };
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string[]>([]);
  const projects = useProjects();
  const projectId = Form.useWatch('projectId', form);
  const editing = !!unit;

  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    setFormError([]);
    form.resetFields();
    form.setFieldsValue(
      unit
        ? { number: unit.number, floor: unit.floor, areaM2: String(unit.areaM2), type: unit.type, state: unit.state }
        : { projectId: defaults?.projectId, buildingId: defaults?.buildingId, type: 'residence', state: 'vacant' },
    );
  }, [open, unit, defaults, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setFormError([]);
    const body = { number: v.number?.trim(), floor: v.floor ?? null, areaM2: (v.areaM2 ?? '').trim(), type: v.type, state: v.state };
    try {
      if (unit) {
        await api.updateUnit(unit.id, body);
        message.success(t('unit.saved'));
        onSaved(unit.id);
      } else {
        const r = await api.createUnit({ ...body, buildingId: v.buildingId ?? '' });
        message.success(t('unit.created'));
        onSaved(r.id);
      }
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, FIELDS);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setFormError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('unit.editTitle', { number: unit!.number }) : t('unit.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} name="unit" data-testid="unit-form">
        {!editing && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="projectId" label={t('unit.project')} rules={[{ required: true, message: t('form.required') }]}>
                <ProjectSelect projects={projects.data?.items} onChange={() => form.setFieldValue('buildingId', undefined)} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="buildingId" label={t('unit.building')} rules={[{ required: true, message: t('form.required') }]}>
                <BuildingSelect projectId={projectId} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="number" label={t('unit.number')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="floor" label={t('unit.floor')}>
              <InputNumber style={{ width: '100%' }} precision={0} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="areaM2" label={t('unit.areaM2')} rules={[{ required: true, whitespace: true, message: t('form.required') }]} extra={t('unit.areaHint')}>
          <Input inputMode="decimal" autoComplete="off" suffix={t('unit.areaUnit')} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('unit.type')} rules={[{ required: true, message: t('form.required') }]}>
              <UnitTypeSelect />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="state" label={t('unit.state')} rules={[{ required: true, message: t('form.required') }]}>
              <UnitStateSelect />
            </Form.Item>
          </Col>
        </Row>
        <FormErrors messages={formError} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
