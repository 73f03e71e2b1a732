import { Button, Card, Flex, Select, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { DayPicker } from '../../components/DayPicker';
import { EVALUATION_STATES, qualityApi, type Evaluation } from './api';
import { PassTag, StateTag } from './ScoreSheet';

const parseFilters = (p: URLSearchParams) => ({
  agentId: text(p, 'agentId'),
  inspectorId: text(p, 'inspectorId'),
  projectId: text(p, 'projectId'),
  state: oneOf(p, 'state', EVALUATION_STATES),
  passed: oneOf(p, 'passed', ['0', '1'] as const),
  disputed: oneOf(p, 'disputed', ['1'] as const),
  failedItem: text(p, 'failedItem'),
  from: text(p, 'from'),
  to: text(p, 'to'),
});

/** 质检记录 — every evaluation in the caller's projects; the dashboard's figures drill down to here. */
export default function EvaluationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update, key } = useListParams(parseFilters);
  const list = useRequest(() => qualityApi.evaluations(f), [key]);
  const filtered = !!(f.agentId || f.inspectorId || f.projectId || f.failedItem);

  return (
    <>
      <PageHeader title={t('quality.nav.evaluations')} sub={t('quality.list.sub')} />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card>
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t('quality.field.state')}
            value={f.state}
            options={EVALUATION_STATES.map((s) => ({ value: s, label: t(`quality.state.${s}`) }))}
            onChange={(v) => update({ state: v })}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('quality.field.result')}
            value={f.passed}
            options={[
              { value: '1', label: t('quality.field.pass') },
              { value: '0', label: t('quality.field.fail') },
            ]}
            onChange={(v) => update({ passed: v })}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('quality.list.disputedOnly')}
            value={f.disputed}
            options={[{ value: '1', label: t('quality.list.disputedOnly') }]}
            onChange={(v) => update({ disputed: v })}
          />
          <DayPicker value={f.from} onChange={(v) => update({ from: v })} aria-label={t('quality.list.from')} />
          <DayPicker value={f.to} onChange={(v) => update({ to: v })} aria-label={t('quality.list.to')} />
          {filtered && (
            <Button onClick={() => update({ agentId: undefined, inspectorId: undefined, projectId: undefined, failedItem: undefined })}>
              {t('quality.list.clear')}
              {f.failedItem ? ` · ${t('quality.list.failedItem')}` : ''}
            </Button>
          )}
        </Flex>
        <Table<Evaluation>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="qa-evaluations"
          pagination={listPagination(t, locale, { page: f.page, pageSize: f.pageSize }, list.data?.total ?? 0, (p) => update(p))}
          columns={[
            { title: t('quality.field.occurredAt'), key: 'at', render: (_, e) => <Link to={`/quality/evaluations/${e.id}`}>{formatDateTime(e.subject.occurredAt, locale)}</Link> },
            { title: t('quality.field.subject'), key: 'kind', render: (_, e) => <Tag>{t(`quality.kind.${e.subject.kind}`)}</Tag> },
            { title: t('quality.field.agent'), key: 'agent', render: (_, e) => <a onClick={() => update({ agentId: e.agentId })}>{e.agentName}</a> },
            { title: t('quality.field.inspector'), key: 'inspector', render: (_, e) => <a onClick={() => update({ inspectorId: e.inspectorId })}>{e.inspectorName}</a>, responsive: ['md'] },
            { title: t('quality.field.score'), key: 'score', align: 'right', render: (_, e) => (e.score === null ? '—' : e.score) },
            { title: t('quality.field.result'), key: 'passed', render: (_, e) => <PassTag passed={e.passed} /> },
            { title: t('quality.field.state'), key: 'state', render: (_, e) => <StateTag state={e.state} /> },
            { title: t('quality.field.scoredAt'), key: 'scoredAt', render: (_, e) => formatDateTime(e.scoredAt, locale), responsive: ['lg'] },
          ]}
        />
      </Card>
    </>
  );
}
