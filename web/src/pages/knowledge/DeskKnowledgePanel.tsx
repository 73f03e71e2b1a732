import { useState } from 'react';
import { App, Button, Card, Drawer, Empty, Flex, List, Skeleton, Typography } from 'antd';
import { BookOutlined, ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useDebounced, useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { knowledgeApi, type Hit } from './api';
import { TypeTag } from './KnowledgeBits';
import { Highlighted, Markdown } from './Markdown';
import { callerWords, standardPhrase } from './knowledgeModel';

/**
 * 推荐答案 beside the desk form: as the agent types the caller's words (after a 300 ms pause),
 * and for the chosen category before any typing, the best approved answers; one click puts an
 * article's standard phrase into the summary and tells the desk which article was used.
 */
export function DeskKnowledgePanel({
  summary,
  category,
  projectId,
  onInsert,
}: {
  summary: string | undefined;
  category: string | undefined;
  projectId: string | undefined;
  onInsert: (articleId: string, phrase: string) => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const allowed = hasPermission(user, 'knowledge.read');
  // Inserted replies are not the caller's words: leave them out of the query.
  const words = useDebounced(callerWords(summary ?? '', t('knowledge.desk.replyPrefix')), 300);
  const ask = allowed && (!!words || !!category);
  const res = useRequest(() => knowledgeApi.suggest({ text: words || undefined, category, projectId, limit: 5 }), [words, category, projectId], ask);
  const [open, setOpen] = useState<Hit | null>(null);
  const detail = useRequest(() => knowledgeApi.article(open!.id), [open?.id], !!open);
  const [inserting, setInserting] = useState<string | null>(null);

  if (!allowed) return null;

  const insert = async (id: string) => {
    setInserting(id);
    try {
      const d = await knowledgeApi.article(id);
      onInsert(id, standardPhrase(d.article.body));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setInserting(null);
    }
  };

  const items = ask ? (res.data?.items ?? []) : [];
  return (
    <Card size="small" title={t('knowledge.desk.title')} style={{ marginTop: 16 }} data-testid="desk-knowledge" extra={<BookOutlined aria-hidden />}>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <List<Hit>
        size="small"
        loading={ask && res.loading}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(ask ? 'knowledge.desk.none' : 'knowledge.desk.hint')} /> }}
        renderItem={(h) => (
          <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="desk-suggestion" data-key={h.key}>
            <Flex gap={6} align="start" justify="space-between">
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start', fontWeight: 500 }} onClick={() => setOpen(h)}>
                {/* One child: the button lays out its children as flex items, which would split the marked words apart. */}
                <span>
                  <Highlighted html={h.titleHighlighted} />
                </span>
              </Button>
              <TypeTag type={h.type} />
            </Flex>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 4px', overflowWrap: 'anywhere' }} ellipsis={{ rows: 3 }}>
              <Highlighted html={h.snippet} />
            </Typography.Paragraph>
            <Button size="small" icon={<ImportOutlined />} loading={inserting === h.id} onClick={() => void insert(h.id)} data-testid="desk-insert">
              {t('knowledge.desk.insert')}
            </Button>
          </List.Item>
        )}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={Math.min(560, window.innerWidth)} title={open?.title} destroyOnHidden>
        {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
        {detail.data ? (
          <>
            <Markdown source={detail.data.article.body} />
            <Button
              type="primary"
              icon={<ImportOutlined />}
              onClick={() => {
                onInsert(detail.data!.article.id, standardPhrase(detail.data!.article.body));
                setOpen(null);
              }}
            >
              {t('knowledge.desk.insert')}
            </Button>
          </>
        ) : (
          !detail.error && <Skeleton active />
        )}
      </Drawer>
    </Card>
  );
}
