import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Result, Select, Skeleton, Space, Tag, Typography, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { homePathFor } from '../../routes';
import type { ChecklistItem, Severity } from '../../opsApi';
import { answersFrom, isAbnormal, itemsOrOverall, missingItems, type Answer } from '../ops/inspections/checkModel';
import { inspectApi, type CheckBody } from './inspectApi';
import { roundFor } from './inspectModel';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * /m/checkpoint/:token — where a checkpoint's QR label leads (the phone's camera app opens it).
 * An inspector fills in the checklist and records it on the running round (or as an ad-hoc
 * check); an abnormal answer asks for a photo and a description and opens a hazard order.
 * Staff who only read inspections see the point read-only; everyone else gets a plain message.
 */
export default function CheckpointPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const typed = params.get('typed') === '1';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canRead = hasPermission(user, 'inspections.read');
  const canWrite = hasPermission(user, 'inspections.write');
  const cp = useRequest(() => inspectApi.byQr(token), [token], canRead);
  const items = useMemo(() => itemsOrOverall(cp.data?.checklist?.items), [cp.data]);
  const [values, setValues] = useState<Record<string, Answer>>({});
  const [note, setNote] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [photo, setPhoto] = useState<File | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [starting, setStarting] = useState(false);

  if (!canRead)
    return (
      <div data-testid="cp-not-inspector">
        <Result status="info" title={t('inspectApp.cp.notInspector')} subTitle={t('inspectApp.cp.notInspectorHelp')} extra={<Link to={homePathFor(user)}>{t('inspectApp.cp.home')}</Link>} />
      </div>
    );
  if (cp.error) return <LoadError error={cp.error} onRetry={cp.reload} />;
  if (!cp.data) return <Skeleton active />;

  const c = cp.data;
  const running = roundFor(c.openTasks, new Set());
  const pending = !running ? c.openTasks.find((x) => x.status === 'pending') : undefined;
  const abnormal = items.some((i) => isAbnormal(i, values[i.code]));
  const label = (i: ChecklistItem) => (i.code === 'overall' && !i.label ? t('inspectApp.cp.overall') : i.label);
  const set = (code: string, v: Answer) => setValues((x) => ({ ...x, [code]: v }));

  const startRound = async (id: string) => {
    setStarting(true);
    try {
      await inspectApi.start(id);
      cp.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  const submit = async () => {
    const miss = missingItems(items, values);
    setMissing(miss);
    if (miss.length) return void message.warning(t('inspectApp.cp.answerAll'));
    if (abnormal && !note.trim()) return void message.warning(t('inspectApp.cp.describe'));
    setBusy(true);
    try {
      // A typed code is not proof of presence: only a scanned link sends the QR token.
      const body: CheckBody = {
        ...(typed ? { checkpointId: c.id } : { qrToken: token }),
        answers: answersFrom(items, values),
        note: note.trim() || null,
        ...(abnormal ? { hazard: { severity, description: note.trim() } } : {}),
      };
      const r = running ? await inspectApi.recordOnTask(running.id, body) : await inspectApi.recordAdHoc(body);
      if (r.hazardOrderId && photo) {
        try {
          await inspectApi.photo(r.hazardOrderId, photo);
        } catch (e) {
          message.error(t('inspectApp.cp.photoFailed', { reason: e instanceof Error ? e.message : String(e) }));
        }
      }
      message.success(r.hazardNumber ? t('inspectApp.cp.hazardOpened', { number: r.hazardNumber }) : t('inspectApp.cp.recorded'));
      navigate('/inspect');
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" data-testid="cp-head">
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {c.name}
        </Typography.Title>
        <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('inspectApp.cp.code')}>{c.code}</Descriptions.Item>
          {c.location && <Descriptions.Item label={t('inspectApp.cp.location')}>{c.location}</Descriptions.Item>}
          <Descriptions.Item label={t('inspectApp.cp.kind')}>
            <Tag>{t(`ops.cp.kinds.${c.kind}`)}</Tag>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {!canWrite ? (
        <>
          <Alert type="info" showIcon message={t('inspectApp.cp.readOnly')} data-testid="cp-read-only" />
          <Card size="small" title={t('inspectApp.cp.checklist')}>
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {items.map((i) => (
                <li key={i.code}>{label(i)}</li>
              ))}
            </ol>
          </Card>
        </>
      ) : (
        <>
          {running ? (
            <Alert type="success" showIcon message={t('inspectApp.cp.onRound', { title: running.title })} data-testid="cp-round" />
          ) : pending ? (
            <Alert
              type="info"
              showIcon
              message={t('inspectApp.cp.roundNotStarted', { title: pending.title })}
              action={
                <Button size="small" type="primary" loading={starting} onClick={() => void startRound(pending.id)}>
                  {t('inspectApp.start')}
                </Button>
              }
            />
          ) : (
            <Alert type="info" showIcon message={t('inspectApp.cp.adHoc')} data-testid="cp-adhoc" />
          )}
          <Card size="small" title={t('inspectApp.cp.checklist')}>
            <Form layout="vertical" requiredMark={false}>
              {items.map((i) => (
                <Form.Item key={i.code} label={label(i)} validateStatus={missing.includes(i.code) ? 'error' : undefined} help={i.type === 'number' && (i.min !== undefined || i.max !== undefined) ? t('inspectApp.cp.range', { min: i.min ?? '—', max: i.max ?? '—', unit: i.unit ?? '' }) : undefined} style={{ marginBottom: 12 }}>
                  {i.type === 'check' ? (
                    <Radio.Group buttonStyle="solid" value={values[i.code]} onChange={(e) => set(i.code, e.target.value as boolean)} data-testid={`item-${i.code}`}>
                      <Radio.Button value={true}>{t('inspectApp.cp.normal')}</Radio.Button>
                      <Radio.Button value={false}>{t('inspectApp.cp.abnormal')}</Radio.Button>
                    </Radio.Group>
                  ) : i.type === 'number' ? (
                    <InputNumber inputMode="decimal" value={values[i.code] as number | undefined} onChange={(v) => set(i.code, v ?? null)} addonAfter={i.unit || undefined} style={{ width: '100%' }} data-testid={`item-${i.code}`} />
                  ) : i.type === 'choice' ? (
                    <Radio.Group buttonStyle="solid" value={values[i.code]} onChange={(e) => set(i.code, e.target.value as string)} data-testid={`item-${i.code}`}>
                      {i.options.map((o) => (
                        <Radio.Button key={o} value={o}>
                          {o}
                        </Radio.Button>
                      ))}
                    </Radio.Group>
                  ) : (
                    <Input value={(values[i.code] as string) ?? ''} onChange={(e) => set(i.code, e.target.value)} data-testid={`item-${i.code}`} />
                  )}
                </Form.Item>
              ))}
              {abnormal && (
                <div data-testid="hazard-fields">
                  <Alert type="warning" showIcon message={t('inspectApp.cp.hazardWillOpen')} style={{ marginBottom: 12 }} />
                  <Form.Item label={t('inspectApp.cp.photo')}>
                    <Upload accept="image/*" capture="environment" maxCount={1} listType="picture" beforeUpload={(f) => (setPhoto(f), false)} onRemove={() => setPhoto(null)}>
                      <Button icon={<CameraOutlined />} data-testid="hazard-photo">
                        {t('inspectApp.cp.takePhoto')}
                      </Button>
                    </Upload>
                  </Form.Item>
                  <Form.Item label={t('inspectApp.cp.description')}>
                    <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="hazard-description" />
                  </Form.Item>
                  <Form.Item label={t('inspectApp.cp.severity')}>
                    <Select<Severity> value={severity} onChange={setSeverity} options={SEVERITIES.map((s) => ({ value: s, label: t(`inspectApp.severity.${s}`) }))} aria-label={t('inspectApp.cp.severity')} />
                  </Form.Item>
                </div>
              )}
              {!abnormal && (
                <Form.Item label={t('inspectApp.cp.note')}>
                  <Input.TextArea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
                </Form.Item>
              )}
              <Button type="primary" size="large" block loading={busy} onClick={() => void submit()} data-testid="cp-submit">
                {t('inspectApp.cp.submit')}
              </Button>
            </Form>
          </Card>
        </>
      )}
    </Space>
  );
}
