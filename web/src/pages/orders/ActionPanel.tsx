import { useMemo, useState } from 'react';
import { App, Button, Col, Flex, Form, Input, InputNumber, Modal, Radio, Rate, Row, Select, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../api';
import { useLocale } from '../../hooks';
import { FormErrors, ImplicitSubmit } from '../../components/FormBits';
import { PhotoPicker } from '../../components/PhotoPicker';
import { deskApi, type AvailableAction, type Order } from './api';
import { actionBody, actionFields, actionLabel, holdReasonLabel, isDanger, isSecondary, outcomeLabel, reasonNeeded, yuanToFen, type ActionValues, type FieldSpec } from './lifecycle';
import { StaffSelect } from './StaffSelect';

type Values = ActionValues & { photos?: File[] };

/** Upload chosen photos to an order one by one (the server takes one file per request). */
export async function uploadPhotos(orderId: string, files: readonly File[] | undefined): Promise<void> {
  for (const f of files ?? []) await deskApi.upload(orderId, f, f.name);
}

/**
 * The actions the server says this user may take now — and only those — as buttons. Each opens
 * a form built from the action's required and optional inputs (or runs at once when there are
 * none). A concurrent change (409) shows the server's message and reloads the order.
 */
export function ActionPanel({
  order,
  actions,
  onChanged,
  block = false,
  photosOn = [],
  exclude = [],
}: {
  order: Order;
  actions: AvailableAction[];
  onChanged: () => void;
  /** Full-width buttons, one per line (phones). */
  block?: boolean;
  /** Actions whose form also takes photos (a technician completing a repair). */
  photosOn?: readonly string[];
  exclude?: readonly string[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [open, setOpen] = useState<AvailableAction | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const shown = actions.filter((a) => !exclude.includes(a.action));

  const runDirect = async (a: AvailableAction) => {
    setBusy(a.action);
    try {
      await deskApi.act(order.id, a.action, { expectedVersion: order.version });
      message.success(t('orders.actionDone', { action: actionLabel(locale, order.kind, a.action) }));
      onChanged();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      if (e instanceof ApiError && e.status === 409) onChanged();
    } finally {
      setBusy(null);
    }
  };

  if (!shown.length) return <Typography.Text type="secondary">{t('orders.noActions')}</Typography.Text>;
  // The first forward action is the obvious next step; destructive or rare ones stay plain.
  const primary = shown.find((a) => !isSecondary(a.action));
  return (
    <>
      <Flex wrap gap={8} vertical={block} data-testid="order-actions">
        {shown.map((a) => {
          const needsForm = actionFields(order.kind, a).length > 0 || photosOn.includes(a.action);
          return (
            <Button
              key={a.action}
              type={a === primary ? 'primary' : 'default'}
              danger={isDanger(a.action)}
              block={block}
              size={block ? 'large' : 'middle'}
              loading={busy === a.action}
              onClick={() => (needsForm ? setOpen(a) : void runDirect(a))}
              data-testid={`action-${a.action}`}
            >
              {actionLabel(locale, order.kind, a.action)}
            </Button>
          );
        })}
      </Flex>
      {open && (
        <ActionModal
          order={order}
          action={open}
          withPhotos={photosOn.includes(open.action)}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function ActionModal({ order, action, withPhotos, onClose, onDone }: { order: Order; action: AvailableAction; withPhotos: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const fields = useMemo(() => actionFields(order.kind, action), [order.kind, action]);
  const outcome = Form.useWatch('outcome', form);
  const label = actionLabel(locale, order.kind, action.action);

  const submit = async (v: Values) => {
    setBusy(true);
    setErrors([]);
    try {
      await uploadPhotos(order.id, v.photos);
      await deskApi.act(order.id, action.action, actionBody(fields, v, order.version));
      message.success(t('orders.actionDone', { action: label }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Someone else changed the order: say so and show the fresh one.
        message.error(e.message);
        onDone();
        return;
      }
      const { fields: fe, rest } = fieldErrorsFrom(e, fields.map((f) => f.name));
      form.setFields(fe.map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('orders.actionTitle', { action: label, number: order.number })}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ danger: isDanger(action.action), 'data-testid': 'action-submit' } as never}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} name={`action-${action.action}`} data-testid="action-form" initialValues={{ materials: [] }}>
        {fields.map((f) => (
          <ActionField key={f.name} spec={f} kind={order.kind} action={action.action} category={order.category} outcome={outcome} />
        ))}
        {withPhotos && (
          <Form.Item name="photos" label={t('orders.photo.label')} valuePropName="value">
            <PhotoPicker onReject={(file, p) => message.error(t(`orders.photo.${p}`, { name: file.name }))} />
          </Form.Item>
        )}
        <FormErrors messages={errors} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}

function ActionField({ spec, kind, action, category, outcome }: { spec: FieldSpec; kind: string; action: string; category: string | null; outcome: unknown }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = t(`orders.field.${spec.name as 'note'}`);
  const required = spec.name === 'reason' ? reasonNeeded(spec, outcome) : spec.required;
  const rules = required ? [{ required: true, whitespace: true, message: t('form.required') }] : [];
  switch (spec.kind) {
    case 'technician':
    case 'staff':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <StaffSelect technicians={spec.kind === 'technician'} skill={category} />
        </Form.Item>
      );
    case 'holdReason':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Select options={spec.options!.map((o) => ({ value: o, label: holdReasonLabel(locale, o) }))} />
        </Form.Item>
      );
    case 'outcome':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Radio.Group optionType="button" buttonStyle="solid" options={spec.options!.map((o) => ({ value: o, label: outcomeLabel(locale, o) }))} />
        </Form.Item>
      );
    case 'channel':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Select options={spec.options!.map((o) => ({ value: o, label: t(`orders.informChannel.${o as 'phone'}`) }))} />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item
          name={spec.name}
          label={label}
          extra={t('orders.moneyHint')}
          rules={[
            ...rules,
            { validator: (_, v) => (v === undefined || v === null || String(v).trim() === '' || yuanToFen(String(v)) !== null ? Promise.resolve() : Promise.reject(new Error(t('orders.moneyInvalid')))) },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" autoComplete="off" />
        </Form.Item>
      );
    case 'scores':
      return <Scores />;
    case 'materials':
      return <Materials />;
    case 'text':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Input.TextArea rows={action === 'return_visit' || spec.name === 'note' ? 3 : 2} maxLength={spec.name === 'reason' ? 500 : 2000} showCount />
        </Form.Item>
      );
  }
}

/** The three return-visit questions, 1–5 stars each. */
export function Scores() {
  const { t } = useTranslation();
  return (
    <Row gutter={12}>
      {(['scoreSpeed', 'scoreAttitude', 'scoreQuality'] as const).map((k) => (
        <Col xs={24} sm={8} key={k}>
          <Form.Item name={k} label={t(`orders.field.${k}`)}>
            <Rate aria-label={t(`orders.field.${k}`)} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** Materials used on a repair (name, quantity, unit), for the cost ledger. */
function Materials() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('orders.field.materials')}>
      <Form.List name="materials">
        {(items, { add, remove }) => (
          <>
            {items.map(({ key, name }, i) => (
              <Flex key={key} gap={6} align="baseline">
                <Form.Item name={[name, 'name']} style={{ flex: 2, marginBottom: 8 }}>
                  <Input placeholder={t('orders.material.name')} aria-label={t('orders.material.nameN', { n: i + 1 })} maxLength={60} />
                </Form.Item>
                <Form.Item name={[name, 'quantity']} style={{ flex: 1, marginBottom: 8 }}>
                  <InputNumber min={0} style={{ width: '100%' }} placeholder={t('orders.material.quantity')} aria-label={t('orders.material.quantityN', { n: i + 1 })} />
                </Form.Item>
                <Form.Item name={[name, 'unit']} style={{ flex: 1, marginBottom: 8 }}>
                  <Input placeholder={t('orders.material.unit')} aria-label={t('orders.material.unitN', { n: i + 1 })} maxLength={10} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('orders.material.remove', { n: i + 1 })} onClick={() => remove(name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} size="small">
              {t('orders.material.add')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
