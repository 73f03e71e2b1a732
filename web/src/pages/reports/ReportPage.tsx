import { useEffect, useState } from 'react';
import { Alert, App, Button, type ButtonProps, Card, Col, Descriptions, Dropdown, Flex, Input, Modal, Popconfirm, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { EXPORT_FORMATS, reportsApi, type ExportFormat, type ReportChange, type ReportDocument } from './api';
import { STATUS_COLOR } from './ReportsPage';

/**
 * One report: the print-ready HTML in a sandboxed frame (exactly what PDF and print show), the
 * narrative sections beside it (editable while a draft; figures stay locked to the data), the
 * workflow (refresh with what changed, approve, publish) and the downloads.
 */
export default function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const [doc, setDoc] = useState<ReportDocument | null>(null);
  const loaded = useRequest(() => reportsApi.document(id), [id]);
  useEffect(() => {
    if (loaded.data) setDoc(loaded.data);
  }, [loaded.data]);
  // The HTML follows the document's version: every edit, refresh or state change redraws it.
  const html = useRequest(async () => (await reportsApi.exportBlob(id, 'html')).text(), [id, doc?.version], !!doc);
  const [busy, setBusy] = useState<string | null>(null);
  const [changes, setChanges] = useState<ReportChange[] | null>(null);
  const canManage = hasPermission(user, 'reports.manage');

  const run = async (what: string, fn: () => Promise<ReportDocument>, done?: (d: ReportDocument) => void) => {
    setBusy(what);
    try {
      const d = await fn();
      setDoc(d);
      done?.(d);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const download = async (format: ExportFormat) => {
    setBusy(`export-${format}`);
    try {
      const blob = await reportsApi.exportBlob(id, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${doc?.type ?? 'report'}-${doc?.period ?? ''}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!doc) return <Spin />;
  const draft = doc.status === 'draft';

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="report-title">{doc.model.title}</span>
            <Tag color={STATUS_COLOR[doc.status]} data-testid="report-status" data-status={doc.status}>
              {t(`reports.status.${doc.status}`)}
            </Tag>
          </Space>
        }
        sub={<Link to="/reports/documents">{t('reports.doc.back')}</Link>}
        extra={
          <>
            {canManage && draft && (
              <>
                <Button loading={busy === 'refresh'} onClick={() => void run('refresh', () => reportsApi.refresh(id), (d) => setChanges(d.changes ?? []))} data-testid="report-refresh">
                  {t('reports.doc.refresh')}
                </Button>
                <Popconfirm title={t('reports.doc.approveConfirm')} onConfirm={() => run('approve', () => reportsApi.approve(id), () => message.success(t('reports.doc.approved')))} okButtonProps={{ 'data-testid': 'report-approve-ok' } as ButtonProps}>
                  <Button type="primary" loading={busy === 'approve'} data-testid="report-approve">
                    {t('reports.doc.approve')}
                  </Button>
                </Popconfirm>
              </>
            )}
            {canManage && doc.status === 'approved' && (
              <Popconfirm title={t('reports.doc.publishConfirm')} onConfirm={() => run('publish', () => reportsApi.publish(id), () => message.success(t('reports.doc.published')))}>
                <Button type="primary" loading={busy === 'publish'} data-testid="report-publish">
                  {t('reports.doc.publish')}
                </Button>
              </Popconfirm>
            )}
            <Dropdown menu={{ items: EXPORT_FORMATS.map((f) => ({ key: f, label: f.toUpperCase() })), onClick: ({ key }) => void download(key as ExportFormat) }}>
              <Button icon={<DownloadOutlined />} loading={!!busy?.startsWith('export-')} data-testid="report-download">
                {t('reports.doc.download')}
              </Button>
            </Dropdown>
          </>
        }
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 4 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'type', label: t('reports.field.type'), children: t(`reports.type.${doc.type}`) },
          { key: 'scope', label: t('reports.field.scope'), children: doc.data.scopeName },
          { key: 'period', label: t('reports.field.period'), children: doc.period },
          { key: 'at', label: t('reports.field.generatedAt'), children: formatDateTime(doc.generatedAt, locale) },
          ...(doc.checksum ? [{ key: 'sum', label: t('reports.field.checksum'), children: <Typography.Text code copyable>{doc.checksum.slice(0, 16)}</Typography.Text> }] : []),
        ]}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('reports.doc.preview')} styles={{ body: { padding: 0 } }}>
            {html.error && <LoadError error={html.error} onRetry={html.reload} />}
            <Spin spinning={html.loading}>
              {/* No scripts, no same-origin: the report is shown, never run. */}
              <iframe title={t('reports.doc.previewLabel')} sandbox="" srcDoc={html.data ?? ''} data-testid="report-frame" style={{ width: '100%', height: '75vh', border: 0, background: '#fff', display: 'block' }} />
            </Spin>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('reports.doc.narrative')} data-testid="report-narrative">
            <Alert type="info" showIcon message={draft ? t('reports.doc.locked') : t('reports.doc.readOnly')} style={{ marginBottom: 12 }} />
            {doc.model.sections.map((s) => (
              <NarrativeEditor
                key={`${s.id}-${doc.version}`}
                title={s.title}
                sectionId={s.id}
                text={s.narrative}
                edited={doc.editedSections.includes(s.id)}
                editable={draft && canManage}
                busy={busy === `edit-${s.id}`}
                onSave={(text) => run(`edit-${s.id}`, () => reportsApi.editNarrative(id, { [s.id]: text }), () => message.success(t('reports.doc.saved')))}
              />
            ))}
          </Card>
        </Col>
      </Row>
      {changes && (
        <Modal open title={t('reports.doc.changesTitle')} footer={null} onCancel={() => setChanges(null)} width={640}>
          {changes.length === 0 ? (
            <Alert type="success" showIcon message={t('reports.doc.noChanges')} />
          ) : (
            <Table<ReportChange>
              rowKey="path"
              size="small"
              pagination={false}
              dataSource={changes}
              data-testid="report-changes"
              columns={[
                { title: t('reports.doc.path'), key: 'p', render: (_, c) => <Typography.Text code>{c.path}</Typography.Text> },
                { title: t('reports.doc.before'), key: 'b', align: 'right', render: (_, c) => String(c.before ?? '—') },
                { title: t('reports.doc.after'), key: 'a', align: 'right', render: (_, c) => String(c.after ?? '—') },
              ]}
            />
          )}
        </Modal>
      )}
    </>
  );
}

function NarrativeEditor({ sectionId, title, text, edited, editable, busy, onSave }: { sectionId: string; title: string; text: string; edited: boolean; editable: boolean; busy: boolean; onSave: (text: string | null) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(text);
  return (
    <div style={{ marginBottom: 16 }} data-testid="report-section" data-section={sectionId}>
      <Flex gap={8} align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{title}</Typography.Text>
        {edited && <Tag color="gold">{t('reports.doc.edited')}</Tag>}
      </Flex>
      {editable ? (
        <>
          <Input.TextArea value={value} onChange={(e) => setValue(e.target.value)} autoSize={{ minRows: 2, maxRows: 10 }} aria-label={title} data-testid="report-section-text" />
          <Flex gap={8} style={{ marginTop: 4 }}>
            <Button size="small" type="primary" disabled={value === text} loading={busy} onClick={() => onSave(value)} data-testid="report-section-save">
              {t('reports.doc.save')}
            </Button>
            {edited && (
              <Button size="small" onClick={() => onSave(null)}>
                {t('reports.doc.restore')}
              </Button>
            )}
          </Flex>
        </>
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>
      )}
    </div>
  );
}
