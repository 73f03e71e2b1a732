import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Grid, Input, Radio, Segmented, Table, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../api';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { businessDate, formatDate, formatDateTime } from '../../format';
import { listPagination } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { FormErrors } from '../../components/FormBits';
import { deskApi, type VisitItem } from '../orders/api';
import { kindLabel, outcomeLabel, VISIT_OUTCOMES } from '../orders/lifecycle';
import { Scores } from '../orders/ActionPanel';
import { knowledgeApi } from '../knowledge/api';
import { PhrasePicker } from './PhrasePicker';
import { insertAtCursor } from './insertAtCursor';

type Status = 'pending' | 'done' | 'skipped';

interface Values {
  outcome?: string;
  scoreSpeed?: number;
  scoreAttitude?: number;
  scoreQuality?: number;
  reason?: string;
  comment?: string;
}

/** 回访 — the agents' return-visit queue, with the call script and the outcome form side by side. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [status, setStatus] = useState<Status>('pending');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [q, setQ] = useState('');
  const res = useRequest(() => deskApi.visits({ status, q: q || undefined, ...page }), [status, q, page.page, page.pageSize]);
  const [open, setOpen] = useState<VisitItem | null>(null);

  return (
    <>
      <PageHeader title={t('nav.visits')} sub={t('visits.sub')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented<Status>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={(['pending', 'done', 'skipped'] as const).map((s) => ({ value: s, label: t(`visits.status.${s}`) }))}
            aria-label={t('visits.statusLabel')}
          />
          <Input.Search
            allowClear
            placeholder={t('visits.search')}
            aria-label={t('visits.search')}
            style={{ maxWidth: 320 }}
            data-testid="visits-search"
            onSearch={(v) => {
              setQ(v.trim());
              setPage((p) => ({ ...p, page: 1 }));
            }}
          />
        </Flex>
        <Table<VisitItem>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="visits-table"
          onRow={(v) => ({ onClick: () => status === 'pending' && setOpen(v), style: { cursor: status === 'pending' ? 'pointer' : undefined } })}
          pagination={listPagination(t, locale, page, res.data?.total ?? 0, setPage)}
          columns={[
            {
              title: t('orders.col.number'),
              dataIndex: 'number',
              render: (n: string, v) => (
                <Link to={`/orders/${v.orderId}`} onClick={(e) => e.stopPropagation()}>
                  {n}
                </Link>
              ),
            },
            {
              title: t('orders.col.title'),
              dataIndex: 'title',
              render: (title: string, v) => (
                <div style={{ maxWidth: 260 }}>
                  <Typography.Text ellipsis={{ tooltip: title }}>{title}</Typography.Text>
                  <div style={{ fontSize: 12, opacity: 0.65 }}>{[kindLabel(locale, v.kind), v.category, v.reopenCount > 0 ? t('visits.reopened') : null].filter(Boolean).join(' · ')}</div>
                </div>
              ),
            },
            { title: t('visits.contact'), key: 'contact', render: (_, v) => [v.contactName, v.contactPhone].filter(Boolean).join(' ') },
            { title: t('orders.col.unit'), dataIndex: 'unitNumber', render: (u: string | null) => u ?? '', responsive: ['md'] },
            { title: t('orders.col.assignee'), dataIndex: 'assigneeName', render: (a: string | null) => a ?? '', responsive: ['lg'] },
            { title: t('orders.col.completed'), dataIndex: 'completedAt', render: (d: string | null) => formatDateTime(d, locale), responsive: ['lg'] },
            status === 'pending'
              ? {
                  title: t('visits.due'),
                  dataIndex: 'dueAt',
                  render: (d: string, v) => (
                    <span>
                      {formatDateTime(d, locale)} {v.overdue && <Tag color="red">{t('visits.overdue')}</Tag>}
                    </span>
                  ),
                }
              : { title: t('visits.outcome'), dataIndex: 'outcome', render: (o: string | null, v) => (o ? `${outcomeLabel(locale, o)} · ${formatDateTime(v.visitedAt, locale)}` : '') },
            ...(status === 'pending'
              ? [
                  {
                    title: t('common.actions'),
                    key: 'go',
                    render: (_: unknown, v: VisitItem) => (
                      <Button
                        type="primary"
                        size="small"
                        icon={<PhoneOutlined />}
                        onClick={(e) => {
                          e.stopPropagation();
                          setOpen(v);
                        }}
                        data-testid="visit-start"
                      >
                        {t('visits.start')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <VisitDrawer
        item={open}
        onClose={() => setOpen(null)}
        onDone={() => {
          setOpen(null);
          res.reload();
        }}
      />
    </>
  );
}

/** The call: who to ring, what to say, and what they answered. */
function VisitDrawer({ item, onClose, onDone }: { item: VisitItem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const outcome = Form.useWatch('outcome', form);
  const notesRef = useRef<TextAreaRef>(null);
  // Articles whose phrase went into the notes: recorded on the order once the visit is saved.
  const [usedArticles, setUsedArticles] = useState<string[]>([]);

  useEffect(() => {
    if (item) {
      form.resetFields();
      setErrors([]);
      setUsedArticles([]);
    }
  }, [item, form]);

  const insertPhrase = (articleId: string, phrase: string) => {
    const el = notesRef.current?.resizableTextArea?.textArea;
    const { text, caret } = insertAtCursor(form.getFieldValue('comment') ?? '', phrase, el?.selectionStart ?? null, el?.selectionEnd ?? null, 1000);
    form.setFieldValue('comment', text);
    setUsedArticles((xs) => (xs.includes(articleId) ? xs : [...xs, articleId]));
    // Put the cursor after the phrase, ready to go on typing.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const submit = async (v: Values) => {
    if (!item) return;
    setBusy(true);
    setErrors([]);
    try {
      const body: Record<string, unknown> = { expectedVersion: item.version, outcome: v.outcome };
      for (const k of ['scoreSpeed', 'scoreAttitude', 'scoreQuality'] as const) if (v[k]) body[k] = v[k];
      if (v.reason?.trim()) body.reason = v.reason.trim();
      if (v.comment?.trim()) body.comment = v.comment.trim();
      await deskApi.act(item.orderId, 'return_visit', body);
      // "Answered with article X" on the order, as the desk records it on a contact; the visit itself is saved already.
      const uses = await Promise.allSettled(usedArticles.map((id) => knowledgeApi.recordOrderUse(id, item.orderId)));
      if (uses.some((u) => u.status === 'rejected')) message.warning(t('visits.phrases.notRecorded'));
      message.success(v.outcome === 'dissatisfied' ? t('visits.doneReopened', { number: item.number }) : t('visits.done', { number: item.number }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.error(e.message);
        onDone();
        return;
      }
      const { fields, rest } = fieldErrorsFrom(e, ['outcome', 'reason', 'comment']);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  const place = item?.unitNumber ?? t('visits.thePlace');
  const date = item?.completedAt ? formatDate(businessDate(item.completedAt), locale) : '';
  return (
    <Drawer
      open={!!item}
      onClose={onClose}
      width={screens.md === false ? '100%' : 560}
      title={item ? t('visits.drawerTitle', { number: item.number }) : ''}
      destroyOnHidden
      data-testid="visit-drawer"
      footer={
        <Button type="primary" block loading={busy} onClick={() => form.submit()} data-testid="visit-submit">
          {t('visits.submit')}
        </Button>
      }
    >
      {item && (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'title', label: t('orders.col.title'), children: item.title },
              {
                key: 'contact',
                label: t('visits.contact'),
                children: (
                  <span>
                    {item.contactName}{' '}
                    {item.contactPhone && (
                      <a href={`tel:${item.contactPhone}`}>
                        <PhoneOutlined /> {item.contactPhone}
                      </a>
                    )}
                  </span>
                ),
              },
              { key: 'unit', label: t('orders.col.unit'), children: item.unitNumber ?? '' },
              { key: 'assignee', label: t('orders.col.assignee'), children: item.assigneeName ?? '' },
              { key: 'completed', label: t('orders.col.completed'), children: formatDateTime(item.completedAt, locale) },
            ]}
          />
          <Alert
            type="info"
            style={{ margin: '12px 0' }}
            message={t('visits.script.title')}
            data-testid="visit-script"
            description={
              <ol style={{ paddingInlineStart: 18, margin: 0 }}>
                <li>{t('visits.script.greeting', { name: item.contactName ?? t('visits.script.sir'), company: t('visits.company'), agent: user.displayName, date, title: item.title })}</li>
                <li>{t('visits.script.confirm', { place, title: item.title })}</li>
                <li>{t('visits.script.questions')}</li>
                <li>{t('visits.script.overall')}</li>
                <li>{t('visits.script.thanks', { company: t('visits.company') })}</li>
              </ol>
            }
          />
          <Form<Values> form={form} layout="vertical" onFinish={submit} name="visit" data-testid="visit-form">
            <Form.Item name="outcome" label={t('visits.outcome')} rules={[{ required: true, message: t('form.required') }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={VISIT_OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(locale, o) }))} />
            </Form.Item>
            <Scores />
            <Form.Item
              name="reason"
              label={t('orders.field.reason')}
              extra={outcome === 'dissatisfied' ? t('visits.reasonHint') : undefined}
              rules={outcome === 'dissatisfied' ? [{ required: true, whitespace: true, message: t('form.required') }] : []}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item label={t('orders.field.comment')} style={{ marginBottom: 0 }}>
              <Flex justify="end" style={{ marginBottom: 6 }}>
                <PhrasePicker category={item.category} onPick={insertPhrase} />
              </Flex>
              <Form.Item name="comment" noStyle>
                <Input.TextArea ref={notesRef} rows={3} maxLength={1000} aria-label={t('orders.field.comment')} data-testid="visit-notes" />
              </Form.Item>
            </Form.Item>
            <FormErrors messages={errors} />
          </Form>
        </>
      )}
    </Drawer>
  );
}
