import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, List, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DislikeOutlined, LikeOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { knowledgeApi, type FaqItem } from '../knowledge/api';
import { Highlighted, Markdown } from '../knowledge/Markdown';

/** One answer, read in full, with "did this help?". */
function FaqAnswer({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const res = useRequest(() => knowledgeApi.faqArticle(id), [id]);
  const [rated, setRated] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rate = async (helpful: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await knowledgeApi.rateFaq(id, helpful);
      setRated(helpful);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={onBack}>
        {t('knowledge.faq.back')}
      </Button>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!res.data ? (
        !res.error && <Skeleton active />
      ) : (
        <Card size="small" data-testid="faq-answer">
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0, overflowWrap: 'anywhere' }}>
            {res.data.title}
          </Typography.Title>
          <Markdown source={res.data.body} />
          <div style={{ borderTop: '1px solid rgba(0,0,0,0.06)', paddingTop: 12 }}>
            {rated === null ? (
              <Flex wrap gap={8} align="center">
                <Typography.Text>{t('knowledge.faq.helpfulQ')}</Typography.Text>
                <Button icon={<LikeOutlined />} loading={busy} onClick={() => void rate(true)} data-testid="faq-yes">
                  {t('knowledge.faq.yes')}
                </Button>
                <Button icon={<DislikeOutlined />} disabled={busy} onClick={() => void rate(false)} data-testid="faq-no">
                  {t('knowledge.faq.no')}
                </Button>
              </Flex>
            ) : (
              <Typography.Text type="success" data-testid="faq-thanks">
                {t(rated ? 'knowledge.faq.thanksYes' : 'knowledge.faq.thanksNo')}
              </Typography.Text>
            )}
            {error && (
              <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
                {error}
              </Typography.Text>
            )}
          </div>
        </Card>
      )}
    </Space>
  );
}

/** 常见问题 — the resident's FAQ: answers published for residents of their estate, searchable, rated helpful or not. */
export default function PortalFaqPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const open = params.get('id');
  const res = useRequest(() => knowledgeApi.faq({ q: q || undefined, limit: 30 }), [q]);
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  if (open) return <FaqAnswer id={open} onBack={() => set({ id: null })} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/portal')}>
        {t('knowledge.faq.home')}
      </Button>
      <div>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('knowledge.nav.faq')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('knowledge.faq.sub')}</Typography.Text>
      </div>
      <Input.Search
        allowClear
        size="large"
        defaultValue={q}
        placeholder={t('knowledge.faq.searchPlaceholder')}
        aria-label={t('knowledge.faq.search')}
        enterButton={t('knowledge.faq.search')}
        onSearch={(v) => set({ q: v.trim() || null })}
        data-testid="faq-search"
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card size="small">
        <List<FaqItem>
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          data-testid="faq-list"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(q ? 'knowledge.faq.noResults' : 'knowledge.faq.empty')} /> }}
          renderItem={(x) => (
            <List.Item
              style={{ cursor: 'pointer', paddingInline: 4, display: 'block' }}
              onClick={() => set({ id: x.id })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  set({ id: x.id });
                }
              }}
              tabIndex={0}
              role="link"
              data-testid="faq-item"
              data-key={x.key}
            >
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                <Highlighted html={x.titleHighlighted} />
              </Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '2px 0 0', overflowWrap: 'anywhere' }} ellipsis={{ rows: 2 }}>
                <Highlighted html={x.snippet} />
              </Typography.Paragraph>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
