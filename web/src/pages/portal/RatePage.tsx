import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Radio, Rate, Skeleton, Space, Typography } from 'antd';
import { SmileOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { deskApi, type RatingInput } from '../orders/api';
import { outcomeLabel, VISIT_OUTCOMES } from '../orders/lifecycle';

type Values = Partial<RatingInput>;

/**
 * The resident's rating link (/rate/:token), no sign-in. Opening it only shows the order — link
 * scanners and previews must not rate — and the rating is recorded only by the confirm button.
 */
export default function RatePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { token = '' } = useParams();
  const view = useRequest(() => deskApi.ratingLink(token), [token]);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const outcome = Form.useWatch('outcome', form);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await deskApi.rate(token, { outcome: v.outcome!, scoreSpeed: v.scoreSpeed!, scoreAttitude: v.scoreAttitude!, scoreQuality: v.scoreQuality!, comment: v.comment?.trim() || undefined });
      setDone(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (view.error) return <Alert type="error" showIcon role="alert" message={t('portal.rate.invalid')} description={view.error.message} data-testid="rate-invalid" />;
  if (!view.data) return <Skeleton active />;
  if (done || view.data.alreadyRated)
    return (
      // Not antd Result: its illustrations would weigh on a page opened from a text message.
      <Flex vertical align="center" gap={8} style={{ padding: '40px 16px', textAlign: 'center' }} data-testid="rate-done" role="status">
        <SmileOutlined style={{ fontSize: 48, color: '#52c41a' }} aria-hidden />
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('portal.rate.thanks')}
        </Typography.Title>
        <Typography.Text type="secondary">{done ? t('portal.rate.recorded') : t('portal.rate.already')}</Typography.Text>
      </Flex>
    );

  const stars = [{ required: true, message: t('portal.rate.pickStars') }];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {t('portal.rate.title')}
      </Typography.Title>
      <Card size="small" data-testid="rate-order">
        <Typography.Text type="secondary">{view.data.number}</Typography.Text>
        <div style={{ fontWeight: 600, fontSize: 16 }}>{view.data.title}</div>
        {view.data.completedAt && <Typography.Text type="secondary">{t('portal.rate.completedAt', { time: formatDateTime(view.data.completedAt, locale) })}</Typography.Text>}
      </Card>
      <Card size="small">
        <Form<Values> form={form} layout="vertical" onFinish={submit} name="rate" data-testid="rate-form">
          <Form.Item name="outcome" label={t('portal.rate.overall')} rules={[{ required: true, message: t('form.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={VISIT_OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(locale, o) }))} />
          </Form.Item>
          {(['scoreSpeed', 'scoreAttitude', 'scoreQuality'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`orders.field.${k}`)} rules={stars}>
              <Rate aria-label={t(`orders.field.${k}`)} style={{ fontSize: 28 }} />
            </Form.Item>
          ))}
          <Form.Item
            name="comment"
            label={t('portal.rate.comment')}
            rules={outcome === 'dissatisfied' ? [{ required: true, whitespace: true, message: t('portal.rate.tellUs') }] : []}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="rate-confirm">
            {t('portal.rate.confirm')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
            {t('portal.rate.note')}
          </Typography.Paragraph>
        </Form>
      </Card>
    </Space>
  );
}
