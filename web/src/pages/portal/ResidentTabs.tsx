import type { ReactNode } from 'react';
import { Badge, theme } from 'antd';
import { FileTextOutlined, HomeOutlined, NotificationOutlined, ReadOutlined, ToolOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks';
import { residentApi } from './residentApi';

type TabKey = 'home' | 'bills' | 'notices' | 'repairs' | 'bulletins';

const TABS: readonly { key: TabKey; path: string; icon: ReactNode }[] = [
  { key: 'home', path: '/portal', icon: <HomeOutlined /> },
  { key: 'bills', path: '/portal/bills', icon: <FileTextOutlined /> },
  { key: 'notices', path: '/portal/notices', icon: <NotificationOutlined /> },
  { key: 'repairs', path: '/portal/repairs', icon: <ToolOutlined /> },
  { key: 'bulletins', path: '/portal/bulletins', icon: <ReadOutlined /> },
];

/** Which tab a path belongs to (repair forms and orders sit under 报修). */
function activeTab(pathname: string): TabKey {
  if (pathname.startsWith('/portal/bills')) return 'bills';
  if (pathname.startsWith('/portal/notices')) return 'notices';
  if (pathname.startsWith('/portal/bulletins')) return 'bulletins';
  if (pathname.startsWith('/portal/repairs') || pathname.startsWith('/portal/new') || pathname.startsWith('/portal/orders')) return 'repairs';
  return 'home';
}

/**
 * The resident app's frame: the page, and a tab bar fixed to the bottom of the phone where the
 * thumb is. The 公告 tab carries the unread count (fetched again on every page, so reading one
 * clears it on the way back).
 */
export function ResidentFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const feed = useRequest(() => residentApi.feed(), []);
  const active = activeTab(pathname);
  return (
    <div style={{ paddingBottom: 72 }}>
      {children}
      <nav
        aria-label={t('residentApp.nav.notices')}
        data-testid="resident-tabs"
        style={{ position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: 20, background: token.colorBgContainer, borderTop: `1px solid ${token.colorBorderSecondary}`, display: 'flex', paddingBottom: 'env(safe-area-inset-bottom)' }}
      >
        {TABS.map((tab) => {
          const on = tab.key === active;
          return (
            <button
              key={tab.key}
              type="button"
              onClick={() => navigate(tab.path)}
              aria-current={on ? 'page' : undefined}
              data-testid={`tab-${tab.key}`}
              style={{ flex: 1, minWidth: 0, border: 0, background: 'none', padding: '8px 0 6px', cursor: 'pointer', color: on ? token.colorPrimary : token.colorTextSecondary, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, fontSize: 12 }}
            >
              <Badge count={tab.key === 'notices' ? (feed.data?.unread ?? 0) : 0} size="small" offset={[6, 0]}>
                <span style={{ fontSize: 20, color: on ? token.colorPrimary : token.colorTextSecondary }}>{tab.icon}</span>
              </Badge>
              <span>{t(`residentApp.tabs.${tab.key}`)}</span>
            </button>
          );
        })}
      </nav>
    </div>
  );
}
