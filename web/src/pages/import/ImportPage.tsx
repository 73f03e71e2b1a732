import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Flex, Progress, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ImportError, type ImportJob } from '../../api';
import { useLocale } from '../../hooks';
import { formatNumber } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { usePolledJob } from '../../usePolledJob';
import { ACCEPTED_VALUES, downloadFile, IMPORT_COLUMNS, importTemplateCsv, isImportField } from './template';
import { useProjects } from '../registry/common';

/** Upload XLSX/CSV → job id → poll progress → either a summary or the row-by-row errors. */
export default function ImportPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const projects = useProjects();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const { job, error: startError, busy, start: run, reset } = usePolledJob(api.importJob);

  const start = () => {
    if (!file) return;
    void run(async () => {
      const r = await api.startImport(file, { dryRun });
      // Show the bar at once; the first poll fills in the phase.
      return { id: r.jobId, job: { id: r.jobId, status: 'running', dryRun, phase: 'validating', processed: 0, total: r.total, errorCount: 0, errors: [], summary: null } as ImportJob };
    });
  };

  const downloadErrors = async () => {
    if (!job) return;
    try {
      downloadFile(await api.importErrorsCsv(job.id), `import-errors-${job.id}.csv`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const fieldLabel = (f: string | null) => (f && isImportField(f) ? t(`importField.${f}`) : t('common.none'));
  const running = job?.status === 'running';
  const percent = job ? (job.status === 'running' ? (job.total ? Math.floor((job.processed / job.total) * 100) : 0) : 100) : 0;
  const rowErrors = job?.errors.filter((e) => e.line > 0) ?? [];
  const fileErrors = job?.errors.filter((e) => e.line <= 0) ?? [];
  const exampleCode = projects.data?.items[0]?.code;
  // The words to write in the file are Chinese; readers of other languages see what each means.
  const explain = (word: string, meaning: string) => (meaning === word ? word : t('import.wordMeaning', { word, meaning }));

  return (
    <>
      <PageHeader title={t('nav.import')} sub={t('import.intro')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('import.templateTitle')} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('import.templateHelp')}</Typography.Paragraph>
            <Button icon={<FileExcelOutlined />} onClick={() => downloadFile(importTemplateCsv(exampleCode), t('import.templateFile'))} data-testid="template-download">
              {t('import.templateDownload')}
            </Button>
            <Descriptions column={1} size="small" style={{ marginTop: 16 }} title={t('import.columnsTitle')}>
              <Descriptions.Item label={t('import.requiredColumns')}>
                <Space wrap size={[4, 4]}>
                  {IMPORT_COLUMNS.filter((c) => c.required).map((c) => (
                    <Tag key={c.field} color="red">
                      {c.header}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('import.optionalColumns')}>
                <Space wrap size={[4, 4]}>
                  {IMPORT_COLUMNS.filter((c) => !c.required).map((c) => (
                    <Tag key={c.field}>{c.header}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('importField.unitType')}>{ACCEPTED_VALUES.unitType.map((v) => explain(v.word, t(`unitType.${v.code}`))).join(' / ')}</Descriptions.Item>
              <Descriptions.Item label={t('importField.unitState')}>{ACCEPTED_VALUES.unitState.map((v) => explain(v.word, t(`unitState.${v.code}`))).join(' / ')}</Descriptions.Item>
              <Descriptions.Item label={t('importField.role')}>{ACCEPTED_VALUES.role.map((v) => explain(v.word, t(`partyRole.${v.code}`))).join(' / ')}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('import.allOrNothing')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('import.uploadTitle')} style={{ height: '100%' }}>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              maxCount={1}
              disabled={running}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                reset();
                return false; // keep it here; it is sent when the user starts the import
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.dropHere')}</p>
              <p className="ant-upload-hint">{t('import.dropHint')}</p>
            </Upload.Dragger>
            {file && (
              <Typography.Paragraph style={{ marginTop: 12 }} data-testid="import-file">
                {t('import.selectedFile', { name: file.name, size: formatNumber(file.size / 1024, locale, 1) })}
              </Typography.Paragraph>
            )}
            <Flex wrap gap={12} align="center" style={{ marginTop: 12 }}>
              <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={running} data-testid="import-dry-run">
                {t('import.dryRun')}
              </Checkbox>
              <Button type="primary" icon={<UploadOutlined />} disabled={!file || running} loading={busy} onClick={() => void start()} data-testid="import-start">
                {dryRun ? t('import.startCheck') : t('import.start')}
              </Button>
            </Flex>
            {startError && <Alert type="error" showIcon role="alert" message={startError} style={{ marginTop: 16 }} data-testid="import-start-error" />}
            {job && (
              <div style={{ marginTop: 16 }} data-testid="import-progress" aria-live="polite">
                <Typography.Text>
                  {running
                    ? t(`import.phase.${job.phase}`, { processed: formatNumber(job.processed, locale), total: formatNumber(job.total, locale) })
                    : t('import.finished', { total: formatNumber(job.total, locale) })}
                </Typography.Text>
                <Progress
                  percent={percent}
                  status={running ? 'active' : job.status === 'done' ? 'success' : 'exception'}
                  aria-label={t('import.progressLabel')}
                />
              </div>
            )}
            {job?.status === 'done' && job.summary && (
              <Alert
                type="success"
                showIcon
                data-testid="import-success"
                style={{ marginTop: 12 }}
                message={job.dryRun ? t('import.dryRunOk', { total: formatNumber(job.total, locale) }) : t('import.done', { total: formatNumber(job.total, locale) })}
                description={t(job.dryRun ? 'import.summaryWould' : 'import.summary', {
                  units: formatNumber(job.summary.units, locale),
                  existing: formatNumber(job.summary.unitsExisting, locale),
                  parties: formatNumber(job.summary.parties, locale),
                  buildings: formatNumber(job.summary.buildings, locale),
                  phases: formatNumber(job.summary.phases, locale),
                })}
              />
            )}
            {job?.status === 'failed' && (
              <Alert
                type="error"
                showIcon
                role="alert"
                data-testid="import-failed"
                style={{ marginTop: 12 }}
                message={rowErrors.length ? t('import.rejected', { count: job.errorCount }) : t('import.failedTitle')}
                description={fileErrors.length ? fileErrors.map((e) => e.message).join(' ') : t('import.fixAndRetry')}
                action={
                  rowErrors.length > 0 && (
                    <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadErrors()} data-testid="import-errors-download">
                      {t('import.downloadErrors')}
                    </Button>
                  )
                }
              />
            )}
          </Card>
        </Col>
        {rowErrors.length > 0 && (
          <Col span={24}>
            <Card title={t('import.errorsTitle', { count: job!.errorCount })}>
              {job!.errorCount > rowErrors.length && (
                <Typography.Paragraph type="secondary">{t('import.errorsTruncated', { shown: rowErrors.length, count: job!.errorCount })}</Typography.Paragraph>
              )}
              <Table<ImportError>
                size="small"
                rowKey={(e) => `${e.line}:${e.field}:${e.code}:${e.message}`}
                dataSource={rowErrors}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: 520 }}
                data-testid="import-errors"
                columns={[
                  { title: t('import.line'), dataIndex: 'line', width: 90, align: 'right' },
                  { title: t('import.column'), dataIndex: 'field', width: 160, render: (f: string | null) => fieldLabel(f) },
                  { title: t('import.problem'), dataIndex: 'message' },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
