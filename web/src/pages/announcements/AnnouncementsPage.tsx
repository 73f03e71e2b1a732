import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Progress, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { hasPermission } from '../../access';
import { useUser } from '../../auth';
import { useDebounced, useLocale, useRequest } from '../../hooks';
import { formatDateTime, formatPercent } from '../../format';
import { LoadError } from '../../components/LoadError';
import { Markdown } from '../knowledge/Markdown';
import { beijingToIso, isoToBeijing } from '../knowledge/knowledgeModel';
import { CategoryTag } from '../portal/PortalBits';
import { ANNOUNCEMENT_CATEGORIES, type AnnouncementCategory } from '../portal/residentApi';
import { announcementsApi, type Announcement, type AnnouncementStatus } from './api';

const WALL = 'YYYY-MM-DD HH:mm';
const STATUS_COLOURS: Record<AnnouncementStatus, string> = { draft: 'default', published: 'green', withdrawn: 'red' };
const ALL = '__all__';

interface FormValues {
  projectId: string;
  title: string;
  body: string;
  format: 'text' | 'markdown';
  category: AnnouncementCategory;
  pinned: boolean;
  publishFrom: Dayjs | null;
  publishUntil: Dayjs | null;
}

/** Share of households read, exact (a large estate's first readers would round to 0 %). */
const readRatio = (a: Announcement) => (a.householdsTotal > 0 ? a.householdsRead / a.householdsTotal : 0);

/** Read figures as a bar: households read of households reached, and how many people opened it. */
function ReadBar({ a }: { a: Announcement }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 140 }} data-testid="read-stat" data-readers={a.readers} data-households={a.householdsRead}>
      <Progress percent={readRatio(a) * 100} size="small" showInfo={false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('residentApp.staff.readStat', { read: a.householdsRead, total: a.householdsTotal })} · {t('residentApp.staff.readers', { count: a.readers })}
      </Typography.Text>
    </div>
  );
}

function StatusTag({ a }: { a: Announcement }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOURS[a.status]} style={{ marginInlineEnd: 0 }} data-testid="announcement-status" data-status={a.status}>
        {t(`residentApp.staff.status.${a.status}`)}
      </Tag>
      {a.status === 'published' && a.windowState !== 'live' && <Tag style={{ marginInlineEnd: 0 }}>{t(`residentApp.staff.window.${a.windowState}`)}</Tag>}
    </Space>
  );
}

/** Create or edit: everything but the status, which moves only by publish / withdraw. */
function EditModal({ initial, onClose, onSaved }: { initial: Announcement | null; onClose: () => void; onSaved: (a: Announcement) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const projects = useRequest(() => api.projects(), []);
  const format = Form.useWatch('format', form);
  const body = Form.useWatch('body', form);
  const orgWide = user.projectIds === 'all';
  const save = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    const input = {
      projectId: v.projectId === ALL ? null : v.projectId,
      title: v.title,
      body: v.body,
      format: v.format,
      category: v.category,
      pinned: !!v.pinned,
      publishFrom: v.publishFrom ? beijingToIso(v.publishFrom.format(WALL)) : null,
      publishUntil: v.publishUntil ? beijingToIso(v.publishUntil.format(WALL)) : null,
    };
    try {
      const saved = initial ? await announcementsApi.update(initial.id, { ...input, version: initial.version }) : await announcementsApi.create(input);
      message.success(t('residentApp.staff.saved'));
      onSaved(saved);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={initial ? t('residentApp.staff.edit') : t('residentApp.staff.new')} onCancel={onClose} okText={t('residentApp.staff.save')} cancelText={t('residentApp.staff.cancel')} confirmLoading={busy} onOk={() => form.submit()} width={720} destroyOnHidden okButtonProps={{ 'data-testid': 'announcement-save' } as never}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          projectId: initial ? (initial.projectId ?? ALL) : orgWide ? ALL : (user.projectIds as string[])[0],
          title: initial?.title ?? '',
          body: initial?.body ?? '',
          format: initial?.format ?? 'text',
          category: initial?.category ?? 'notice',
          pinned: initial?.pinned ?? false,
          publishFrom: initial?.publishFrom ? dayjs(isoToBeijing(initial.publishFrom)) : null,
          publishUntil: initial?.publishUntil ? dayjs(isoToBeijing(initial.publishUntil)) : null,
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item name="projectId" label={t('residentApp.staff.project')} style={{ flex: 1, minWidth: 200 }} rules={[{ required: true, message: t('residentApp.staff.required') }]}>
            <Select
              data-testid="announcement-project"
              loading={!projects.data}
              options={[...(orgWide ? [{ value: ALL, label: t('residentApp.staff.allProjects') }] : []), ...(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))]}
            />
          </Form.Item>
          <Form.Item name="category" label={t('residentApp.staff.category')} style={{ width: 160 }}>
            <Select options={ANNOUNCEMENT_CATEGORIES.map((c) => ({ value: c, label: t(`residentApp.notices.category.${c}`) }))} data-testid="announcement-category" />
          </Form.Item>
        </Flex>
        <Form.Item name="title" label={t('residentApp.staff.titleField')} rules={[{ required: true, whitespace: true, message: t('residentApp.staff.required') }]}>
          <Input maxLength={120} data-testid="announcement-title" />
        </Form.Item>
        <Form.Item name="format" label={t('residentApp.staff.format')}>
          <Radio.Group options={[{ value: 'text', label: t('residentApp.staff.formatText') }, { value: 'markdown', label: t('residentApp.staff.formatMarkdown') }]} />
        </Form.Item>
        <Form.Item name="body" label={t('residentApp.staff.body')} rules={[{ required: true, whitespace: true, message: t('residentApp.staff.required') }]}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={20000} data-testid="announcement-body" />
        </Form.Item>
        {format === 'markdown' && body && (
          <div style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('residentApp.staff.preview')}</Typography.Text>
            <Markdown source={body} />
          </div>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="publishFrom" label={t('residentApp.staff.publishFrom')} extra={t('residentApp.staff.windowHint')} style={{ flex: 1, minWidth: 200 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={WALL} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="publishUntil" label={t('residentApp.staff.publishUntil')} style={{ flex: 1, minWidth: 200 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={WALL} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="pinned" valuePropName="checked">
          <Checkbox>{t('residentApp.staff.pinned')}</Checkbox>
        </Form.Item>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}

/** Who read it (names are personal data: only for those who run announcements). */
function Readers({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const res = useRequest(() => announcementsApi.reads(id), [id]);
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  return (
    <Table
      size="small"
      rowKey="userId"
      loading={!res.data}
      dataSource={res.data?.items ?? []}
      pagination={false}
      data-testid="readers"
      locale={{ emptyText: t('residentApp.staff.noReads') }}
      columns={[
        { title: t('residentApp.staff.name'), dataIndex: 'name' },
        { title: t('residentApp.staff.units'), render: (_, r) => r.units.join('、') },
        { title: t('residentApp.staff.firstReadAt'), render: (_, r) => formatDateTime(r.firstReadAt, locale) },
      ]}
    />
  );
}

/** 公告管理: write, publish and withdraw announcements to residents, and see who read them. */
export default function AnnouncementsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(user, 'orders.supervise');
  const [status, setStatus] = useState<AnnouncementStatus | undefined>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 300);
  const [page, setPage] = useState(1);
  const list = useRequest(() => announcementsApi.list({ status, q: q || undefined, page, pageSize: 20 }), [status, q, page]);
  const [editing, setEditing] = useState<Announcement | null | undefined>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useRequest(() => (openId ? announcementsApi.get(openId) : Promise.resolve(null)), [openId, list.data]);

  const act = async (a: Announcement, action: 'publish' | 'withdraw') => {
    try {
      await (action === 'publish' ? announcementsApi.publish(a.id) : announcementsApi.withdraw(a.id));
      message.success(t('residentApp.staff.done'));
      list.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const actions = (a: Announcement) =>
    canWrite && (
      <Space size={4} wrap onClick={(e) => e.stopPropagation()}>
        {a.status !== 'withdrawn' && (
          <Button size="small" onClick={() => setEditing(a)} data-testid="announcement-edit">
            {t('residentApp.staff.edit')}
          </Button>
        )}
        {a.status !== 'published' && (
          <Popconfirm title={t('residentApp.staff.confirmPublish')} onConfirm={() => act(a, 'publish')} okText={t('residentApp.staff.publish')} cancelText={t('residentApp.staff.cancel')}>
            <Button size="small" type="primary" data-testid="announcement-publish">
              {a.status === 'withdrawn' ? t('residentApp.staff.republish') : t('residentApp.staff.publish')}
            </Button>
          </Popconfirm>
        )}
        {a.status === 'published' && (
          <Popconfirm title={t('residentApp.staff.confirmWithdraw')} onConfirm={() => act(a, 'withdraw')} okText={t('residentApp.staff.withdraw')} cancelText={t('residentApp.staff.cancel')}>
            <Button size="small" danger data-testid="announcement-withdraw">
              {t('residentApp.staff.withdraw')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    );

  const d = detail.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex gap={8} wrap justify="space-between">
        <Space wrap>
          <Select<AnnouncementStatus | typeof ALL>
            value={status ?? ALL}
            style={{ width: 140 }}
            aria-label={t('residentApp.staff.filterStatus')}
            onChange={(v) => {
              setStatus(v === ALL ? undefined : v);
              setPage(1);
            }}
            options={[{ value: ALL, label: t('residentApp.staff.all') }, ...(['draft', 'published', 'withdrawn'] as const).map((s) => ({ value: s, label: t(`residentApp.staff.status.${s}`) }))]}
          />
          <Input.Search allowClear placeholder={t('residentApp.staff.searchPlaceholder')} value={search} onChange={(e) => (setSearch(e.target.value), setPage(1))} style={{ width: 220 }} />
        </Space>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="announcement-new">
            {t('residentApp.staff.new')}
          </Button>
        )}
      </Flex>
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Table<Announcement>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        data-testid="announcements-table"
        locale={{ emptyText: t('residentApp.staff.empty') }}
        scroll={{ x: 900 }}
        onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' }, 'data-id': a.id }) as never}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('residentApp.staff.titleField'),
            render: (_, a) => (
              <Space size={6} wrap>
                <CategoryTag category={a.category} />
                {a.pinned && <Tag color="volcano">{t('residentApp.notices.pinned')}</Tag>}
                <Typography.Text strong>{a.title}</Typography.Text>
              </Space>
            ),
          },
          { title: t('residentApp.staff.project'), width: 130, render: (_, a) => a.projectName ?? t('residentApp.staff.allProjects') },
          { title: t('residentApp.staff.filterStatus'), width: 150, render: (_, a) => <StatusTag a={a} /> },
          { title: t('residentApp.staff.reads'), width: 220, render: (_, a) => (a.status === 'draft' ? '—' : <ReadBar a={a} />) },
          { title: t('residentApp.staff.updatedAt'), width: 150, render: (_, a) => formatDateTime(a.updatedAt, locale) },
          ...(canWrite ? [{ title: '', width: 170, render: (_: unknown, a: Announcement) => actions(a) }] : []),
        ]}
      />
      <Drawer open={!!openId} onClose={() => setOpenId(null)} width={Math.min(640, window.innerWidth)} title={d?.title} destroyOnHidden>
        {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
        {d && (
          <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="announcement-drawer">
            <Flex justify="space-between" wrap gap={8}>
              <StatusTag a={d} />
              {actions(d)}
            </Flex>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('residentApp.staff.project')}>{d.projectName ?? t('residentApp.staff.allProjects')}</Descriptions.Item>
              <Descriptions.Item label={t('residentApp.staff.category')}>
                <CategoryTag category={d.category} />
              </Descriptions.Item>
              <Descriptions.Item label={t('residentApp.staff.publishFrom')}>{d.publishFrom ? formatDateTime(d.publishFrom, locale) : formatDateTime(d.publishedAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('residentApp.staff.publishUntil')}>{d.publishUntil ? formatDateTime(d.publishUntil, locale) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('residentApp.staff.author')}>{d.authorName ?? '—'}</Descriptions.Item>
            </Descriptions>
            {d.status !== 'draft' && (
              <div data-testid="drawer-reads">
                <Typography.Title level={2} style={{ fontSize: 15 }}>
                  {t('residentApp.staff.reads')}
                </Typography.Title>
                <Progress percent={readRatio(d) * 100} format={() => formatPercent(readRatio(d), locale)} />
                <Typography.Text>{t('residentApp.staff.readStat', { read: d.householdsRead, total: d.householdsTotal })} · {t('residentApp.staff.readers', { count: d.readers })}</Typography.Text>
              </div>
            )}
            <div style={{ border: '1px solid rgba(0,0,0,0.06)', borderRadius: 6, padding: 12 }}>
              {d.format === 'markdown' ? <Markdown source={d.body} /> : <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.body}</Typography.Paragraph>}
            </div>
            {canWrite && d.status !== 'draft' && (
              <>
                <Typography.Title level={2} style={{ fontSize: 15 }}>
                  {t('residentApp.staff.whoRead')}
                </Typography.Title>
                <Readers id={d.id} />
              </>
            )}
          </Space>
        )}
      </Drawer>
      {editing !== undefined && (
        <EditModal
          initial={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(a) => {
            setEditing(undefined);
            list.reload();
            setOpenId(a.id);
          }}
        />
      )}
    </Space>
  );
}
