/** Pieces shared by the resident app's pages. */
import { Flex, List, Tag, Typography, theme } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type Unit } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { opsApi, type Account } from '../../opsApi';
import type { Order } from '../orders/api';
import { kindLabel } from '../orders/lifecycle';
import { StateTag } from '../orders/OrderBits';
import type { AnnouncementCategory, FeedItem } from './residentApi';

const CATEGORY_COLOURS: Record<AnnouncementCategory, string> = { notice: 'blue', outage: 'red', event: 'green', tip: 'gold' };

export function CategoryTag({ category }: { category: AnnouncementCategory }) {
  const { t } = useTranslation();
  return (
    <Tag color={CATEGORY_COLOURS[category]} style={{ marginInlineEnd: 0 }} data-testid="notice-category">
      {t(`residentApp.notices.category.${category}`)}
    </Tag>
  );
}

/** The resident's homes and, per home, its billing account (arrears, open bills, recent payments). */
export function useHomes() {
  return useRequest(async (): Promise<{ units: Unit[]; accounts: Account[] }> => {
    const units = (await api.units({ pageSize: 50 })).items;
    const accounts = await Promise.all(units.map((u) => opsApi.account(u.id)));
    return { units, accounts };
  }, []);
}

export const unitLabel = (u: Pick<Unit, 'buildingName' | 'number'>) => [u.buildingName, u.number].filter(Boolean).join(' ');

/** Announcements as a list: unread ones carry a dot and bold titles; opening one goes to its page. */
export function NoticeItems({ items }: { items: FeedItem[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const locale = useLocale();
  const navigate = useNavigate();
  const open = (id: string) => navigate(`/portal/notices/${id}`);
  return (
    <List
      dataSource={items}
      data-testid="notice-list"
      renderItem={(n) => (
        <List.Item
          style={{ cursor: 'pointer', paddingInline: 4 }}
          onClick={() => open(n.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              open(n.id);
            }
          }}
          tabIndex={0}
          role="link"
          data-testid="notice-item"
          data-id={n.id}
          data-unread={n.readAt ? '0' : '1'}
        >
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex gap={6} align="center">
              {!n.readAt && <span aria-label={t('residentApp.notices.unread')} data-testid="unread-dot" style={{ width: 8, height: 8, borderRadius: 4, background: token.colorError, flex: 'none' }} />}
              <Typography.Text strong={!n.readAt} style={{ overflowWrap: 'anywhere', flex: 1 }}>
                {n.title}
              </Typography.Text>
              {n.pinned && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('residentApp.notices.pinned')}</Tag>}
            </Flex>
            <Flex gap={6} align="center" style={{ marginTop: 4 }}>
              <CategoryTag category={n.category} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(n.publishFrom ?? n.publishedAt, locale)}
              </Typography.Text>
            </Flex>
          </div>
        </List.Item>
      )}
    />
  );
}

/** The resident's requests with status; opening one shows its progress. */
export function OrderItems({ items }: { items: Order[] }) {
  const locale = useLocale();
  const navigate = useNavigate();
  return (
    <List
      dataSource={items}
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
  );
}
