import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, InputNumber, Radio, Row, Tag, Typography } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber, formatPercent } from '../../format';
import { useLocale } from '../../hooks';
import { wfmApi, type ErlangInput, type ErlangOutput } from '../../wfmApi';

const BINDINGS = ['serviceLevel', 'asa', 'occupancy', 'stability'] as const;
const isBinding = (b: string): b is (typeof BINDINGS)[number] => (BINDINGS as readonly string[]).includes(b);

interface Values {
  model: 'c' | 'a';
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  slPercent?: number | null;
  thresholdSeconds?: number | null;
  asaSeconds?: number | null;
  patienceSeconds?: number | null;
  maxOccupancyPercent?: number | null;
  shrinkagePercent?: number | null;
  agents?: number | null;
}

/** 话务计算器: agents for a target, or — given agents — the service they give. */
export default function ErlangPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const model = Form.useWatch('model', form);
  const [out, setOut] = useState<ErlangOutput | null>(null);
  const [asked, setAsked] = useState<Values | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    const n = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);
    const body: ErlangInput = {
      model: v.model,
      calls: v.calls,
      intervalMinutes: v.intervalMinutes,
      ahtSeconds: v.ahtSeconds,
      serviceLevel: v.slPercent ? v.slPercent / 100 : undefined,
      thresholdSeconds: n(v.thresholdSeconds),
      asaSeconds: n(v.asaSeconds),
      patienceSeconds: v.model === 'a' ? n(v.patienceSeconds) : undefined,
      maxOccupancy: v.maxOccupancyPercent ? v.maxOccupancyPercent / 100 : undefined,
      shrinkage: v.shrinkagePercent !== null && v.shrinkagePercent !== undefined ? v.shrinkagePercent / 100 : undefined,
      agents: n(v.agents),
    };
    setBusy(true);
    setError(null);
    try {
      setOut(await wfmApi.erlang(body));
      setAsked(v);
    } catch (e) {
      setOut(null);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const pct = (v: number | undefined | null) => (v === null || v === undefined ? t('common.none') : formatPercent(v, locale, 1));
  const reverse = asked?.agents !== null && asked?.agents !== undefined;

  return (
    <>
      <PageHeader title={t('wfm.nav.erlang')} sub={t('wfm.erlang.intro')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={submit}
              data-testid="erlang-form"
              initialValues={{ model: 'c', calls: 120, intervalMinutes: 30, ahtSeconds: 240, slPercent: 80, thresholdSeconds: 20, maxOccupancyPercent: 85, shrinkagePercent: 30, patienceSeconds: 120 }}
            >
              <Form.Item name="model" label={t('wfm.queue.model')}>
                <Radio.Group optionType="button" options={[{ value: 'c', label: t('wfm.model.erlang-c') }, { value: 'a', label: t('wfm.model.erlang-a') }]} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={12} md={8}><Form.Item name="calls" label={t('wfm.erlang.calls')} rules={[{ required: true, message: t('form.required') }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="intervalMinutes" label={t('wfm.common.interval')} rules={[{ required: true, message: t('form.required') }]}><InputNumber min={1} max={1440} suffix={t('wfm.common.min')} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="ahtSeconds" label={t('wfm.metric.aht')} rules={[{ required: true, message: t('form.required') }]}><InputNumber min={1} suffix={t('wfm.common.sec')} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="slPercent" label={t('wfm.queue.slTarget')}><InputNumber min={1} max={99} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="thresholdSeconds" label={t('wfm.queue.slThreshold')}><InputNumber min={0} suffix={t('wfm.common.sec')} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="asaSeconds" label={t('wfm.erlang.asaTarget')}><InputNumber min={0} suffix={t('wfm.common.sec')} style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="maxOccupancyPercent" label={t('wfm.queue.maxOccupancy')}><InputNumber min={1} max={100} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                <Col xs={12} md={8}><Form.Item name="shrinkagePercent" label={t('wfm.queue.shrinkage')}><InputNumber min={0} max={95} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                {model === 'a' && <Col xs={12} md={8}><Form.Item name="patienceSeconds" label={t('wfm.staffing.patience')} rules={[{ required: true, message: t('form.required') }]}><InputNumber min={1} suffix={t('wfm.common.sec')} style={{ width: '100%' }} /></Form.Item></Col>}
              </Row>
              <Form.Item name="agents" label={t('wfm.erlang.agents')} extra={t('wfm.erlang.agentsHelp')}>
                <InputNumber min={0} style={{ width: 200 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy} data-testid="erlang-submit">{t('wfm.erlang.calculate')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {error && <Alert type="error" showIcon role="alert" message={error} data-testid="erlang-error" />}
          {out && (
            <Card title={reverse ? t('wfm.erlang.reverseTitle', { n: asked!.agents }) : t('wfm.erlang.requiredTitle')} data-testid="erlang-result">
              {!reverse && (
                <Typography.Paragraph style={{ fontSize: 16 }}>
                  {t('wfm.erlang.requiredText', { agents: out.agents, fractional: formatNumber(out.agentsFractional ?? out.agents, locale, 2), scheduled: out.agentsWithShrinkage })}
                </Typography.Paragraph>
              )}
              {reverse && out.meetsTarget !== undefined && <Tag color={out.meetsTarget ? 'green' : 'red'} style={{ marginBottom: 12 }}>{out.meetsTarget ? t('wfm.erlang.meets') : t('wfm.erlang.misses')}</Tag>}
              {!out.stable && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('wfm.erlang.unstable')} />}
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('wfm.erlang.load')}>{formatNumber(out.offeredLoad, locale, 2)}</Descriptions.Item>
                <Descriptions.Item label={t('wfm.staffing.agents')}>{formatNumber(out.agents, locale)}</Descriptions.Item>
                {out.agentsFractional !== undefined && <Descriptions.Item label={t('wfm.staffing.agentsFractional')}>{formatNumber(out.agentsFractional, locale, 2)}</Descriptions.Item>}
                <Descriptions.Item label={t('wfm.staffing.scheduled')}>{formatNumber(out.agentsWithShrinkage, locale)}</Descriptions.Item>
                <Descriptions.Item label={t('wfm.metric.serviceLevel')}>
                  {pct(out.serviceLevel)} <Typography.Text type="secondary">({t('wfm.erlang.slDefinition', { t: out.slThresholdSeconds, definition: t(`wfm.slDefinition.${out.slDefinition}`) })})</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('wfm.metric.asa')}>{out.asa === null ? t('common.none') : t('wfm.common.secValue', { value: formatNumber(out.asa, locale, 1) })}</Descriptions.Item>
                <Descriptions.Item label={t('wfm.erlang.waitProbability')}>{pct(out.waitProbability)}</Descriptions.Item>
                <Descriptions.Item label={t('wfm.metric.occupancy')}>{pct(out.occupancy)}</Descriptions.Item>
                {out.abandonment !== undefined && <Descriptions.Item label={t('wfm.metric.abandonmentRate')}>{pct(out.abandonment)}</Descriptions.Item>}
                {out.binding && isBinding(out.binding) && <Descriptions.Item label={t('wfm.erlang.binding')}>{t(`wfm.erlang.bindings.${out.binding}`)}</Descriptions.Item>}
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
