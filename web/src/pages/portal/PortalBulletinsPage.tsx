import { Card, Empty, List, Skeleton, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { LoadError } from '../../components/LoadError';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';
import { monthLabel } from './residentModel';

/** 月报: the owners' monthly bulletins (物业服务月报) published for the resident's projects. */
export default function PortalBulletinsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const list = useRequest(() => residentApi.bulletins(), []);
  return (
    <ResidentFrame>
      <Card size="small" title={t('residentApp.nav.bulletins')}>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Skeleton active />
        ) : !list.data.items.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('residentApp.bulletins.empty')} />
        ) : (
          <List
            dataSource={list.data.items}
            data-testid="bulletin-list"
            renderItem={(b) => (
              <List.Item style={{ cursor: 'pointer', paddingInline: 4 }} onClick={() => navigate(`/portal/bulletins/${b.id}`)} tabIndex={0} role="link" data-testid="bulletin-item" data-id={b.id} onKeyDown={(e) => e.key === 'Enter' && navigate(`/portal/bulletins/${b.id}`)}>
                <div>
                  <Typography.Text strong>
                    {b.projectName} · {monthLabel(b.period, locale)}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(b.publishedAt, locale)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </ResidentFrame>
  );
}
