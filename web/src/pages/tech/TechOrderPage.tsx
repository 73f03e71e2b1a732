import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useUser } from '../../auth';
import { useLocale } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { formatDateTime } from '../../format';
import { fieldQueue, useFieldQueue, type NewAction } from '../../offline/queue';
import { useCachedRequest } from '../../offline/useCached';
import { StateTag } from '../orders/OrderBits';
import { CompleteDialog, HoldDialog, type Completion } from './CompleteDialog';
import { fieldApi, type Material } from './fieldApi';
import { SyncBar, describeItem } from './SyncBar';
import { mapLink, STEP_TARGET, stepsFor, telLink, type FieldStep } from './techLogic';
import { MaterialsCard, PhotosCard, type NewMaterial } from './TechOrderParts';

/**
 * One job on the technician's phone: where and when, the customer's number, one primary step for
 * the state it is in, photos, materials and the customer's sign-off. Works offline: actions wait
 * in the outbox and the last copy of the order is shown, marked as such.
 */
export default function TechOrderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const user = useUser();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { state: queue } = useFieldQueue();
  const [dialog, setDialog] = useState<'complete' | 'hold' | null>(null);
  const [busy, setBusy] = useState<FieldStep | null>(null);
  useEffect(() => void fieldQueue.init(user.id), [user.id]);

  const res = useCachedRequest(user.id, `order.${id}`, () => fieldApi.order(id), [id]);
  const mats = useCachedRequest(user.id, `materials.${id}`, () => fieldApi.materials(id), [id]);
  const order = res.data;
  const project = useCachedRequest(user.id, `project.${order?.projectId ?? ''}`, () => api.project(order!.projectId), [order?.projectId], !!order);

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/tech')}>
      {t('techApp.backToList')}
    </Button>
  );
  if (res.error)
    return (
      <>
        {back}
        <LoadError error={res.error} onRetry={res.reload} />
      </>
    );
  if (!order) return <Skeleton active />;

  const mine = queue.items.filter((i) => i.orderId === order.id);
  // While a step waits to be synced the screen moves on as if it went through (the outbox says so).
  const lastStep = [...mine].reverse().find((i) => i.kind === 'step');
  const shownState = lastStep ? STEP_TARGET[lastStep.name as FieldStep] : order.state;
  const plan = stepsFor(shownState);
  const working = ['dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold'].includes(shownState);
  const refresh = () => {
    res.reload();
    mats.reload();
  };

  /** Send now or queue; a refusal (409 the order moved on, 403) shows at once. */
  const perform = async (action: Omit<NewAction, 'orderId' | 'orderNumber'>, photo?: Blob): Promise<boolean> => {
    try {
      const r = await fieldQueue.perform({ ...action, orderId: order.id, orderNumber: order.number }, photo);
      if (r.queued) message.info(t('techApp.queued', { what: describeItem(t, action) }));
      else refresh();
      return true;
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      refresh();
      return false;
    }
  };

  const step = async (s: FieldStep, body: Record<string, unknown> = {}) => {
    setBusy(s);
    try {
      const ok = await perform({ kind: 'step', name: s, body: { expectedVersion: order.version, ...body } });
      if (ok && !navigator.onLine) return true;
      if (ok) message.success(t('techApp.stepDone', { what: t(`techApp.step.${s}`) }));
      return ok;
    } finally {
      setBusy(null);
    }
  };

  const complete = async (c: Completion) => {
    for (const f of c.afterPhotos) await perform({ kind: 'photo', name: 'after', body: { fileName: f.name } }, f);
    if (await step('complete', { note: c.note, ...(c.signature ? { signature: c.signature } : {}) })) setDialog(null);
  };

  const phone = order.partyPhones?.[0] ?? order.contactPhone;
  const tel = telLink(phone);
  const address = [project.data?.address || project.data?.name, order.unitNumber, order.location].filter(Boolean).join(' ');
  const signature = order.attachments.find((a) => a.phase === 'signature');
  const queuedMaterials: NewMaterial[] = mine.filter((i) => i.kind === 'material').map((i) => i.body as unknown as NewMaterial);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="tech-order">
      {back}
      <SyncBar orderId={order.id} />
      {res.offlineAt !== null && <Alert type="warning" message={t('techApp.offlineData', { time: formatDateTime(new Date(res.offlineAt).toISOString(), locale) })} data-testid="offline-data" />}
      <Card size="small">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary">{order.number}</Typography.Text>
          <span data-testid="tech-state" data-state={shownState}>
            <StateTag kind={order.kind} state={shownState} />
            {lastStep && <Tag color="orange">{t('techApp.pending', { count: mine.length })}</Tag>}
          </span>
        </Flex>
        <Typography.Title level={2} style={{ fontSize: 18, margin: '6px 0' }}>
          {order.title}
        </Typography.Title>
        {order.description && order.description !== order.title && <Typography.Paragraph style={{ marginBottom: 8, whiteSpace: 'pre-wrap' }}>{order.description}</Typography.Paragraph>}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('techApp.appointment')}>{order.appointmentAt ? formatDateTime(order.appointmentAt, locale) : t('techApp.noAppointment')}</Descriptions.Item>
          {address && (
            <Descriptions.Item label={t('techApp.address')}>
              <Space wrap>
                <span>{address}</span>
                <a href={mapLink(address)} target="_blank" rel="noreferrer" data-testid="navigate">
                  <EnvironmentOutlined /> {t('techApp.navigate')}
                </a>
              </Space>
            </Descriptions.Item>
          )}
          {(order.contactName || order.partyName) && <Descriptions.Item label={t('techApp.customer')}>{order.contactName || order.partyName}</Descriptions.Item>}
        </Descriptions>
        {tel && (
          <Button block href={tel} icon={<PhoneOutlined />} data-testid="call" style={{ marginTop: 4 }}>
            {t('techApp.call')} {phone}
          </Button>
        )}
      </Card>

      {plan.primary && (
        <Flex gap={8}>
          {plan.secondary.map((s) => (
            <Button key={s} size="large" style={{ flex: 1 }} loading={busy === s} onClick={() => (s === 'hold' ? setDialog('hold') : void step(s))} data-testid={`step-${s}`}>
              {t(`techApp.step.${s}`)}
            </Button>
          ))}
          <Button
            type="primary"
            size="large"
            style={{ flex: 2 }}
            loading={busy === plan.primary}
            onClick={() => (plan.primary === 'complete' ? setDialog('complete') : void step(plan.primary!))}
            data-testid={`step-${plan.primary}`}
          >
            {t(`techApp.step.${plan.primary}`)}
          </Button>
        </Flex>
      )}

      <PhotosCard
        attachments={order.attachments}
        pending={mine.filter((i) => i.kind === 'photo').length}
        canAdd={working && !!order.canAttach}
        onAdd={async (phase, file) => {
          await perform({ kind: 'photo', name: phase, body: { fileName: file.name } }, file);
        }}
      />
      <MaterialsCard
        items={mats.data?.items ?? []}
        totalFen={mats.data?.totalFen ?? null}
        queued={queuedMaterials}
        canEdit={working && !!order.canAttach}
        onAdd={(m) => perform({ kind: 'material', name: 'add', body: { ...m } })}
        onRemove={async (m: Material) => {
          await perform({ kind: 'materialDelete', name: 'remove', body: { materialId: m.id, name: m.name } });
        }}
      />
      {signature && (
        <Card size="small" title={t('techApp.completeDialog.signature')} data-testid="signature">
          <img src={signature.url} alt={t('techApp.completeDialog.signature')} style={{ maxWidth: '100%', height: 100, objectFit: 'contain' }} />
          {signature.signerName && <div>{t('techApp.signed', { name: signature.signerName })}</div>}
        </Card>
      )}

      <CompleteDialog open={dialog === 'complete'} defaultSigner={order.contactName || order.partyName || ''} onCancel={() => setDialog(null)} onSubmit={complete} />
      <HoldDialog
        open={dialog === 'hold'}
        onCancel={() => setDialog(null)}
        onSubmit={async (holdReason, note) => {
          if (await step('hold', { holdReason, ...(note ? { reason: note } : {}) })) setDialog(null);
        }}
      />
    </Space>
  );
}
