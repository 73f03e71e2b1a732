/**
 * 本岗位指标 — the signed-in role's own KPIs for a month against their targets: the actual, the
 * target, the gap coloured (met / near / missed) and a six-month trend. One call to
 * /api/reports/role-targets, which any staff role may make, so every role's home can show it
 * without a permission error. The figures come from the reports module's KPI layer.
 */
import { useState } from 'react';
import { Card, Col, Empty, Flex, Row, Skeleton, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { businessDate } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { MonthPicker } from '../../components/MonthPicker';
import { reportsApi, type RoleKpi } from '../reports/api';
import { formatKpiParts, formatKpiValue } from '../reports/kpiFormat';
import { projectIdOf, ScopeSelect, useDefaultScope, useKpiName } from '../reports/shared';
import { gapPoints } from '../reports/targetsModel';

const TONE_TAG = { met: 'success', near: 'warning', missed: 'error' } as const;

/** This month in Asia/Shanghai: the role's work is judged on the month in progress. */
const thisMonth = () => businessDate(new Date().toISOString()).slice(0, 7);

export function RoleTargets() {
  const { t } = useTranslation();
  const user = useUser();
  const defaultScope = useDefaultScope(user);
  const [scopeChoice, setScope] = useState<string | undefined>();
  const scope = scopeChoice ?? defaultScope;
  const [period, setPeriod] = useState(thisMonth());
  const res = useRequest(() => reportsApi.roleTargets(period, projectIdOf(scope)), [period, scope], scope !== undefined);
  const kpis = res.data?.kpis ?? [];
  return (
    <Card
      size="small"
      title={t('reports.role.title')}
      style={{ marginBottom: 16 }}
      data-testid="role-targets"
      extra={
        <Flex gap={8} wrap>
          <ScopeSelect user={user} value={scope} onChange={setScope} testId="role-targets-scope" />
          <MonthPicker value={period} onChange={(m) => m && setPeriod(m)} aria-label={t('reports.generate.month')} data-testid="role-targets-period" />
        </Flex>
      }
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : kpis.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.role.none')} />
      ) : (
        <Row gutter={[12, 12]}>
          {kpis.map((k) => (
            <Col key={k.code} xs={24} sm={12} lg={8} xxl={6}>
              <RoleKpiCard k={k} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

function RoleKpiCard({ k }: { k: RoleKpi }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const kpiName = useKpiName();
  const { token } = theme.useToken();
  const color = { met: token.colorSuccess, near: token.colorWarning, missed: token.colorError, none: undefined }[k.tone];
  const value = formatKpiValue(k.code, k.value, locale);
  const pts = gapPoints(k.gap);
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="role-kpi" data-code={k.code} data-tone={k.tone}>
      <Typography.Text type="secondary">{kpiName(k.code)}</Typography.Text>
      <Flex align="end" justify="space-between" gap={8}>
        <div style={{ fontSize: 26, fontWeight: 600, color, fontVariantNumeric: 'tabular-nums' }} data-testid="role-kpi-value">
          {value ?? t('reports.targets.noData')}
        </div>
        <Sparkline values={k.trend.map((p) => p.value)} color={color ?? token.colorPrimary} label={t('reports.role.trend', { n: k.trend.length })} title={k.trend.map((p) => `${p.period} ${formatKpiValue(k.code, p.value, locale) ?? '–'}`).join(' · ')} />
      </Flex>
      <Flex wrap gap={6} align="center" style={{ fontSize: 12, marginTop: 4 }}>
        {k.kind === 'rate' && <span>{formatKpiParts(k.code, k.numerator, k.denominator, locale)}</span>}
        {k.target ? (
          <Tag>{t('reports.role.target', { target: `${k.target.op === '>=' ? '≥' : '≤'} ${formatKpiValue(k.code, k.target.threshold, locale)}` })}</Tag>
        ) : (
          k.kind === 'rate' && <Typography.Text type="secondary">{t('reports.targets.noTarget')}</Typography.Text>
        )}
        {k.tone !== 'none' && pts !== null && (
          <Tag color={TONE_TAG[k.tone]} data-testid="role-kpi-gap">
            {t(`reports.targets.${k.tone}`)} {t('reports.targets.ppt', { value: pts })}
          </Tag>
        )}
      </Flex>
    </Card>
  );
}

/** A tiny line of the last periods' values; gaps where a period had no data. */
function Sparkline({ values, color, label, title }: { values: (number | null)[]; color: string; label: string; title: string }) {
  const w = 96;
  const h = 28;
  const nums = values.filter((v): v is number => v !== null);
  if (nums.length < 2) return null;
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  const x = (i: number) => (values.length === 1 ? w / 2 : (i / (values.length - 1)) * (w - 4) + 2);
  const y = (v: number) => (hi === lo ? h / 2 : h - 3 - ((v - lo) / (hi - lo)) * (h - 6));
  const runs: string[] = [];
  let cur: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (cur.length) runs.push(cur.join(' '));
      cur = [];
    } else cur.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (cur.length) runs.push(cur.join(' '));
  const last = values.length - 1;
  return (
    <svg width={w} height={h} role="img" aria-label={label} data-testid="role-kpi-trend">
      <title>{title}</title>
      {runs.map((pts, i) => (pts.includes(' ') ? <polyline key={i} points={pts} fill="none" stroke={color} strokeWidth={1.5} /> : null))}
      {values[last] !== null && <circle cx={x(last)} cy={y(values[last]!)} r={2.5} fill={color} />}
    </svg>
  );
}
