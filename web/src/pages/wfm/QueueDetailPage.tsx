import { Breadcrumb, Card, Descriptions, Tabs } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { FullPageSpin } from '../../components/FullPageSpin';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatNumber, formatPercent } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { canPlan, wfmApi } from '../../wfmApi';
import { ForecastTab } from './ForecastTab';
import { ImportTab } from './ImportTab';
import { StaffingTab } from './StaffingTab';
import { IntradayTab } from './IntradayTab';
import { StatsTab } from './StatsTab';

const TABS = ['stats', 'forecast', 'staffing', 'intraday', 'import'] as const;
type Tab = (typeof TABS)[number];

/** One queue: its settings, history statistics, forecast against actuals, staffing, and call-history import. */
export default function QueueDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const queue = useRequest(() => wfmApi.queue(id), [id]);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'stats';

  if (queue.error) return <LoadError error={queue.error} onRetry={queue.reload} />;
  const q = queue.data;
  if (!q) return <FullPageSpin />;

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/wfm/queues">{t('wfm.nav.queues')}</Link> }, { title: q.name }]} />
      <PageHeader title={q.name} sub={q.description ?? undefined} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="queue-settings">
          <Descriptions.Item label={t('wfm.queue.target')}>{t('wfm.queue.targetValue', { pct: formatPercent(q.serviceLevel.target, locale, 0), t: q.serviceLevel.thresholdSeconds })}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.slDefinition')}>{t(`wfm.slDefinition.${q.serviceLevel.definition}`)}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.model')}>{t(`wfm.model.${q.model}`)}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.shrinkage')}>{formatPercent(q.shrinkage, locale, 0)}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.common.interval')}>{t('wfm.common.minutes', { value: q.intervalMinutes })}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.historyCalls')}>{formatNumber(q.history.calls, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.historyRange')}>
            {q.history.firstCallAt ? `${formatDateTime(q.history.firstCallAt, locale)} – ${formatDateTime(q.history.lastCallAt, locale)}` : t('wfm.queue.noHistory')}
          </Descriptions.Item>
          <Descriptions.Item label={t('wfm.queue.timeZone')}>{q.timeZone}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'stats', label: t('wfm.tab.stats'), children: <StatsTab queue={q} /> },
          { key: 'forecast', label: t('wfm.tab.forecast'), children: <ForecastTab queue={q} /> },
          { key: 'staffing', label: t('wfm.tab.staffing'), children: <StaffingTab queue={q} /> },
          { key: 'intraday', label: t('wfm.tab.intraday'), children: <IntradayTab queue={q} /> },
          ...(canPlan(user) ? [{ key: 'import', label: t('wfm.tab.import'), children: <ImportTab queue={q} onImported={queue.reload} /> }] : []),
        ]}
      />
    </>
  );
}
