import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth, useUser } from '../auth';
import { api } from '../api';
import { useLocale, useRequest } from '../hooks';
import { formatDateTime } from '../format';
import { hasPermission } from '../access';
import { PageHeader } from '../components/PageHeader';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LoadError } from '../components/LoadError';

export default function AccountPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout, expiresAt } = useAuth();
  const locale = useLocale();
  const staffScope = user.role !== 'resident' && hasPermission(user, 'registry.read');
  const projects = useRequest(() => api.projects(), [], staffScope);

  const projectTags =
    user.projectIds === 'all' ? (
      <Tag color="blue">{t('account.allProjects')}</Tag>
    ) : user.projectIds.length === 0 ? (
      t('account.noProjects')
    ) : (
      <Space wrap size={[4, 4]}>
        {user.projectIds.map((id) => {
          const p = projects.data?.items.find((x) => x.id === id);
          return <Tag key={id}>{p ? t('account.projectTag', { name: p.name, code: p.code }) : id}</Tag>;
        })}
      </Space>
    );

  return (
    <>
      <PageHeader
        title={t('nav.account')}
        extra={
          <Button icon={<LogoutOutlined />} danger onClick={() => void logout()}>
            {t('auth.logout')}
          </Button>
        }
      />
      {projects.error && <LoadError error={projects.error} onRetry={projects.reload} />}
      <Card>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} bordered size="middle">
          <Descriptions.Item label={t('account.displayName')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('auth.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.role')}>
            <Tag color="geekblue" data-testid="account-role">
              {t(`role.${user.role}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('account.sessionExpires')}>{expiresAt ? formatDateTime(expiresAt, locale) : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={user.role === 'resident' ? t('account.units') : t('account.projects')} span={2}>
            {user.role === 'resident' ? t('account.unitCount', { count: user.unitIds.length }) : projectTags}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.language')} span={2}>
            <LanguageSwitch />
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </>
  );
}
