import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Grid, Input, Modal, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { oneOf, text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { knowledgeApi } from '../knowledge/api';
import { qualityApi, recordingSrc, type LibraryItem } from './api';

const KINDS = ['good', 'bad'] as const;
const parseFilters = (p: URLSearchParams) => ({ kind: oneOf(p, 'kind', KINDS), tag: text(p, 'tag'), q: text(p, 'q'), open: text(p, 'open'), evaluation: text(p, 'evaluation') });

/**
 * 录音库 — recordings marked 优秀 (to imitate) or 反面 (to avoid) from scored evaluations, with a
 * note and tags; agents browse and listen, inspectors curate and link them to knowledge articles.
 */
export default function LibraryPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { values: f, update, key } = useListParams(parseFilters);
  const list = useRequest(() => qualityApi.library({ kind: f.kind, tag: f.tag, q: f.q }), [key]);
  const [q, setQ] = useState(f.q ?? '');
  const canWrite = hasPermission(user, 'quality.write');

  return (
    <>
      <PageHeader title={t('quality.nav.library')} sub={t('quality.library.sub')} />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 140 }} placeholder={t('quality.library.kindLabel')} value={f.kind} onChange={(v) => update({ kind: v, open: undefined })} options={KINDS.map((k) => ({ value: k, label: t(`quality.library.kind.${k}`) }))} data-testid="qa-library-kind" />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('quality.library.search')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined, open: undefined })} />
        {f.tag && (
          <Tag closable onClose={() => update({ tag: undefined })}>
            {f.tag}
          </Tag>
        )}
      </Space>
      {list.loading && !list.data ? (
        <Skeleton active />
      ) : !list.data?.items.length ? (
        <Card>
          <Empty description={t('quality.library.none')} />
        </Card>
      ) : (
        <Row gutter={[12, 12]} data-testid="qa-library-list">
          {list.data.items.map((l) => (
            <Col xs={24} md={12} xl={8} key={l.id}>
              <Card size="small" hoverable onClick={() => update({ open: l.id })} data-testid="qa-library-item" data-id={l.id}>
                <Space size={4} wrap>
                  <Tag color={l.kind === 'good' ? 'green' : 'red'}>{t(`quality.library.kind.${l.kind}`)}</Tag>
                  <Tag>{l.topic}</Tag>
                </Space>
                <div style={{ marginTop: 6 }}>
                  <Typography.Text strong>{l.title}</Typography.Text>
                </div>
                {l.note && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>{l.note}</Typography.Paragraph>}
                <Space size={4} wrap>
                  {l.tags.map((tg) => (
                    <Tag
                      key={tg}
                      bordered={false}
                      onClick={(e) => {
                        e.stopPropagation();
                        update({ tag: tg });
                      }}
                    >
                      #{tg}
                    </Tag>
                  ))}
                  {!!l.articleCount && <Typography.Text type="secondary">{t('quality.library.articleCount', { count: l.articleCount })}</Typography.Text>}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <LibraryDrawer id={f.open} canWrite={canWrite} onClose={() => update({ open: undefined })} />
      {f.evaluation && canWrite && (
        <AddToLibrary
          evaluationId={f.evaluation}
          onClose={() => update({ evaluation: undefined })}
          onCreated={(id) => {
            list.reload();
            update({ evaluation: undefined, open: id });
          }}
        />
      )}
    </>
  );
}

function LibraryDrawer({ id, canWrite, onClose }: { id: string | undefined; canWrite: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const detail = useRequest(() => qualityApi.libraryItem(id!), [id], !!id);
  const [search, setSearch] = useState('');
  const hits = useRequest(() => knowledgeApi.search({ q: search, limit: 8 }), [search], canWrite && search.trim().length > 0);
  const d = id ? detail.data : undefined;
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      detail.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const src = d ? recordingSrc(d) : null;
  return (
    <Drawer open={!!id} onClose={onClose} width={screens.md ? 600 : '100%'} title={t('quality.library.item')} destroyOnClose data-testid="qa-library-drawer">
      {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
      {!d || d.id !== id ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Title level={5}>
            <Tag color={d.kind === 'good' ? 'green' : 'red'}>{t(`quality.library.kind.${d.kind}`)}</Tag>
            {d.title}
          </Typography.Title>
          {src ? <audio controls preload="metadata" src={src} style={{ width: '100%' }} data-testid="qa-library-audio" /> : <Typography.Text type="secondary">{t('quality.library.noAudio')}</Typography.Text>}
          <Descriptions
            size="small"
            column={1}
            style={{ marginTop: 12 }}
            items={[
              { key: 'topic', label: t('quality.library.topic'), children: d.topic },
              ...(d.note ? [{ key: 'note', label: t('quality.library.note'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{d.note}</span> }] : []),
              { key: 'tags', label: t('quality.library.tags'), children: d.tags.map((tg) => <Tag key={tg}>{tg}</Tag>) },
              { key: 'at', label: t('quality.library.addedAt'), children: formatDateTime(d.createdAt, locale) },
              ...(d.evaluationId && hasPermission(user, 'quality.read') ? [{ key: 'eval', label: t('quality.nav.evaluation'), children: <Link to={`/quality/evaluations/${d.evaluationId}`}>{t('quality.library.openEvaluation')}</Link> }] : []),
            ]}
          />
          {d.transcript && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8 }}>{d.transcript}</Typography.Paragraph>}
          <Typography.Title level={5}>{t('quality.library.articles')}</Typography.Title>
          <Space direction="vertical" style={{ width: '100%' }} data-testid="qa-library-articles">
            {(d.articles ?? []).length === 0 && <Typography.Text type="secondary">{t('quality.library.noArticles')}</Typography.Text>}
            {(d.articles ?? []).map((a) => (
              <Space key={a.id}>
                <Link to={`/knowledge/articles/${a.id}`}>{a.title}</Link>
                {canWrite && (
                  <Button size="small" type="link" danger onClick={() => void run(() => qualityApi.unlinkArticle(d.id, a.id))}>
                    {t('quality.library.unlink')}
                  </Button>
                )}
              </Space>
            ))}
          </Space>
          {canWrite && (
            <div style={{ marginTop: 12 }}>
              <Input.Search placeholder={t('quality.library.findArticle')} allowClear onSearch={(v) => setSearch(v.trim())} data-testid="qa-library-article-search" />
              {(hits.data?.items ?? []).map((h) => (
                <div key={h.id} style={{ marginTop: 6 }}>
                  <Button size="small" onClick={() => void run(() => qualityApi.linkArticle(d.id, h.id))} data-testid="qa-library-link">
                    {t('quality.library.link')}
                  </Button>{' '}
                  {h.title}
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </Drawer>
  );
}

interface AddForm {
  kind: 'good' | 'bad';
  topic: string;
  title: string;
  note?: string;
  tags: string[];
}

function AddToLibrary({ evaluationId, onClose, onCreated }: { evaluationId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await qualityApi.addToLibrary({ ...v, tags: v.tags ?? [], note: v.note || null, evaluationId });
      message.success(t('quality.library.added'));
      onCreated(r.id);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('quality.library.add')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnClose>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ kind: 'good', tags: [] }}>
        <Form.Item name="kind" label={t('quality.library.kindLabel')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`quality.library.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('quality.library.title')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="topic" label={t('quality.library.topic')} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="tags" label={t('quality.library.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="note" label={t('quality.library.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
