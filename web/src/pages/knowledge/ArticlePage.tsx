import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Flex, Input, List, Modal, Radio, Row, Select, Skeleton, Space, Statistic, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { LoadError } from '../../components/LoadError';
import { projectName, useProjects } from '../registry/common';
import { knowledgeApi, VERDICTS, type Article, type ArticleFields, type Revision, type Verdict } from './api';
import { CategoryTags, RevisionStateTag, TypeTag, VisibilityTag } from './KnowledgeBits';
import { DiffView } from './DiffView';
import { Markdown } from './Markdown';
import { RelatedRecordings } from '../quality/RelatedRecordings';

type Decision = { kind: 'approve' | 'reject' | 'rollback'; revision: Revision };

/** The facts of an article (or of one revision's snapshot). */
function FieldFacts({ fields, article }: { fields: ArticleFields; article?: Article }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const projects = useProjects();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('knowledge.field.category')}>
        {fields.categories.length ? <CategoryTags categories={fields.categories} /> : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('knowledge.field.projects')}>
        {fields.projectIds.length ? fields.projectIds.map((p) => projectName(projects.data?.items, p) || p).join('、') : t('knowledge.allProjects')}
      </Descriptions.Item>
      <Descriptions.Item label={t('knowledge.field.tags')}>{fields.tags.join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('knowledge.field.synonyms')}>{fields.synonyms.join('、') || '—'}</Descriptions.Item>
      {article && <Descriptions.Item label={t('knowledge.field.owner')}>{article.ownerName ?? '—'}</Descriptions.Item>}
      <Descriptions.Item label={t('knowledge.field.reviewDueOn')}>{formatDate(fields.reviewDueOn, locale) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('knowledge.field.publishAt')}>{formatDateTime(fields.publishAt, locale) || t('knowledge.immediately')}</Descriptions.Item>
      <Descriptions.Item label={t('knowledge.field.expireAt')}>{formatDateTime(fields.expireAt, locale) || t('knowledge.never')}</Descriptions.Item>
      {article && <Descriptions.Item label={t('knowledge.field.key')}>{article.key}</Descriptions.Item>}
    </Descriptions>
  );
}

/** 文章 — the published text, its facts, feedback, and the revision history with diff, approval and rollback. */
export default function ArticlePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const res = useRequest(() => knowledgeApi.article(id), [id]);
  const stats = useRequest(() => knowledgeApi.stats(id), [id, res.data]);
  const [viewing, setViewing] = useState<Revision | null>(null);
  const viewed = useRequest(() => knowledgeApi.revision(id, viewing!.id), [viewing?.id], !!viewing);
  const [diffPair, setDiffPair] = useState<{ from: string; to: string } | null>(null);
  const diff = useRequest(() => knowledgeApi.diff(id, diffPair!.from, diffPair!.to), [diffPair?.from, diffPair?.to], !!diffPair);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [comment, setComment] = useState('');

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0, marginBottom: 8 }} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/knowledge'))}>
      {t('knowledge.back')}
    </Button>
  );
  if (res.error)
    return (
      <>
        {back}
        <LoadError error={res.error} onRetry={res.reload} />
      </>
    );
  if (!res.data) return <Skeleton active />;
  const { article, revisions, variants } = res.data;
  const canWrite = hasPermission(user, 'knowledge.write');
  const canApprove = hasPermission(user, 'knowledge.approve');
  const mayDecide = (r: Revision) => canApprove && r.state === 'submitted' && (r.authorId !== user.id || user.role === 'admin');

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setDecision(null);
      setNote('');
      res.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const decide = () => {
    if (!decision) return;
    const r = decision.revision;
    if (decision.kind === 'approve') void run(() => knowledgeApi.approve(r.id, note.trim()), t('knowledge.done.approved'));
    else if (decision.kind === 'reject') void run(() => knowledgeApi.reject(r.id, note.trim()), t('knowledge.done.rejected'));
    else void run(() => knowledgeApi.rollback(article.id, r.id, note.trim()), t('knowledge.done.rolledBack'));
  };

  const sendFeedback = async () => {
    if (!verdict) return;
    setBusy(true);
    try {
      await knowledgeApi.feedback(article.id, verdict, comment.trim());
      message.success(t('knowledge.feedback.thanks'));
      setComment('');
      res.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // The previous revision the user may see (revisions come newest first).
  const previous = (r: Revision) => revisions.find((x) => x.seq < r.seq);

  return (
    <>
      {back}
      <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center" style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0, overflowWrap: 'anywhere' }} data-testid="kb-article-title">
            {article.title}
          </Typography.Title>
          <TypeTag type={article.type} />
          <VisibilityTag visibility={article.visibility} />
          {!article.published ? <RevisionStateTag state="draft" /> : !article.live && <Typography.Text type="warning">{t('knowledge.notLive')}</Typography.Text>}
        </Flex>
        {canWrite && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/knowledge/articles/${article.id}/edit`)} data-testid="kb-edit">
            {t('common.edit')}
          </Button>
        )}
      </Flex>
      {!article.published && <Alert type="info" showIcon message={t('knowledge.unpublishedHint')} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <Markdown source={article.body} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {article.publishedAt ? t('knowledge.publishedAt', { at: formatDateTime(article.publishedAt, locale) }) : t('knowledge.neverPublished')}
              </Typography.Text>
            </Card>
            <Card size="small" title={t('knowledge.details')}>
              <FieldFacts fields={article} article={article} />
            </Card>
            <RelatedRecordings articleId={article.id} />
            {article.published && article.live && (
              <Card size="small" title={t('knowledge.feedback.title')}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Radio.Group
                    optionType="button"
                    value={verdict}
                    onChange={(e) => setVerdict(e.target.value as Verdict)}
                    options={VERDICTS.map((v) => ({ value: v, label: t(`knowledge.verdict.${v}`) }))}
                    data-testid="kb-verdict"
                  />
                  <Input.TextArea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('knowledge.feedback.comment')} aria-label={t('knowledge.feedback.comment')} />
                  <Button type="primary" disabled={!verdict} loading={busy} onClick={() => void sendFeedback()} data-testid="kb-feedback-send">
                    {t('knowledge.feedback.send')}
                  </Button>
                </Space>
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {stats.data && (
              <Card size="small" title={t('knowledge.stats.title')}>
                <Flex wrap gap={16}>
                  <Statistic title={t('knowledge.stats.uses')} value={stats.data.uses} />
                  <Statistic title={t('knowledge.stats.resolvedOnSpot')} value={stats.data.resolvedOnSpot} />
                  <Statistic title={t('knowledge.verdict.helpful')} value={stats.data.helpful} />
                  <Statistic title={t('knowledge.verdict.not_helpful')} value={stats.data.notHelpful} />
                  <Statistic title={t('knowledge.verdict.outdated')} value={stats.data.outdatedSincePublished} />
                </Flex>
              </Card>
            )}
            <Card size="small" title={t('knowledge.revisions.title')}>
              <List<Revision>
                size="small"
                dataSource={revisions}
                data-testid="kb-revisions"
                renderItem={(r) => {
                  const prev = previous(r);
                  const isPublished = r.id === article.publishedRevisionId;
                  return (
                    <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="kb-revision" data-state={r.state}>
                      <Flex wrap gap={6} align="center">
                        <Typography.Text strong>{t('knowledge.revisions.seq', { seq: r.seq })}</Typography.Text>
                        <RevisionStateTag state={r.state} />
                        {isPublished && <Typography.Text type="success">{t('knowledge.revisions.current')}</Typography.Text>}
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                        {r.authorName} · {formatDateTime(r.createdAt, locale)}
                        {r.decidedByName && ` · ${t('knowledge.revisions.decidedBy', { name: r.decidedByName })}`}
                      </Typography.Text>
                      {r.changeNote && <div style={{ fontSize: 13, overflowWrap: 'anywhere' }}>{r.changeNote}</div>}
                      {r.decisionNote && <div style={{ fontSize: 13, overflowWrap: 'anywhere' }}>{t('knowledge.revisions.decisionNote', { note: r.decisionNote })}</div>}
                      <Flex wrap gap={4} style={{ marginTop: 4 }}>
                        <Button size="small" onClick={() => setViewing(r)}>
                          {t('knowledge.revisions.view')}
                        </Button>
                        {prev && (
                          <Button size="small" onClick={() => setDiffPair({ from: prev.id, to: r.id })} data-testid="kb-diff-open">
                            {t('knowledge.revisions.diff')}
                          </Button>
                        )}
                        {r.state === 'draft' && r.authorId === user.id && (
                          <Button size="small" type="primary" loading={busy} onClick={() => void run(() => knowledgeApi.submit(r.id), t('knowledge.done.submitted'))} data-testid="kb-submit">
                            {t('knowledge.action.submit')}
                          </Button>
                        )}
                        {mayDecide(r) && (
                          <>
                            <Button size="small" type="primary" onClick={() => setDecision({ kind: 'approve', revision: r })} data-testid="kb-approve">
                              {t('knowledge.action.approve')}
                            </Button>
                            <Button size="small" danger onClick={() => setDecision({ kind: 'reject', revision: r })} data-testid="kb-reject">
                              {t('knowledge.action.reject')}
                            </Button>
                          </>
                        )}
                        {canWrite && !isPublished && (
                          <Button size="small" onClick={() => setDecision({ kind: 'rollback', revision: r })} data-testid="kb-rollback">
                            {t('knowledge.action.rollback')}
                          </Button>
                        )}
                      </Flex>
                    </List.Item>
                  );
                }}
              />
            </Card>
            {variants.length > 0 && (
              <Card size="small" title={t('knowledge.variants')}>
                <List size="small" dataSource={variants} renderItem={(v) => <List.Item style={{ paddingInline: 0 }}><Link to={`/knowledge/articles/${v.id}`}>{v.title}</Link></List.Item>} />
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      <Drawer open={!!viewing} onClose={() => setViewing(null)} width={Math.min(720, window.innerWidth)} title={viewing ? t('knowledge.revisions.seq', { seq: viewing.seq }) : ''} destroyOnHidden>
        {viewed.error && <LoadError error={viewed.error} onRetry={viewed.reload} />}
        {viewed.data?.fields ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
              {viewed.data.fields.title}
            </Typography.Title>
            <Flex gap={4}>
              <TypeTag type={viewed.data.fields.type} />
              <VisibilityTag visibility={viewed.data.fields.visibility} />
            </Flex>
            <Markdown source={viewed.data.fields.body} />
            <FieldFacts fields={viewed.data.fields} />
          </Space>
        ) : (
          !viewed.error && <Skeleton active />
        )}
      </Drawer>
      <Drawer open={!!diffPair} onClose={() => setDiffPair(null)} width={Math.min(860, window.innerWidth)} title={t('knowledge.diff.title')} destroyOnHidden>
        {diffPair && (
          <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
            <Select
              value={diffPair.from}
              style={{ minWidth: 140 }}
              aria-label={t('knowledge.diff.from')}
              options={revisions.map((r) => ({ value: r.id, label: t('knowledge.revisions.seq', { seq: r.seq }) }))}
              onChange={(v: string) => setDiffPair({ ...diffPair, from: v })}
            />
            <span>→</span>
            <Select
              value={diffPair.to}
              style={{ minWidth: 140 }}
              aria-label={t('knowledge.diff.to')}
              options={revisions.map((r) => ({ value: r.id, label: t('knowledge.revisions.seq', { seq: r.seq }) }))}
              onChange={(v: string) => setDiffPair({ ...diffPair, to: v })}
            />
          </Flex>
        )}
        {diff.error && <LoadError error={diff.error} onRetry={diff.reload} />}
        {diff.data ? <DiffView diff={diff.data} /> : !diff.error && <Skeleton active />}
      </Drawer>
      <Modal
        open={!!decision}
        title={decision ? t(`knowledge.action.${decision.kind}`) + ' · ' + t('knowledge.revisions.seq', { seq: decision.revision.seq }) : ''}
        okText={decision ? t(`knowledge.action.${decision.kind}`) : undefined}
        okButtonProps={{ loading: busy, disabled: decision?.kind === 'reject' && !note.trim(), danger: decision?.kind === 'reject' }}
        onOk={decide}
        onCancel={() => {
          setDecision(null);
          setNote('');
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{decision && t(`knowledge.decisionHint.${decision.kind}`)}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t(decision?.kind === 'reject' ? 'knowledge.noteRequired' : 'knowledge.noteOptional')}
          aria-label={t('knowledge.note')}
          data-testid="kb-decision-note"
        />
      </Modal>
    </>
  );
}
