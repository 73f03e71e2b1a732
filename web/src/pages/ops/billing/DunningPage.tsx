import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Flex, Form, Grid, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, FileWordOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type DunningCase, type DunningCaseDetail, type DunningDecision } from '../../../opsApi';
import { ProjectSelect, useProjectChoice } from '../opsShared';

const DECISIONS: readonly DunningDecision[] = ['due', 'awaiting_approval', 'waiting', 'approval_rejected', 'completed', 'not_in_ladder'];
const DECISION_COLORS: Record<DunningDecision, string> = { due: 'red', awaiting_approval: 'orange', waiting: 'blue', approval_rejected: 'magenta', completed: 'green', not_in_ladder: 'default' };
const STEP_ACTIONS = ['reminder', 'notice_letter', 'measures'] as const;
const CHANNELS = ['phone', 'sms', 'visit', 'letter', 'notice_board', 'other'] as const;

export function DecisionTag({ decision }: { decision: DunningDecision }) {
  const { t } = useTranslation();
  return <Tag color={DECISION_COLORS[decision]}>{t(`ops.dunning.decisions.${decision}`)}</Tag>;
}

/** 催缴: the ladder's work list — who is due a reminder, a letter, or measures awaiting approval. */
export default function DunningPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    status: oneOf(p, 'status', ['open', 'closed'] as const),
    decision: oneOf(p, 'decision', DECISIONS),
    mine: oneOf(p, 'mine', ['1'] as const),
  });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.dunningCases({ projectId, status: f.status ?? 'open', decision: f.decision, mine: f.mine, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const [openId, setOpenId] = useState<string | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  const stepLabel = (code: string | null) => stepName(code, t);

  const evaluate = async () => {
    if (!projectId) return;
    setEvaluating(true);
    try {
      await opsApi.evaluateDunning(projectId);
      message.success(t('ops.dunning.evaluated'));
      res.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setEvaluating(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('ops.nav.dunning')}
        sub={t('ops.dunning.intro')}
        extra={hasPermission(user, 'billing.write') && <Button icon={<SyncOutlined />} loading={evaluating} disabled={!projectId} onClick={() => void evaluate()}>{t('ops.dunning.evaluate')}</Button>}
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select value={f.status ?? 'open'} aria-label={t('filter.state')} onChange={(v) => update({ status: v === 'open' ? undefined : v })} options={[{ value: 'open', label: t('ops.dunning.open') }, { value: 'closed', label: t('ops.dunning.closed') }]} />
          <Select<string> value={f.decision} allowClear placeholder={t('ops.dunning.decision')} aria-label={t('ops.dunning.decision')} onChange={(v) => update({ decision: v as DunningDecision | undefined })} options={DECISIONS.map((d) => ({ value: d, label: t(`ops.dunning.decisions.${d}`) }))} data-testid="dunning-decision" />
          <Checkbox checked={!!f.mine} onChange={(e) => update({ mine: e.target.checked ? '1' : undefined })}>{t('ops.dunning.mine')}</Checkbox>
        </FilterBar>
        <Table<DunningCase>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="dunning-table"
          onRow={(c) => ({ onClick: () => setOpenId(c.id), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.bill.unit'), dataIndex: 'unitNumber', render: (v: string | null, c) => <a>{v ?? c.accountId}</a> },
            { title: t('ops.bill.party'), dataIndex: 'partyName', render: (v: string | null) => v ?? t('common.none') },
            { title: t('ops.account.months'), dataIndex: 'monthsInArrears', align: 'right' },
            { title: t('ops.account.overdue'), dataIndex: 'overdueFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            { title: t('ops.dunning.enteredOn'), dataIndex: 'enteredOn', render: (d: string) => formatDate(d, locale), responsive: ['md'] },
            { title: t('ops.dunning.nextStep'), dataIndex: 'nextStep', render: (s: string | null) => stepLabel(s) },
            { title: t('ops.dunning.nextDue'), dataIndex: 'nextDueOn', render: (d: string | null) => (d ? formatDate(d, locale) : t('common.none')) },
            { title: t('ops.dunning.decision'), dataIndex: 'decision', render: (d: DunningDecision) => <DecisionTag decision={d} /> },
          ]}
        />
      </Card>
      <DunningDrawer caseId={openId} onClose={() => setOpenId(null)} onChanged={res.reload} />
    </>
  );
}

function stepName(code: string | null, t: (k: `ops.dunning.actions.${(typeof STEP_ACTIONS)[number]}`) => string): string {
  if (!code) return '—';
  const base = code.replace(/_\d+$/, '');
  const n = /_(\d+)$/.exec(code)?.[1];
  const name = (STEP_ACTIONS as readonly string[]).includes(base) ? t(`ops.dunning.actions.${base as (typeof STEP_ACTIONS)[number]}`) : code;
  return n ? `${name} ${n}` : name;
}

function DunningDrawer({ caseId, onClose, onChanged }: { caseId: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const res = useRequest(() => opsApi.dunningCase(caseId!), [caseId], !!caseId);
  const c = res.data && res.data.id === caseId ? res.data : undefined;
  const [taking, setTaking] = useState(false);
  const [deciding, setDeciding] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ channel?: (typeof CHANNELS)[number]; note?: string }>();
  const decision = c?.now?.decision.status ?? c?.decision;
  const dueStep = c?.now?.decision.step?.code ?? c?.nextStep ?? null;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      setTaking(false);
      setDeciding(null);
      form.resetFields();
      res.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!caseId} onClose={onClose} width={screens.md ? 640 : '100%'} title={c ? t('ops.dunning.caseTitle', { unit: c.unitNumber ?? c.accountId }) : t('ops.nav.dunning')} data-testid="dunning-drawer">
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!c && !res.error && <FullPageSpin />}
      {c && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ops.bill.party')}>{c.partyName ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.dunning.decision')}>{decision && <DecisionTag decision={decision} />}</Descriptions.Item>
            <Descriptions.Item label={t('ops.account.months')}>{c.now?.monthsInArrears ?? c.monthsInArrears}</Descriptions.Item>
            <Descriptions.Item label={t('ops.account.overdue')}>{formatMoney(c.now?.overdueFen ?? c.overdueFen, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('ops.dunning.enteredOn')}>{formatDate(c.enteredOn, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('ops.dunning.nextDue')}>{c.nextDueOn ? formatDate(c.nextDueOn, locale) : t('common.none')}</Descriptions.Item>
          </Descriptions>
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            {decision === 'due' && dueStep && hasPermission(user, 'billing.write') && (
              <Button type="primary" onClick={() => setTaking(true)} data-testid="dunning-take">{t('ops.dunning.take', { step: stepName(dueStep, t) })}</Button>
            )}
            {decision === 'awaiting_approval' && dueStep && hasPermission(user, 'billing.approve') && (
              <>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding(true)} data-testid="dunning-approve">{t('ops.dunning.approve')}</Button>
                <Button danger icon={<CloseOutlined />} onClick={() => setDeciding(false)} data-testid="dunning-reject">{t('ops.dunning.reject')}</Button>
              </>
            )}
            {decision === 'awaiting_approval' && !hasPermission(user, 'billing.approve') && <Alert type="info" showIcon message={t('ops.dunning.needsApproval')} />}
          </Flex>
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.dunning.ladder')}</Typography.Title>
          <Timeline
            data-testid="dunning-ladder"
            items={c.schedule.map((s) => {
              const taken = c.steps.find((x) => x.stepCode === s.code);
              const approval = [...c.approvals].reverse().find((a) => a.stepCode === s.code);
              const def = c.ladder.steps.find((x) => x.code === s.code);
              return {
                color: taken ? 'green' : s.code === dueStep ? 'red' : 'gray',
                children: (
                  <>
                    <strong>{stepName(s.code, t)}</strong> · {formatDate(s.scheduledOn, locale)}
                    {def?.requiresApproval && <Tag style={{ marginInlineStart: 8 }}>{t('ops.dunning.requiresApproval')}</Tag>}
                    {approval && <Tag color={approval.status === 'approved' ? 'green' : approval.status === 'rejected' ? 'red' : 'orange'}>{t(`ops.dunning.approvalStatus.${approval.status === 'approved' ? 'approved' : approval.status === 'rejected' ? 'rejected' : 'pending'}`)}</Tag>}
                    {taken && (
                      <div>
                        <Typography.Text type="secondary">
                          {t('ops.dunning.takenOn', { date: formatDate(taken.takenOn, locale) })}
                          {taken.channel && ` · ${CHANNELS.includes(taken.channel as (typeof CHANNELS)[number]) ? t(`ops.dunning.channels.${taken.channel as (typeof CHANNELS)[number]}`) : taken.channel}`}
                          {taken.note && ` · ${taken.note}`}
                        </Typography.Text>
                        {taken.letterUrl && (
                          <Space size={4} style={{ marginInlineStart: 8 }}>
                            <Button size="small" icon={<PrinterOutlined />} href={taken.letterUrl} target="_blank" data-testid="letter-html">{t('ops.dunning.letter', { no: taken.letterNo })}</Button>
                            <Button size="small" icon={<FileWordOutlined />} href={`${taken.letterUrl}?format=docx`} data-testid="letter-docx">DOCX</Button>
                          </Space>
                        )}
                      </div>
                    )}
                  </>
                ),
              };
            })}
          />
          <Modal open={taking} title={t('ops.dunning.take', { step: stepName(dueStep, t) })} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onCancel={() => setTaking(false)} onOk={() => form.submit()} destroyOnHidden>
            <Form form={form} layout="vertical" data-testid="dunning-step-form" onFinish={(v) => void act(() => opsApi.takeDunningStep(c.id, { stepCode: dueStep!, channel: v.channel ?? null, note: v.note?.trim() || null }), t('ops.dunning.stepTaken'))}>
              <Form.Item name="channel" label={t('ops.dunning.channel')}>
                <Select allowClear options={CHANNELS.map((ch) => ({ value: ch, label: t(`ops.dunning.channels.${ch}`) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('ops.ledger.note')}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </Form>
          </Modal>
          <Modal open={deciding !== null} title={deciding ? t('ops.dunning.approve') : t('ops.dunning.reject')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ danger: deciding === false }} confirmLoading={busy} onCancel={() => setDeciding(null)} onOk={() => form.submit()} destroyOnHidden>
            <Form form={form} layout="vertical" data-testid="dunning-approval-form" onFinish={(v) => void act(() => opsApi.decideDunningStep(c.id, { stepCode: dueStep!, approve: !!deciding, note: v.note?.trim() || null }), t('ops.dunning.decided'))}>
              <Form.Item name="note" label={t('ops.ledger.note')}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </Drawer>
  );
}
