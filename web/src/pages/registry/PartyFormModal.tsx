import { useLayoutEffect, useMemo, useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, PARTY_ROLES, type Party, type PartyInput, type PartyKind, type PartyRole } from '../../api';
import { useDebounced, useRequest } from '../../hooks';
import { blankToNull, cleanList, partyFormErrors } from '../../forms';
import { FormErrors, ImplicitSubmit } from '../../components/FormBits';
import { projectName, useProjects } from './common';

interface UnitLink {
  unitId?: string;
  role?: PartyRole;
  moveInDate?: Dayjs | null;
}
interface Values {
  kind: PartyKind;
  name: string;
  idNumber?: string;
  phones?: string[];
  note?: string;
  units?: UnitLink[];
}

const FIELDS = ['kind', 'name', 'idNumber', 'phones', 'note', 'units'];

/** Remote unit search by number ("3-1201") for linking a party to its units. */
function UnitPicker(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 250);
  const projects = useProjects();
  const res = useRequest(() => api.units({ q: dq || undefined, pageSize: 20 }), [dq]);
  const options = useMemo(
    () =>
      (res.data?.items ?? []).map((u) => ({
        value: u.id,
        label: [projectName(projects.data?.items, u.projectId), u.buildingName, u.number].filter(Boolean).join(' · '),
      })),
    [res.data, projects.data],
  );
  return (
    <Select<string>
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={res.loading}
      placeholder={t('party.unitSearch')}
      notFoundContent={res.loading ? t('common.loading') : t('common.noMatch')}
      options={options}
    />
  );
}

/** Create a party (with the units they hold) or edit one; server messages land on their fields. */
export function PartyFormModal({ open, party, onClose, onSaved }: { open: boolean; party?: Party | null; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string[]>([]);
  const editing = !!party;

  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    setFormError([]);
    form.resetFields();
    form.setFieldsValue(
      party
        ? { kind: party.kind, name: party.name, phones: party.phones.length ? party.phones.map((p) => p.display) : [''], note: party.note ?? '' }
        : { kind: 'person', phones: [''], units: [{ role: 'owner' }] },
    );
  }, [open, party, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setFormError([]);
    const common = { kind: v.kind, name: v.name.trim(), phones: cleanList(v.phones), note: blankToNull(v.note) };
    try {
      if (party) {
        const idNumber = blankToNull(v.idNumber);
        // A blank ID field keeps the stored number: the form never sees it in clear.
        await api.updateParty(party.id, { ...common, ...(idNumber ? { idNumber } : {}) });
        message.success(t('party.saved'));
        onSaved(party.id);
      } else {
        const body: PartyInput = {
          ...common,
          idNumber: blankToNull(v.idNumber),
          units: (v.units ?? [])
            .filter((u) => u.unitId)
            .map((u) => ({ unitId: u.unitId!, role: u.role ?? 'owner', moveInDate: u.moveInDate ? u.moveInDate.format('YYYY-MM-DD') : null })),
        };
        const r = await api.createParty(body);
        message.success(t('party.created'));
        onSaved(r.id);
      }
    } catch (e) {
      const { fields, rest } = partyFormErrors(e, FIELDS, form.getFieldValue('phones') ?? []);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setFormError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('party.editTitle', { name: party!.name }) : t('party.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} name="party" data-testid="party-form">
        <Form.Item name="kind" label={t('party.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'person', label: t('partyKind.person') },
              { value: 'company', label: t('partyKind.company') },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('party.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input autoComplete="off" maxLength={80} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('party.idNumber')}
              extra={editing ? (party!.idNumberMasked ? t('party.idKeep', { masked: party!.idNumberMasked }) : t('party.idNone')) : t('party.idHint')}
            >
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="phones">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8, border: 0 }}>{t('party.phones')}</legend>
              {fields.map((f, i) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={f.name} style={{ flex: 1, minWidth: 0, marginBottom: 8 }}>
                    <Input aria-label={t('party.phoneN', { n: i + 1 })} inputMode="tel" autoComplete="off" maxLength={40} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('party.removePhone', { n: i + 1 })} onClick={() => remove(f.name)} disabled={fields.length === 1} />
                </div>
              ))}
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                {t('party.phoneHint')}
              </Typography.Paragraph>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 16 }} disabled={fields.length >= 10}>
                {t('party.addPhone')}
              </Button>
            </fieldset>
          )}
        </Form.List>
        {!editing && (
          <Form.List name="units">
            {(fields, { add, remove }) => (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontSize: 14, marginBottom: 8, border: 0 }}>{t('party.units')}</legend>
                {fields.map((f, i) => (
                  <Row key={f.key} gutter={8} align="top">
                    <Col xs={24} sm={11}>
                      <Form.Item name={[f.name, 'unitId']} label={t('party.unitN', { n: i + 1 })} rules={[{ required: true, message: t('form.required') }]} style={{ marginBottom: 8 }}>
                        <UnitPicker />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={5}>
                      <Form.Item name={[f.name, 'role']} label={t('party.role')} style={{ marginBottom: 8 }}>
                        <Select options={PARTY_ROLES.map((r) => ({ value: r, label: t(`partyRole.${r}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6}>
                      <Form.Item name={[f.name, 'moveInDate']} label={t('party.moveIn')} style={{ marginBottom: 8 }}>
                        <DatePicker style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={2} style={{ paddingTop: 30 }}>
                      <Button icon={<DeleteOutlined />} aria-label={t('party.removeUnit', { n: i + 1 })} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'owner' })} style={{ marginBottom: 8 }}>
                  {t('party.addUnit')}
                </Button>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('party.unitsHint')}
                </Typography.Paragraph>
              </fieldset>
            )}
          </Form.List>
        )}
        <Form.Item name="note" label={t('party.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <FormErrors messages={formError} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
