import { Button, Card, Empty, Skeleton, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { deskApi } from '../orders/api';
import { OrderItems } from './PortalBits';
import { ResidentFrame } from './ResidentTabs';

/** 报修: every request the resident made, newest first, with its status. */
export default function PortalRepairsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const orders = useRequest(() => deskApi.orders({ queue: 'all', sort: 'created_desc', pageSize: 50 }), []);
  return (
    <ResidentFrame>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => navigate('/portal/new')}>
          {t('portal.newRequest')}
        </Button>
        <Card size="small" title={t('portal.myRequests', { count: orders.data?.total ?? 0 })}>
          {orders.error && <LoadError error={orders.error} onRetry={orders.reload} />}
          {!orders.data && !orders.error ? <Skeleton active /> : !orders.data?.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.noRequests')} /> : <OrderItems items={orders.data.items} />}
        </Card>
      </Space>
    </ResidentFrame>
  );
}
