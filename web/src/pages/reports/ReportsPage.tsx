import { useState } from 'react';
import { Alert, App, Button, type ButtonProps, Card, Form, Modal, Progress, Select, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { REPORT_TYPES, reportsApi, type ReportListItem, type ReportStatus, type ReportType } from './api';
import { PeriodPicker, previousMonth, projectIdOf, ScopeSelect, useDefaultScope } from './shared';

export const STATUS_COLOR: Record<ReportStatus, string> = { draft: 'default', approved: 'blue', published: 'green' };

/** 报表中心 — the generated reports (type, scope, period, state) and generating a new one. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const [type, setType] = useState<ReportType | undefined>();
  const list = useRequest(() => reportsApi.documents({ type }), [type]);
  const projects = useRequest(() => api.projects(), []);
  const [generating, setGenerating] = useState(false);
  const projectName = (id: string | null) => (id ? (projects.data?.items.find((p) => p.id === id)?.name ?? id) : t('reports.org'));

  return (
    <>
      <PageHeader
        title={t('reports.nav.documents')}
        sub={t('reports.list.sub')}
        extra={
          <>
            <Select allowClear placeholder={t('reports.list.allTypes')} style={{ minWidth: 160 }} value={type} onChange={setType} options={REPORT_TYPES.map((x) => ({ value: x, label: t(`reports.type.${x}`) }))} aria-label={t('reports.field.type')} />
            {hasPermission(user, 'reports.manage') && (
              <Button type="primary" onClick={() => setGenerating(true)} data-testid="report-generate">
                {t('reports.list.generate')}
              </Button>
            )}
          </>
        }
      />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card>
        <Table<ReportListItem>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('reports.list.empty') }}
          data-testid="report-list"
          columns={[
            { title: t('reports.field.type'), key: 'type', render: (_, d) => <Link to={`/reports/documents/${d.id}`}>{t(`reports.type.${d.type}`)}</Link> },
            { title: t('reports.field.scope'), key: 'scope', render: (_, d) => projectName(d.projectId) },
            { title: t('reports.field.period'), key: 'period', render: (_, d) => d.period },
            { title: t('reports.field.status'), key: 'status', render: (_, d) => <Tag color={STATUS_COLOR[d.status]}>{t(`reports.status.${d.status}`)}</Tag> },
            { title: t('reports.field.generatedAt'), key: 'at', render: (_, d) => formatDateTime(d.generatedAt, locale), responsive: ['md'] },
            { title: t('reports.field.version'), key: 'v', align: 'right', render: (_, d) => d.version, responsive: ['lg'] },
          ]}
        />
      </Card>
      {generating && <GenerateModal onClose={() => setGenerating(false)} />}
    </>
  );
}

interface GenerateForm {
  type: ReportType;
  scope: string;
  period: string;
}

function GenerateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const scope = useDefaultScope(user);
  const [form] = Form.useForm<GenerateForm>();
  const type = Form.useWatch('type', form) ?? 'monthly';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: GenerateForm) => {
    setBusy(true);
    setError(null);
    try {
      const before = await reportsApi.documents({ type: v.type, period: v.period });
      const doc = await reportsApi.generate({ type: v.type, period: v.period, projectId: projectIdOf(v.scope) ?? null });
      message.success(before.items.some((d) => d.id === doc.id) ? t('reports.generate.refreshed') : t('reports.generate.created'));
      navigate(`/reports/documents/${doc.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('reports.generate.title')} okText={t('reports.generate.ok')} onOk={() => form.submit()} confirmLoading={busy} onCancel={onClose} okButtonProps={{ 'data-testid': 'report-generate-ok' } as ButtonProps}>
      {scope !== undefined && (
        <Form<GenerateForm> form={form} layout="vertical" initialValues={{ type: 'monthly', scope, period: previousMonth() }} onFinish={submit} disabled={busy}>
          <Form.Item name="type" label={t('reports.field.type')} rules={[{ required: true, message: t('form.required') }]}>
            <Select
              options={REPORT_TYPES.map((x) => ({ value: x, label: t(`reports.type.${x}`) }))}
              onChange={(x: ReportType) => form.setFieldValue('period', x === 'annual' ? String(Number(previousMonth().slice(0, 4))) : previousMonth())}
              data-testid="report-type"
            />
          </Form.Item>
          <Form.Item name="scope" label={t('reports.generate.scope')} rules={[{ required: true, message: t('form.required') }]}>
            <ScopeSelect user={user} testId="report-scope" />
          </Form.Item>
          <Form.Item name="period" label={type === 'annual' ? t('reports.generate.year') : t('reports.generate.month')} rules={[{ required: true, message: t('form.required') }]}>
            <PeriodPicker kind={type === 'annual' ? 'year' : 'month'} testId="report-period" />
          </Form.Item>
        </Form>
      )}
      {busy && (
        <div data-testid="report-progress">
          <Progress percent={99} status="active" showInfo={false} />
          <Alert type="info" showIcon message={t('reports.generate.running')} />
        </div>
      )}
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
