import { useEffect } from 'react';
import { Button, Card, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { LoadError } from '../../components/LoadError';
import { Markdown } from '../knowledge/Markdown';
import { CategoryTag } from './PortalBits';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';

/** One announcement in full; opening it records the read receipt (once — the server keeps the first time). */
export default function PortalNoticePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const res = useRequest(() => residentApi.feedItem(id), [id]);
  const shown = res.data?.id;
  useEffect(() => {
    // A failed receipt must not stop the resident reading; the next opening records it.
    if (shown) residentApi.markRead(shown).catch(() => undefined);
  }, [shown]);
  const n = res.data;
  return (
    <ResidentFrame>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate('/portal/notices')}>
          {t('residentApp.notices.back')}
        </Button>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {!n ? (
          !res.error && <Skeleton active />
        ) : (
          <Card size="small" data-testid="notice-detail" data-id={n.id}>
            <Typography.Title level={1} style={{ fontSize: 18, marginTop: 0, overflowWrap: 'anywhere' }}>
              {n.title}
            </Typography.Title>
            <Flex gap={6} wrap align="center" style={{ marginBottom: 12 }}>
              <CategoryTag category={n.category} />
              {n.pinned && <Tag color="volcano">{t('residentApp.notices.pinned')}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.projectName ?? t('residentApp.notices.allProjects')} · {t('residentApp.notices.publishedAt', { time: formatDateTime(n.publishFrom ?? n.publishedAt, locale) })}
              </Typography.Text>
            </Flex>
            {n.format === 'markdown' ? <Markdown source={n.body} /> : <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.body}</Typography.Paragraph>}
            {n.publishUntil && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('residentApp.notices.until', { time: formatDateTime(n.publishUntil, locale) })}
              </Typography.Text>
            )}
          </Card>
        )}
      </Space>
    </ResidentFrame>
  );
}
