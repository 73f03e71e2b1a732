import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Input, Progress, Row, Select, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { usePolledJob } from '../../usePolledJob';
import { wfmApi, type CallImport, type Queue } from '../../wfmApi';

/** A starting point for files without a preset: column names of a generic ACD export. */
const SAMPLE_FORMAT = JSON.stringify(
  { columns: { arrival: 'arrival_time', serviceStart: 'answer_time', serviceEnd: 'end_time', outcome: 'outcome', agent: 'agent', callId: 'call_id' }, delimiter: ',', hasHeader: true, timeFormat: 'YYYY-MM-DD HH:mm:ss', outcomes: { answered: ['ANSWERED'], abandoned: ['ABANDONED'] } },
  null,
  1,
);

type ImportIssue = NonNullable<CallImport['issues']>[number];

/** 话单导入: upload a call-record export, follow the import with a progress bar, then see what it held. */
export function ImportTab({ queue, onImported }: { queue: Queue; onImported: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const options = useRequest(() => wfmApi.options(), []);
  const history = useRequest(() => wfmApi.imports(queue.id), [queue.id]);
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<string>('anonymous-bank');
  const [format, setFormat] = useState(SAMPLE_FORMAT);
  const [timeZone, setTimeZone] = useState(queue.timeZone);
  const [sourceQueues, setSourceQueues] = useState('');
  const { job, error, busy, start: run, reset } = usePolledJob(wfmApi.importJob, () => {
    history.reload();
    onImported();
  });

  const start = () => {
    if (!file) return;
    void run(async () => {
      const r = await wfmApi.startImport(queue.id, file, {
        preset: preset === 'none' ? undefined : preset,
        format: preset === 'none' ? format : undefined,
        timeZone: timeZone.trim() || undefined,
        sourceQueues: sourceQueues.trim() || undefined,
      });
      return { id: r.importId, job: r };
    });
  };

  const running = job?.status === 'running';
  const presets = ['none', ...(options.data?.presets ?? ['anonymous-bank'])];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('wfm.import.uploadTitle')}>
          <Upload.Dragger
            accept=".csv,.tsv,.txt"
            multiple={false}
            maxCount={1}
            disabled={running}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              reset();
              return false;
            }}
            data-testid="call-upload"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('wfm.import.dropHere')}</p>
            <p className="ant-upload-hint">{t('wfm.import.dropHint')}</p>
          </Upload.Dragger>
          {file && <Typography.Paragraph style={{ marginTop: 8 }} data-testid="call-file">{t('wfm.import.selected', { name: file.name, size: formatNumber(file.size / 1024, locale, 1) })}</Typography.Paragraph>}
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('wfm.import.preset')}>
              <Select value={preset} onChange={setPreset} style={{ width: '100%' }} aria-label={t('wfm.import.preset')} options={presets.map((p) => ({ value: p, label: p === 'none' ? t('wfm.import.noPreset') : t(`wfm.import.presetName.${p}` as 'wfm.import.noPreset', { defaultValue: p }) }))} data-testid="call-preset" />
            </Descriptions.Item>
            <Descriptions.Item label={t('wfm.import.timeZone')}>
              <Input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-label={t('wfm.import.timeZone')} data-testid="call-timezone" />
            </Descriptions.Item>
            <Descriptions.Item label={t('wfm.import.sourceQueues')}>
              <Input value={sourceQueues} onChange={(e) => setSourceQueues(e.target.value)} placeholder="PS, PE" aria-label={t('wfm.import.sourceQueues')} />
            </Descriptions.Item>
          </Descriptions>
          {preset === 'none' && (
            <>
              <Typography.Text type="secondary">{t('wfm.import.formatHelp')}</Typography.Text>
              <Input.TextArea rows={8} value={format} onChange={(e) => setFormat(e.target.value)} style={{ fontFamily: 'monospace', marginTop: 4 }} aria-label={t('wfm.import.format')} />
            </>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{preset === 'anonymous-bank' ? t('wfm.import.presetHelp') : t('wfm.import.dedupeHelp')}</Typography.Paragraph>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file || running} loading={busy} onClick={() => void start()} data-testid="call-import-start">
            {t('wfm.import.start')}
          </Button>
          {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} message={error} data-testid="call-import-error" />}
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        {job && (
          <Card size="small" title={t('wfm.import.progressTitle')} data-testid="call-import-progress" aria-live="polite">
            <Typography.Text>{running ? t('wfm.import.running', { rows: formatNumber(job.rowsRead, locale), phase: job.phase }) : t('wfm.import.finished', { rows: formatNumber(job.rowsRead, locale) })}</Typography.Text>
            <Progress percent={job.status === 'running' ? job.percent : 100} status={running ? 'active' : job.status === 'done' ? 'success' : 'exception'} aria-label={t('wfm.import.progressTitle')} />
            {job.status === 'done' && (
              <Alert
                type="success"
                showIcon
                data-testid="call-import-done"
                message={t('wfm.import.done', { inserted: formatNumber(job.inserted, locale) })}
                description={t('wfm.import.summary', { records: formatNumber(job.records, locale), inserted: formatNumber(job.inserted, locale), duplicates: formatNumber(job.duplicates, locale), malformed: formatNumber(job.malformed, locale) })}
              />
            )}
            {job.status === 'failed' && <Alert type="error" showIcon role="alert" data-testid="call-import-failed" message={t('wfm.import.failed')} description={job.error?.message} />}
            {(job.issues?.length ?? 0) > 0 && (
              <>
                <Typography.Title level={2} style={{ fontSize: 15, marginTop: 12 }}>{t('wfm.import.issuesTitle', { n: job.malformed })}</Typography.Title>
                <Table<ImportIssue>
                  size="small"
                  rowKey={(i) => `${i.line}:${i.reason}`}
                  dataSource={job.issues}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('wfm.import.line'), dataIndex: 'line', width: 80, align: 'right' },
                    { title: t('wfm.import.reason'), dataIndex: 'reasonText', width: 180 },
                    { title: t('wfm.import.detail'), dataIndex: 'message' },
                  ]}
                />
                <Button icon={<DownloadOutlined />} href={wfmApi.importErrorsUrl(job.id)} style={{ marginTop: 8 }}>{t('wfm.import.downloadIssues')}</Button>
              </>
            )}
          </Card>
        )}
        <Card size="small" title={t('wfm.import.historyTitle')} style={{ marginTop: job ? 16 : 0 }}>
          <Table<CallImport>
            size="small"
            rowKey="id"
            loading={history.loading}
            dataSource={history.data?.items ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 640 }}
            data-testid="call-import-history"
            columns={[
              { title: t('wfm.import.when'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
              { title: t('wfm.import.file'), dataIndex: 'fileName' },
              { title: t('wfm.import.status'), dataIndex: 'status', render: (s: CallImport['status']) => <Tag color={s === 'done' ? 'green' : s === 'failed' ? 'red' : 'blue'}>{t(`wfm.import.statuses.${s}`)}</Tag> },
              { title: t('wfm.import.inserted'), dataIndex: 'inserted', align: 'right', render: (v: number) => formatNumber(v, locale) },
              { title: t('wfm.import.duplicates'), dataIndex: 'duplicates', align: 'right', render: (v: number) => formatNumber(v, locale) },
              { title: t('wfm.import.malformed'), dataIndex: 'malformed', align: 'right', render: (v: number) => formatNumber(v, locale) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
