import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useRequest } from '../../hooks';
import { qualityApi } from './api';
import { RecordingList } from './CoachingPage';

/**
 * 相关录音 on a knowledge article: the library recordings QA linked to it. Shown only to staff who
 * may hear recordings (quality read or self) and only when there is something to hear.
 */
export function RelatedRecordings({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const may = hasPermission(user, 'quality.read') || hasPermission(user, 'quality.self');
  const res = useRequest(() => qualityApi.recordingsOfArticle(articleId), [articleId], may);
  const items = res.data?.items ?? [];
  if (!may || !items.length) return null;
  return (
    <Card size="small" title={t('quality.library.related')} extra={<Link to="/quality/library">{t('quality.nav.library')}</Link>} data-testid="kb-related-recordings">
      <RecordingList items={items} />
    </Card>
  );
}
