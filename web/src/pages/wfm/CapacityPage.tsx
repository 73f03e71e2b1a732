import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Row, Table, Tag, Typography } from 'antd';
import { PlayCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { formatMoney, formatNumber, formatPercent } from '../../format';
import { useLocale } from '../../hooks';
import type { CapacityMonth, CapacityOption, CapacityResult } from '../../wfmApi';
import { capacityInputFromForm, capacitySeries, exampleCapacityForm, OPTION_COLORS, recommendationText, type CapacityField, type CapacityForm } from './capacityModel';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { SolveProgressPanel } from './SolveProgressPanel';
import { useSolveJob } from './useSolveJob';
import { todayLocal } from './wfmShared';
import { MonthPicker } from '../../components/MonthPicker';

const nextMonth = () => {
  const d = todayLocal(0);
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** 人力规划: months of workload against a shrinking team — overtime, hiring, temporary staff or all three. */
export default function CapacityPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<CapacityForm>();
  const [problems, setProblems] = useState<CapacityField[]>([]);
  const job = useSolveJob<CapacityResult>('capacity');
  const initial = useMemo(() => exampleCapacityForm(nextMonth()), []);

  const submit = (v: CapacityForm) => {
    const r = capacityInputFromForm({ ...initial, ...v });
    if ('problems' in r) {
      setProblems(r.problems);
      form.setFields(r.problems.map((name) => ({ name, errors: [t('wfm.capacity.badValue')] })));
      return;
    }
    setProblems([]);
    void job.start({ ...r.input, solver: { timeLimitSeconds: 20 } });
  };
  const result = job.job?.result ?? null;
  type Cols = { xs: number; md: number; xl: number };
  const WIDE: Cols = { xs: 12, md: 8, xl: 6 };
  const LEVER: Cols = { xs: 12, md: 8, xl: 12 };
  const num = (name: CapacityField, label: string, props: { min?: number; max?: number; step?: number; suffix?: string } = {}, cols: Cols = WIDE) => (
    <Col {...cols}>
      <Form.Item name={name} label={label} rules={[{ required: name !== 'maxHiresPerMonth' && name !== 'endHeadcountAtLeast', message: t('form.required') }]}>
        <InputNumber style={{ width: '100%' }} {...props} />
      </Form.Item>
    </Col>
  );
  const text = (name: CapacityField, label: string, extra?: string, props: { prefix?: string; type?: string } = {}, cols: Cols = { xs: 24, md: 12, xl: 6 }) => (
    <Col {...cols}>
      <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input {...props} />
      </Form.Item>
    </Col>
  );
  const toggle = (name: CapacityField, label: string) => (
    <Form.Item name={name} valuePropName="checked" style={{ marginBottom: 8 }}>
      <Checkbox>{label}</Checkbox>
    </Form.Item>
  );

  return (
    <>
      <PageHeader title={t('wfm.nav.capacity')} sub={t('wfm.capacity.intro')} extra={<Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldsValue(initial)}>{t('wfm.capacity.loadExample')}</Button>} />
      <Card>
        <Form<CapacityForm> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="capacity-form">
          <Typography.Title level={2} style={{ fontSize: 15 }}>{t('wfm.capacity.workloadTitle')}</Typography.Title>
          <Row gutter={12}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="startMonth" label={t('wfm.capacity.startMonth')} rules={[{ required: true, message: t('form.required') }]}>
                <FormMonth />
              </Form.Item>
            </Col>
            {text('requiredFte', t('wfm.capacity.requiredFte'), t('wfm.capacity.requiredFteHelp'))}
            {num('hoursPerFteMonth', t('wfm.capacity.hoursPerFte'), { min: 1, max: 400 })}
            {num('endHeadcountAtLeast', t('wfm.capacity.endHeadcount'), { min: 0 })}
          </Row>
          <Typography.Title level={2} style={{ fontSize: 15 }}>{t('wfm.capacity.staffTitle')}</Typography.Title>
          <Row gutter={12}>
            {num('headcount', t('wfm.capacity.headcount'), { min: 0 })}
            {num('attritionPercent', t('wfm.capacity.attrition'), { min: 0, max: 100, step: 0.5, suffix: '%' })}
            {text('salaryYuan', t('wfm.capacity.salary'), t('wfm.capacity.salaryHelp'), { prefix: '¥' })}
          </Row>
          <Row gutter={24}>
            <Col xs={24} xl={8}>
              <Divider orientation="left" plain>{t('wfm.capacity.hiringTitle')}</Divider>
              {toggle('hiringEnabled', t('wfm.capacity.useHiring'))}
              <Row gutter={12}>
                {num('leadTimeMonths', t('wfm.capacity.leadTime'), { min: 0, max: 12 }, LEVER)}
                {num('trainingWeeks', t('wfm.capacity.trainingWeeks'), { min: 0, max: 52 }, LEVER)}
                {num('maxHiresPerMonth', t('wfm.capacity.maxHires'), { min: 0 }, LEVER)}
              </Row>
              <Row gutter={12}>
                {text('ramp', t('wfm.capacity.ramp'), t('wfm.capacity.rampHelp'), {}, LEVER)}
                {text('recruitingYuan', t('wfm.capacity.recruitingCost'), undefined, { prefix: '¥' }, LEVER)}
                {text('trainingYuan', t('wfm.capacity.trainingCost'), undefined, { prefix: '¥' }, LEVER)}
              </Row>
            </Col>
            <Col xs={24} xl={8}>
              <Divider orientation="left" plain>{t('wfm.capacity.overtimeTitle')}</Divider>
              {toggle('overtimeEnabled', t('wfm.capacity.useOvertime'))}
              <Row gutter={12}>
                {num('premium', t('wfm.capacity.premium'), { min: 1, max: 5, step: 0.1 }, LEVER)}
                {num('maxHoursWeek', t('wfm.capacity.maxHoursWeek'), { min: 0, max: 40 }, LEVER)}
                {num('maxHoursMonth', t('wfm.capacity.maxHoursMonth'), { min: 0, max: 200 }, LEVER)}
              </Row>
              <Typography.Paragraph type="secondary">{t('wfm.capacity.overtimeHelp')}</Typography.Paragraph>
            </Col>
            <Col xs={24} xl={8}>
              <Divider orientation="left" plain>{t('wfm.capacity.tempsTitle')}</Divider>
              {toggle('tempsEnabled', t('wfm.capacity.useTemps'))}
              <Row gutter={12}>
                {text('tempCostYuan', t('wfm.capacity.tempCost'), undefined, { prefix: '¥' }, LEVER)}
                {num('tempProductivityPercent', t('wfm.capacity.tempProductivity'), { min: 0, max: 100, suffix: '%' }, LEVER)}
                {num('maxTemps', t('wfm.capacity.maxTemps'), { min: 0 }, LEVER)}
              </Row>
            </Col>
          </Row>
          <Typography.Title level={2} style={{ fontSize: 15 }}>{t('wfm.capacity.serviceTitle')}</Typography.Title>
          <Row gutter={12}>
            {num('targetPercent', t('wfm.capacity.target'), { min: 1, max: 99, suffix: '%' })}
            <Col xs={24} md={16} xl={12}>
              <Form.Item name="curve" label={t('wfm.capacity.curve')} extra={t('wfm.capacity.curveHelp')} rules={[{ required: true, message: t('form.required') }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={t('wfm.capacity.fixFields')} />}
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={job.running} disabled={job.running} data-testid="capacity-start">
            {t('wfm.capacity.solve')}
          </Button>
        </Form>
        <SolveProgressPanel progress={job.progress} running={job.running} cancelling={job.cancelling} job={job.job} error={job.error} timeLimitSeconds={80} onCancel={() => void job.cancel()} />
      </Card>
      {result && <CapacityResultView result={result} locale={locale} />}
    </>
  );
}

function CapacityResultView({ result, locale }: { result: CapacityResult; locale: string }) {
  const { t } = useTranslation();
  const series = useMemo(() => capacitySeries(result), [result]);
  const optionName = (o: CapacityOption['option']) => t(`wfm.capacity.option.${o}`);
  const chart = useMemo<ChartSeries[]>(
    () => [
      ...series.map((s) => ({ name: `${optionName(s.option)} · ${t('wfm.capacity.cost')}`, type: 'bar' as const, data: s.costFen.map((v) => (v === null ? null : v / 100)), color: OPTION_COLORS[s.option], format: (v: number) => formatMoney(Math.round(v * 100), locale) })),
      ...series.map((s) => ({ name: `${optionName(s.option)} · ${t('wfm.capacity.sl')}`, type: 'line' as const, axis: 1 as const, data: s.serviceLevel, color: OPTION_COLORS[s.option], dashed: true, format: (v: number) => formatPercent(v, locale) })),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, t, locale],
  );
  const axes = useMemo<[ChartAxis, ChartAxis]>(
    () => [
      { name: t('wfm.capacity.costAxis'), format: (v) => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v) },
      { name: t('wfm.capacity.sl'), min: 0, max: 1, format: (v) => formatPercent(v, locale, 0) },
    ],
    [t, locale],
  );
  const mix = result.options.find((o) => o.option === 'mix');
  const words: DecisionWords = {
    hire: (month, n) => t('wfm.capacity.hireIn', { month, n }),
    overtime: (month, h) => t('wfm.capacity.overtimeIn', { month, hours: formatNumber(h, locale, 0) }),
    temps: (month, n) => t('wfm.capacity.tempsIn', { month, n }),
    none: t('wfm.capacity.noAction'),
    sep: t('wfm.common.listSep'),
  };
  return (
    <Card style={{ marginTop: 16 }} title={t('wfm.capacity.resultTitle')} data-testid="capacity-result">
      <Alert type="info" showIcon message={t('wfm.capacity.recommendation')} description={<span data-testid="capacity-recommendation">{recommendationText(result, locale)}</span>} style={{ marginBottom: 16 }} />
      <Typography.Paragraph type="secondary">
        {t('wfm.capacity.facts', {
          target: formatPercent(result.targetServiceLevel, locale),
          ratio: result.targetRatio === null ? t('common.none') : formatNumber(result.targetRatio, locale, 3),
          cap: formatNumber(result.overtimeCapHoursPerAgent, locale, 1),
          ramp: result.newHireProductivity.map((p) => formatPercent(p, locale, 0)).join(' → '),
        })}
      </Typography.Paragraph>
      <SeriesChart categories={result.months} series={chart} axes={axes} label={t('wfm.capacity.chartLabel', { n: result.options.length })} testId="capacity-chart" height={360} categoryName={t('wfm.capacity.month')} />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>{t('wfm.capacity.optionsTitle')}</Typography.Title>
      <Table<CapacityOption>
        size="small"
        rowKey="option"
        pagination={false}
        dataSource={result.options}
        scroll={{ x: 720 }}
        data-testid="capacity-options"
        columns={[
          { title: t('wfm.capacity.optionCol'), dataIndex: 'option', render: (o: CapacityOption['option']) => <Tag color={OPTION_COLORS[o]}>{optionName(o)}</Tag> },
          { title: t('wfm.capacity.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('wfm.capacity.monthsBelow'), dataIndex: 'monthsBelowTarget', align: 'right' },
          { title: t('wfm.capacity.lowestSl'), dataIndex: 'lowestServiceLevel', align: 'right', render: (v: number) => formatPercent(v, locale) },
          { title: t('wfm.capacity.endPayroll'), dataIndex: 'endPayroll', align: 'right', render: (v: number, o) => <Typography.Text type={o.meetsEndHeadcount ? undefined : 'danger'}>{formatNumber(v, locale, 1)}</Typography.Text> },
          { title: t('wfm.capacity.decisions'), key: 'd', render: (_, o) => decisionsText(o, result.months, words) },
        ]}
      />
      {mix && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>{t('wfm.capacity.mixTitle')}</Typography.Title>
          <Table<CapacityMonth>
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={mix.months}
            scroll={{ x: 900 }}
            data-testid="capacity-months"
            columns={[
              { title: t('wfm.capacity.month'), dataIndex: 'month' },
              { title: t('wfm.capacity.requiredFteShort'), dataIndex: 'requiredFte', align: 'right', render: (v: number) => formatNumber(v, locale, 2) },
              { title: t('wfm.capacity.tenured'), dataIndex: 'tenured', align: 'right', render: (v: number) => formatNumber(v, locale, 2) },
              { title: t('wfm.capacity.inRamp'), dataIndex: 'inRamp', align: 'right', render: (v: number) => formatNumber(v, locale, 2) },
              { title: t('wfm.capacity.overtimeHours'), dataIndex: 'overtimeHours', align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
              { title: t('wfm.capacity.temps'), dataIndex: 'temps', align: 'right' },
              { title: t('wfm.capacity.effective'), dataIndex: 'effectiveFte', align: 'right', render: (v: number) => formatNumber(v, locale, 2) },
              { title: t('wfm.capacity.sl'), dataIndex: 'serviceLevel', align: 'right', render: (v: number, m) => <Typography.Text type={m.meetsTarget ? undefined : 'danger'}>{formatPercent(v, locale)}</Typography.Text> },
              { title: t('wfm.capacity.hires'), dataIndex: 'hiresDecided', align: 'right' },
              { title: t('wfm.capacity.monthCost'), key: 'c', align: 'right', render: (_, m) => formatMoney(m.costs.totalFen, locale) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

interface DecisionWords {
  hire: (month: string, n: number) => string;
  overtime: (month: string, hours: number) => string;
  temps: (month: string, n: number) => string;
  none: string;
  sep: string;
}

function decisionsText(o: CapacityOption, months: string[], w: DecisionWords): string {
  const parts: string[] = [];
  o.decisions.hires.forEach((n, i) => n > 0 && parts.push(w.hire(months[i], n)));
  o.decisions.overtimeHours.forEach((h, i) => h > 0.5 && parts.push(w.overtime(months[i], h)));
  o.decisions.temps.forEach((n, i) => n > 0 && parts.push(w.temps(months[i], n)));
  return parts.join(w.sep) || w.none;
}

/** The month picker as a form control (Form.Item hands it value and onChange). */
function FormMonth({ value, onChange }: { value?: string; onChange?: (month: string | undefined) => void }) {
  return <MonthPicker value={value} onChange={(m) => onChange?.(m)} style={{ width: '100%' }} />;
}
