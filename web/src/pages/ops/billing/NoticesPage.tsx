import { useState } from 'react';
import { Alert, App, Button, Card, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { FileTextOutlined, FileWordOutlined, FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { MonthPicker } from '../../../components/MonthPicker';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type BillNotice, type NoticeRequest } from '../../../opsApi';
import { monthShanghai, ProjectSelect, saveBlob, UnitSelect, useProjectChoice, useUnitLabels } from '../opsShared';

/**
 * 缴费通知单: issue a period's notices for one house or a whole building — opened as print-ready
 * HTML (a page per house), downloaded as DOCX or PDF, or pushed to the residents' app — and the
 * record of what was sent when. Every issue numbers and records the notices it produces.
 */
export default function NoticesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const parse = (p: URLSearchParams) => ({ projectId: text(p, 'projectId'), period: text(p, 'period'), buildingId: text(p, 'buildingId'), scope: oneOf(p, 'scope', ['unit', 'building'] as const) });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const period = f.period ?? monthShanghai(0);
  const scope = f.scope ?? 'building';
  const [unitId, setUnitId] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const buildings = useRequest(() => api.buildings({ projectId }), [projectId], !!projectId);
  const sent = useRequest(() => opsApi.notices({ projectId, period, buildingId: scope === 'building' ? f.buildingId : undefined, accountId: scope === 'unit' ? unitId : undefined, page: f.page, pageSize: f.pageSize }), [key, projectId, period, unitId], !!projectId);
  const units = useUnitLabels((sent.data?.items ?? []).map((n) => n.accountId));
  const buildingName = new Map((buildings.data?.items ?? []).map((b) => [b.id, b.name]));
  const canWrite = hasPermission(user, 'billing.write');
  const ready = !!projectId && (scope === 'building' ? !!f.buildingId : !!unitId);

  const request = (channel: 'print' | 'app'): NoticeRequest => ({ projectId: projectId!, period, channel, ...(scope === 'building' ? { buildingId: f.buildingId } : { accountIds: [unitId!] }) });
  const run = async (what: 'html' | 'docx' | 'pdf' | 'app') => {
    setBusy(what);
    // A tab opened before the request keeps the browser from blocking it as a pop-up.
    const tab = what === 'html' ? window.open('', '_blank') : null;
    try {
      if (what === 'app') {
        const r = await opsApi.issueNotices(request('app'));
        message.success(t('ops.notice.pushed', { n: r.count, total: formatMoney(r.totalFen, locale) }));
      } else {
        const blob = await opsApi.issueNoticesDoc(request('print'), what);
        if (what === 'html') {
          const url = URL.createObjectURL(blob);
          if (tab) tab.location.href = url;
          else window.open(url, '_blank');
        } else saveBlob(blob, `notices-${period}.${what}`);
        message.success(t('ops.notice.issued'));
      }
      sent.reload();
    } catch (e) {
      tab?.close();
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader title={t('ops.nav.notices')} sub={t('ops.notice.intro')} />
      <Card style={{ marginBottom: 12 }} data-testid="notice-issue">
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v, buildingId: undefined })} />
          <MonthPicker value={period} onChange={(v) => update({ period: v })} aria-label={t('ops.bill.month')} prefix={t('ops.bill.month')} data-testid="notice-period" />
          <Radio.Group value={scope} onChange={(e) => update({ scope: e.target.value as 'unit' | 'building' })} optionType="button" options={[{ value: 'building', label: t('ops.notice.byBuilding') }, { value: 'unit', label: t('ops.notice.byUnit') }]} />
          {scope === 'building' ? (
            <Select<string> value={f.buildingId} allowClear placeholder={t('ops.notice.building')} aria-label={t('ops.notice.building')} style={{ minWidth: 180 }} loading={buildings.loading} onChange={(v) => update({ buildingId: v })} options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))} data-testid="notice-building" />
          ) : (
            <UnitSelect projectId={projectId} value={unitId} onChange={setUnitId} style={{ minWidth: 200 }} aria-label={t('ops.pay.unit')} data-testid="notice-unit" />
          )}
        </FilterBar>
        {buildings.error && <LoadError error={buildings.error} onRetry={buildings.reload} />}
        {canWrite && (
          <Space wrap>
            <Button type="primary" icon={<FileTextOutlined />} disabled={!ready} loading={busy === 'html'} onClick={() => void run('html')} data-testid="notice-html">{t('ops.notice.openHtml')}</Button>
            <Button icon={<FileWordOutlined />} disabled={!ready} loading={busy === 'docx'} onClick={() => void run('docx')} data-testid="notice-docx">{t('ops.notice.docx')}</Button>
            <Button icon={<FilePdfOutlined />} disabled={!ready} loading={busy === 'pdf'} onClick={() => void run('pdf')} data-testid="notice-pdf">{t('ops.notice.pdf')}</Button>
            <Button icon={<SendOutlined />} disabled={!ready} loading={busy === 'app'} onClick={() => void run('app')} data-testid="notice-app">{t('ops.notice.push')}</Button>
          </Space>
        )}
        <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('ops.notice.help')} />
      </Card>
      <Card title={t('ops.notice.sent')}>
        {sent.error && <LoadError error={sent.error} onRetry={sent.reload} />}
        <Table<BillNotice>
          rowKey="id"
          size="small"
          loading={sent.loading}
          dataSource={sent.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="notices-table"
          pagination={listPagination(t, locale, f, sent.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.notice.number'), dataIndex: 'noticeNo' },
            { title: t('ops.bill.month'), dataIndex: 'period' },
            { title: t('ops.notice.building'), dataIndex: 'buildingId', render: (id: string | null) => (id ? (buildingName.get(id) ?? '…') : t('common.none')), responsive: ['md'] },
            { title: t('ops.bill.unit'), dataIndex: 'accountId', render: (id: string) => units.get(id) || '…' },
            { title: t('ops.notice.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            { title: t('ops.notice.channel'), dataIndex: 'channel', render: (c: BillNotice['channel']) => <Tag color={c === 'app' ? 'blue' : 'default'}>{t(`ops.notice.channels.${c}`)}</Tag> },
            { title: t('ops.notice.sentAt'), dataIndex: 'sentAt', render: (v: string) => formatDateTime(v, locale) },
            {
              title: t('common.actions'),
              key: 'act',
              render: (_, n) => (
                <Space>
                  <Typography.Link href={opsApi.noticeUrl(n.id, 'html')} target="_blank">HTML</Typography.Link>
                  <Typography.Link href={opsApi.noticeUrl(n.id, 'docx')}>DOCX</Typography.Link>
                  <Typography.Link href={opsApi.noticeUrl(n.id, 'pdf')} target="_blank">PDF</Typography.Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
