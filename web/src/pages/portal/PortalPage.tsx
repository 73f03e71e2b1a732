import { Button, Card, Empty, Flex, List, Skeleton, Space, Typography } from 'antd';
import { HomeOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { LoadError } from '../../components/LoadError';
import { deskApi } from '../orders/api';
import { kindLabel } from '../orders/lifecycle';
import { StateTag } from '../orders/OrderBits';

/** The resident's home: their homes, a big "report a repair" button, and their requests with status. */
export default function PortalPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const units = useRequest(() => api.units({ pageSize: 50 }), []);
  const orders = useRequest(() => deskApi.orders({ queue: 'all', sort: 'created_desc', pageSize: 50 }), []);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('portal.hello', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('portal.sub')}</Typography.Text>
      </div>
      <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => navigate('/portal/new')} data-testid="portal-new">
        {t('portal.newRequest')}
      </Button>
      <Button block icon={<QuestionCircleOutlined />} onClick={() => navigate('/portal/faq')} data-testid="portal-faq">
        {t('knowledge.nav.faq')}
      </Button>
      <Card size="small" title={t('portal.myHomes')}>
        {units.error ? (
          <LoadError error={units.error} onRetry={units.reload} />
        ) : !units.data ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : units.data.items.length === 0 ? (
          <Typography.Text type="secondary">{t('portal.noHomes')}</Typography.Text>
        ) : (
          <Flex wrap gap={8}>
            {units.data.items.map((u) => (
              <span key={u.id}>
                <HomeOutlined aria-hidden /> {[u.buildingName, u.number].filter(Boolean).join(' ')}
              </span>
            ))}
          </Flex>
        )}
      </Card>
      <Card size="small" title={t('portal.myRequests', { count: orders.data?.total ?? 0 })}>
        {orders.error && <LoadError error={orders.error} onRetry={orders.reload} />}
        {!orders.data && !orders.error ? (
          <Skeleton active />
        ) : !orders.data?.items.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.noRequests')} />
        ) : (
          <List
            dataSource={orders.data.items}
            data-testid="portal-orders"
            renderItem={(o) => (
              <List.Item
                style={{ cursor: 'pointer', paddingInline: 4 }}
                onClick={() => navigate(`/portal/orders/${o.id}`)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    navigate(`/portal/orders/${o.id}`);
                  }
                }}
                tabIndex={0}
                role="link"
                data-testid="portal-order"
                data-number={o.number}
              >
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Flex justify="space-between" gap={8} align="start">
                    <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                      {o.title}
                    </Typography.Text>
                    <StateTag kind={o.kind} state={o.state} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {kindLabel(locale, o.kind)} · {o.number} · {formatDateTime(o.createdAt, locale)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
