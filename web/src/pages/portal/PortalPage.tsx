import { Button, Card, Empty, Flex, Skeleton, Space, Statistic, Typography } from 'antd';
import { HomeOutlined, PlusOutlined, QuestionCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { formatMoney } from '../../money';
import { LoadError } from '../../components/LoadError';
import { deskApi } from '../orders/api';
import { NoticeItems, OrderItems, unitLabel, useHomes } from './PortalBits';
import { ResidentFrame } from './ResidentTabs';
import { residentApi } from './residentApi';
import { totalArrears } from './residentModel';

/** The resident's home: unread announcements, what is owed, repairs in progress, and the big "report a repair" button. */
export default function PortalPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const homes = useHomes();
  const feed = useRequest(() => residentApi.feed(), []);
  const orders = useRequest(() => deskApi.orders({ queue: 'open', sort: 'created_desc', pageSize: 20 }), []);
  const unread = feed.data?.items.filter((n) => !n.readAt) ?? [];
  const sum = homes.data ? totalArrears(homes.data.accounts) : null;

  return (
    <ResidentFrame>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('portal.hello', { name: user.displayName })}
          </Typography.Title>
          {homes.data && homes.data.units.length > 0 && (
            <Flex wrap gap={8} data-testid="portal-homes">
              {homes.data.units.map((u) => (
                <Typography.Text type="secondary" key={u.id}>
                  <HomeOutlined aria-hidden /> {unitLabel(u)}
                </Typography.Text>
              ))}
            </Flex>
          )}
          {homes.data && homes.data.units.length === 0 && <Typography.Text type="secondary">{t('portal.noHomes')}</Typography.Text>}
        </div>
        <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => navigate('/portal/new')} data-testid="portal-new">
          {t('portal.newRequest')}
        </Button>

        <Card size="small" title={t('residentApp.home.unreadTitle', { count: unread.length })} extra={<Button type="link" size="small" onClick={() => navigate('/portal/notices')}>{t('residentApp.home.allNotices')} <RightOutlined /></Button>} data-testid="home-unread">
          {feed.error ? <LoadError error={feed.error} onRetry={feed.reload} /> : !feed.data ? <Skeleton active paragraph={{ rows: 2 }} /> : unread.length === 0 ? <Typography.Text type="secondary">{t('residentApp.home.noUnread')}</Typography.Text> : <NoticeItems items={unread.slice(0, 3)} />}
        </Card>

        <Card size="small" title={t('residentApp.home.arrearsTitle')} extra={<Button type="link" size="small" onClick={() => navigate('/portal/bills')} data-testid="home-bills">{t('residentApp.home.viewBills')} <RightOutlined /></Button>}>
          {homes.error ? (
            <LoadError error={homes.error} onRetry={homes.reload} />
          ) : !sum ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : sum.outstandingFen === 0 ? (
            <Typography.Text type="success" data-testid="home-arrears" data-fen={0}>{t('residentApp.home.arrearsNone')}</Typography.Text>
          ) : (
            <div data-testid="home-arrears" data-fen={sum.outstandingFen}>
              <Statistic title={t('residentApp.home.arrearsTotal')} value={formatMoney(sum.outstandingFen, locale)} valueStyle={{ color: '#cf1322' }} />
              {sum.overdueFen > 0 && <Typography.Text type="danger">{t('residentApp.home.overdue', { amount: formatMoney(sum.overdueFen, locale) })}</Typography.Text>}
            </div>
          )}
        </Card>

        <Card size="small" title={t('residentApp.home.openRepairs', { count: orders.data?.total ?? 0 })} extra={<Button type="link" size="small" onClick={() => navigate('/portal/repairs')}>{t('residentApp.home.allRepairs')} <RightOutlined /></Button>}>
          {orders.error && <LoadError error={orders.error} onRetry={orders.reload} />}
          {!orders.data && !orders.error ? <Skeleton active /> : !orders.data?.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('residentApp.home.noOpenRepairs')} /> : <OrderItems items={orders.data.items} />}
        </Card>

        <Button block icon={<QuestionCircleOutlined />} onClick={() => navigate('/portal/faq')} data-testid="portal-faq">
          {t('knowledge.nav.faq')}
        </Button>
      </Space>
    </ResidentFrame>
  );
}
