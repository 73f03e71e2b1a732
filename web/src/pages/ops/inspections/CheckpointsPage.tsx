import { useState } from 'react';
import { App, Button, Card, Col, Flex, Image, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';

import { http, withQuery } from '../../../api';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type Checkpoint, type InspectionRoute } from '../../../opsApi';
import { ProjectSelect, useProjectChoice } from '../opsShared';
import { CheckModal } from './CheckModal';

const KINDS: readonly Checkpoint['kind'][] = ['patrol', 'fire', 'equipment', 'safety'];

const qrUrl = (id: string, file: string) => `/api/inspections/checkpoints/${encodeURIComponent(id)}/${file}`;

/** Fetches a document (localised errors) and saves it under a name. */
async function saveFrom(path: string, name: string) {
  const blob = await http.blob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 巡检点与路线: every point with its QR code image (download, print sheets) and checklist; an ad-hoc check from here opens a hazard when something is wrong. */
export default function CheckpointsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const parse = (p: URLSearchParams) => ({ projectId: text(p, 'projectId'), kind: oneOf(p, 'kind', KINDS), q: text(p, 'q') });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.checkpoints({ projectId, kind: f.kind, q: f.q, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const routes = useRequest(() => opsApi.routes(projectId), [projectId], !!projectId);
  const checklists = useRequest(() => opsApi.checklists(projectId), [projectId], !!projectId);
  const [checking, setChecking] = useState<Checkpoint | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [printing, setPrinting] = useState<string | null>(null);
  const { message } = App.useApp();
  // One sheet per request: the filtered list, the picked rows, or a route in walking order.
  const print = async (key: string, query: Record<string, string | undefined>) => {
    if (!projectId) return;
    setPrinting(key);
    try {
      await saveFrom(withQuery('/api/inspections/qr-sheet.pdf', { projectId, ...query }), `${t('ops.cp.print')}.pdf`);
    } catch (e) {
      message.error(t('ops.cp.printFailed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setPrinting(null);
    }
  };
  const canWrite = hasPermission(user, 'inspections.write');
  const checklistName = (id: string | null) => checklists.data?.items.find((c) => c.id === id)?.name;

  return (
    <>
      <PageHeader title={t('ops.nav.checkpoints')} sub={t('ops.cp.intro')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string> value={f.kind} allowClear placeholder={t('ops.insp.kind')} aria-label={t('ops.insp.kind')} onChange={(v) => update({ kind: v as Checkpoint['kind'] | undefined })} options={KINDS.map((k) => ({ value: k, label: t(`ops.cp.kinds.${k}`) }))} />
          <Input.Search data-wide key={f.q ?? ''} defaultValue={f.q} allowClear placeholder={t('ops.cp.search')} aria-label={t('ops.cp.search')} onSearch={(v) => update({ q: v.trim() || undefined })} />
          <Button
            icon={<PrinterOutlined />}
            loading={printing === 'list'}
            disabled={!projectId}
            onClick={() => void print('list', selected.length ? { ids: selected.join(',') } : { kind: f.kind, q: f.q })}
            data-testid="qr-print"
          >
            {selected.length ? t('ops.cp.printSelected', { count: selected.length }) : t('ops.cp.print')}
          </Button>
        </FilterBar>
        <Table<Checkpoint>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="checkpoints-table"
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true }}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.cp.code'), dataIndex: 'code' },
            { title: t('ops.insp.checkpoint'), dataIndex: 'name', render: (n: string, c) => <>{n}{c.location && <Typography.Text type="secondary"> · {c.location}</Typography.Text>}</> },
            { title: t('ops.insp.kind'), dataIndex: 'kind', render: (k: Checkpoint['kind']) => <Tag>{t(`ops.cp.kinds.${k}`)}</Tag> },
            { title: t('ops.insp.checklist'), dataIndex: 'checklistId', render: (id: string | null) => checklistName(id) ?? t('ops.cp.overallOnly') },
            {
              title: t('ops.cp.qr'),
              key: 'qr',
              render: (_: unknown, c: Checkpoint) => (
                <Flex align="center" gap={8}>
                  {/* The SVG is small and sharp at any zoom; the preview opens it large for a phone to scan off the screen. */}
                  <Image src={qrUrl(c.id, 'qr.svg')} width={56} height={56} alt={t('ops.cp.qrImage', { name: c.name })} data-testid="checkpoint-qr" />
                  <Space direction="vertical" size={0}>
                    <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void saveFrom(`${qrUrl(c.id, 'qr.png')}?size=600`, `${c.code}.png`).catch((e) => message.error(String(e?.message ?? e)))}>
                      {t('ops.cp.downloadPng')}
                    </Button>
                    <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void saveFrom(qrUrl(c.id, 'label.png'), `${c.code}-${c.name}.png`).catch((e) => message.error(String(e?.message ?? e)))}>
                      {t('ops.cp.downloadLabel')}
                    </Button>
                  </Space>
                </Flex>
              ),
            },
            ...(canWrite
              ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, c: Checkpoint) => <Button size="small" onClick={() => setChecking(c)} data-testid="checkpoint-check">{t('ops.cp.adHoc')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Card title={t('ops.cp.routes')} style={{ marginTop: 16 }}>
        {routes.error && <LoadError error={routes.error} onRetry={routes.reload} />}
        <Row gutter={[16, 16]}>
          {(routes.data?.items ?? []).map((r: InspectionRoute) => (
            <Col key={r.id} xs={24} md={12} xl={8}>
              <Card
                size="small"
                title={r.name}
                extra={
                  <Button size="small" icon={<PrinterOutlined />} loading={printing === r.id} disabled={!r.checkpoints.length} onClick={() => void print(r.id, { routeId: r.id })}>
                    {t('ops.cp.printRoute')}
                  </Button>
                }
              >
                {r.description && <Typography.Paragraph type="secondary">{r.description}</Typography.Paragraph>}
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {r.checkpoints.map((c) => (
                    <li key={c.id}>{c.name}</li>
                  ))}
                </ol>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
      <CheckModal
        open={!!checking}
        title={checking ? t('ops.insp.checkTitle', { name: checking.name }) : ''}
        items={checking ? checklists.data?.items.find((c) => c.id === checking.checklistId)?.items : undefined}
        onClose={() => setChecking(null)}
        submit={async (c) => {
          const r = await opsApi.recordResult({ checkpointId: checking!.id, ...c });
          if (r.hazardOrderId) navigate(`/inspections/hazards?open=${r.hazardOrderId}&projectId=${checking!.projectId}`);
          return r;
        }}
      />
    </>
  );
}
