import { Card, Empty, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { NoticeItems } from './PortalBits';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';

/** 公告: everything the centre currently shows this resident, pinned first, unread marked. */
export default function PortalNoticesPage() {
  const { t } = useTranslation();
  const feed = useRequest(() => residentApi.feed(), []);
  return (
    <ResidentFrame>
      <Card size="small" title={t('residentApp.nav.notices')}>
        {feed.error ? <LoadError error={feed.error} onRetry={feed.reload} /> : !feed.data ? <Skeleton active /> : !feed.data.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('residentApp.notices.empty')} /> : <NoticeItems items={feed.data.items} />}
      </Card>
    </ResidentFrame>
  );
}
