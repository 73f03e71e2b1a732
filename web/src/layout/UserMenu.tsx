import { Avatar, Button, Dropdown, theme, type MenuProps } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';

/** Avatar button with the account page and sign-out; the name shows beside it when there is room. */
export function UserMenu({ showName }: { showName: boolean }) {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  if (!user) return null;
  const menu: MenuProps = {
    items: [
      { key: 'account', icon: <UserOutlined />, label: t('nav.account') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'account') navigate('/account');
      if (key === 'logout') void logout(); // the sign-in guard then shows the login page
    },
  };
  return (
    <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
      <Button type="text" aria-label={t('nav.userMenu')} data-testid="user-menu" style={{ paddingInline: 6 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: token.colorPrimary }} />
        {showName && <span style={{ marginInlineStart: 6 }}>{user.displayName}</span>}
      </Button>
    </Dropdown>
  );
}

/** The product mark and name at the start of the top bar. */
export function Brand({ withName }: { withName: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
      <span aria-hidden style={{ fontWeight: 700, fontSize: 20, color: token.colorPrimary }}>
        {t('app.mark')}
      </span>
      {withName && <span style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('app.name')}</span>}
    </div>
  );
}
