/**
 * 标准话术 for the return-visit call (issue 15): the published standard phrases / call scripts
 * (or enquiry answers), searchable, filtered by the order's category; choosing one hands its
 * phrase to the caller, which inserts it at the cursor and records which article was used.
 */
import { useState } from 'react';
import { Button, Empty, Flex, Input, List, Popover, Segmented, Select, Typography } from 'antd';
import { ImportOutlined, MessageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { knowledgeApi, type ArticleType } from '../knowledge/api';
import { standardPhrase } from '../knowledge/knowledgeModel';
import { useCategoryOptions } from '../knowledge/KnowledgeBits';

const TYPES: readonly ArticleType[] = ['script', 'answer'];

interface Choice {
  id: string;
  title: string;
  /** The body when the list already carries it (browsing); a search hit is fetched on pick. */
  body?: string;
  categories: string[];
}

export function PhrasePicker({ category, onPick }: { category: string | null; onPick: (articleId: string, phrase: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<ArticleType>('script');
  // An explicit filter; without one, the order's category only ranks its articles first.
  const [cat, setCat] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [picking, setPicking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const categories = useCategoryOptions();
  const res = useRequest<Choice[]>(
    async () => {
      const found: Choice[] = q.trim()
        ? (await knowledgeApi.search({ q: q.trim(), type, category: cat, limit: 10 })).items.map((h) => ({ id: h.id, title: h.title, categories: h.categories }))
        : (await knowledgeApi.articles({ view: 'published', type, category: cat, pageSize: 20 })).items.map((a) => ({ id: a.id, title: a.title, body: a.body, categories: a.categories }));
      const mine = (c: Choice) => (category && c.categories.includes(category) ? 0 : 1);
      // Stable: within each group the server's order (relevance, or recency) stays.
      return found.map((c, i) => ({ c, i })).sort((x, y) => mine(x.c) - mine(y.c) || x.i - y.i).map((x) => x.c);
    },
    [q, type, cat, category],
    open,
  );

  const pick = async (c: Choice) => {
    setPicking(c.id);
    setError(null);
    try {
      const body = c.body ?? (await knowledgeApi.article(c.id)).article.body;
      onPick(c.id, standardPhrase(body));
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setPicking(null);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: '80vw' }} data-testid="phrase-picker">
      <Flex vertical gap={8}>
        <Flex gap={8} wrap>
          <Segmented<ArticleType> size="small" value={type} onChange={setType} options={TYPES.map((x) => ({ value: x, label: t(`knowledge.type.${x}`) }))} aria-label={t('visits.phrases.type')} />
          <Select size="small" allowClear style={{ minWidth: 140, flex: 1 }} value={cat} onChange={setCat} options={categories} placeholder={t('visits.phrases.anyCategory')} aria-label={t('visits.phrases.category')} />
        </Flex>
        <Input.Search size="small" allowClear placeholder={t('visits.phrases.search')} aria-label={t('visits.phrases.search')} onSearch={(v) => setQ(v)} data-testid="phrase-search" />
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {error !== null && <Typography.Text type="danger">{error instanceof Error ? error.message : String(error)}</Typography.Text>}
        <List<Choice>
          size="small"
          loading={res.loading}
          dataSource={res.data ?? []}
          style={{ maxHeight: 320, overflowY: 'auto' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.phrases.none')} /> }}
          renderItem={(c) => (
            <List.Item
              data-testid="phrase-item"
              actions={[
                <Button key="use" size="small" icon={<ImportOutlined />} loading={picking === c.id} onClick={() => void pick(c)} data-testid="phrase-insert">
                  {t('visits.phrases.insert')}
                </Button>,
              ]}
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis={{ tooltip: c.title }}>
                  {c.title}
                </Typography.Text>
                {c.body && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: standardPhrase(c.body, 120) }}>
                    {standardPhrase(c.body, 60)}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      </Flex>
    </div>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomLeft" content={content} title={t('visits.phrases.title')} destroyOnHidden>
      <Button size="small" icon={<MessageOutlined />} data-testid="phrase-open">
        {t('visits.phrases.open')}
      </Button>
    </Popover>
  );
}
