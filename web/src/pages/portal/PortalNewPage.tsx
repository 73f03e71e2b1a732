import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, fieldErrorsFrom } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { FormErrors } from '../../components/FormBits';
import { PhotoPicker } from '../../components/PhotoPicker';
import { deskApi, type OrderKind } from '../orders/api';
import { kindLabel } from '../orders/lifecycle';
import { uploadPhotos } from '../orders/ActionPanel';

interface Values {
  kind: OrderKind;
  where: 'unit' | 'public';
  unitId?: string;
  title: string;
  description?: string;
  location?: string;
  photos?: File[];
}

/** What a resident may ask for through the app. */
const RESIDENT_KINDS: readonly OrderKind[] = ['repair', 'complaint', 'enquiry', 'suggestion', 'praise'];
const FIELDS = ['kind', 'unitId', 'title', 'description', 'location'];

/** A resident reports a repair (or a complaint, question, suggestion, praise) with photos, from the phone. */
export default function PortalNewPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const units = useRequest(() => api.units({ pageSize: 50 }), []);
  const kind = Form.useWatch('kind', form) ?? 'repair';
  const where = Form.useWatch('where', form) ?? 'unit';

  useEffect(() => {
    const items = units.data?.items;
    if (items?.length && !form.getFieldValue('unitId')) form.setFieldValue('unitId', items[0].id);
  }, [units.data, form]);

  const submit = async (v: Values) => {
    const unit = units.data?.items.find((u) => u.id === v.unitId) ?? units.data?.items[0];
    if (!unit) {
      setErrors([t('portal.noHomes')]);
      return;
    }
    const repair = v.kind === 'repair';
    setBusy(true);
    setErrors([]);
    try {
      const o = await deskApi.createOrder({
        projectId: unit.projectId,
        kind: v.kind,
        title: v.title.trim(),
        description: v.description?.trim() || null,
        // A repair in the home names the unit; everything else is about the estate.
        ...(repair && v.where === 'unit' ? { unitId: unit.id, areaScope: 'unit' as const } : {}),
        ...(repair && v.where === 'public' ? { areaScope: 'public' as const, location: v.location?.trim() || null } : {}),
      });
      try {
        await uploadPhotos(o.id, v.photos);
      } catch (e) {
        message.error(e instanceof Error ? e.message : String(e));
      }
      message.success(t('portal.submitted', { number: o.number }));
      navigate(`/portal/orders/${o.id}`, { replace: true });
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
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/portal')}>
        {t('portal.back')}
      </Button>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {t('portal.newRequest')}
      </Typography.Title>
      <Card size="small">
        <Form<Values> form={form} layout="vertical" onFinish={submit} name="portal-new" initialValues={{ kind: 'repair', where: 'unit' }} data-testid="portal-form">
          <Form.Item name="kind" label={t('portal.kind')}>
            <Select options={RESIDENT_KINDS.map((k) => ({ value: k, label: kindLabel(locale, k) }))} />
          </Form.Item>
          {kind === 'repair' && (
            <Form.Item name="where" label={t('portal.where')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'unit', label: t('portal.whereUnit') },
                  { value: 'public', label: t('portal.wherePublic') },
                ]}
              />
            </Form.Item>
          )}
          {(kind !== 'repair' || where === 'unit') && (units.data?.items.length ?? 0) > 1 && (
            <Form.Item name="unitId" label={t('portal.home')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: [u.buildingName, u.number].filter(Boolean).join(' ') }))} />
            </Form.Item>
          )}
          {kind === 'repair' && where === 'public' && (
            <Form.Item name="location" label={t('portal.location')} rules={required}>
              <Input maxLength={200} placeholder={t('portal.locationPlaceholder')} />
            </Form.Item>
          )}
          <Form.Item name="title" label={t(kind === 'repair' ? 'portal.titleRepair' : 'portal.titleOther')} rules={required}>
            <Input maxLength={120} placeholder={kind === 'repair' ? t('portal.titlePlaceholder') : undefined} data-testid="portal-title" />
          </Form.Item>
          <Form.Item name="description" label={t('portal.description')}>
            <Input.TextArea rows={4} maxLength={4000} placeholder={t('portal.descriptionPlaceholder')} />
          </Form.Item>
          <Form.Item name="photos" label={t('orders.photo.label')}>
            <PhotoPicker onReject={(file, p) => message.error(t(`orders.photo.${p}`, { name: file.name }))} />
          </Form.Item>
          <FormErrors messages={errors} />
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="portal-submit">
            {t('portal.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
