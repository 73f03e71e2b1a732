import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useAuth, useUser } from '../auth';
import { api, ApiError, fieldErrorsFrom, type ApiTokenInfo, type SessionInfo } from '../api';
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
      <ChangePasswordCard />
      <SessionsCard />
      {user.role !== 'resident' && <TokensCard />}
    </>
  );
}

const CARD_GAP = { marginTop: 16 };

interface PasswordValues {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password (the old one is required); other sessions end on the server. */
function ChangePasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string[]>([]);

  const submit = async (v: PasswordValues) => {
    setBusy(true);
    setFormError([]);
    try {
      await api.changePassword(v.oldPassword, v.newPassword);
      form.resetFields();
      message.success(t('account.passwordChanged'));
    } catch (e) {
      // A wrong current password is about that field; other errors go above the form.
      if (e instanceof ApiError && e.code === 'auth.wrong_password') form.setFields([{ name: 'oldPassword', errors: [e.message] }]);
      else {
        const { fields, rest } = fieldErrorsFrom(e, ['oldPassword', 'newPassword']);
        form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
        setFormError(rest);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('account.passwordTitle')} style={CARD_GAP}>
      {formError.length > 0 && <Alert type="error" showIcon message={formError.join('; ')} style={{ marginBottom: 12 }} />}
      <Form<PasswordValues> form={form} layout="vertical" onFinish={submit} name="change-password" style={{ maxWidth: 360 }} data-testid="password-form">
        <Form.Item name="oldPassword" label={t('account.oldPassword')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" maxLength={256} />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} rules={[{ required: true, message: t('form.required') }, { min: 8, message: t('account.passwordMin') }]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('form.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} icon={<KeyOutlined />}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

/** Where the user is signed in, with the current session marked and the others revocable. */
function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const res = useRequest(() => api.sessions(), []);

  const revoke = async (s: SessionInfo) => {
    try {
      await api.revokeSession(s.id);
      message.success(t('account.sessionRevoked'));
      res.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card title={t('account.sessionsTitle')} style={CARD_GAP}>
      <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<SessionInfo>
        rowKey="id"
        size="small"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="sessions-table"
        columns={[
          { title: t('account.sessionCreated'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('account.sessionLastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('account.sessionAddress'), dataIndex: 'address', render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('account.sessionDevice'),
            dataIndex: 'userAgent',
            ellipsis: true,
            render: (v: string | null) => v ?? t('common.none'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, s) =>
              s.current ? (
                <Tag color="green">{t('account.sessionCurrent')}</Tag>
              ) : (
                <Popconfirm title={t('account.sessionRevokeConfirm')} okText={t('account.sessionRevoke')} cancelText={t('common.cancel')} onConfirm={() => revoke(s)}>
                  <Button size="small" danger>
                    {t('account.sessionRevoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

const TOKEN_DEFAULT_DAYS = 90;
const TOKEN_MAX_DAYS = 365;

interface TokenValues {
  name: string;
  expires: Dayjs;
}

/** The user's API tokens: create (shown once), list, revoke. Staff only; the server refuses residents. */
function TokensCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const res = useRequest(() => api.apiTokens(), []);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [form] = Form.useForm<TokenValues>();
  const today = () => dayjs().startOf('day');

  const create = async (v: TokenValues) => {
    setBusy(true);
    try {
      const days = Math.min(TOKEN_MAX_DAYS, Math.max(1, v.expires.startOf('day').diff(today(), 'day')));
      const r = await api.createApiToken({ name: v.name.trim(), expiresInDays: days });
      setCreating(false);
      setMade(r.token);
      res.reload();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['name']);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (rest.length) message.error(rest.join('; '));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (tok: ApiTokenInfo) => {
    try {
      await api.revokeApiToken(tok.id);
      message.success(t('account.tokenRevoked'));
      res.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const statusTag = (s: ApiTokenInfo['status']) =>
    s === 'active' ? <Tag color="green">{t('account.tokenStatusActive')}</Tag> : s === 'expired' ? <Tag>{t('account.tokenStatusExpired')}</Tag> : <Tag color="red">{t('account.tokenStatusRevoked')}</Tag>;

  return (
    <Card
      title={t('account.tokensTitle')}
      style={CARD_GAP}
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            form.setFieldsValue({ name: '', expires: today().add(TOKEN_DEFAULT_DAYS, 'day') });
            setCreating(true);
          }}
          data-testid="token-create"
        >
          {t('account.tokenCreate')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.tokensHint')}</Typography.Paragraph>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<ApiTokenInfo>
        rowKey="id"
        size="small"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="tokens-table"
        columns={[
          { title: t('account.tokenName'), dataIndex: 'name' },
          { title: t('account.tokenStatus'), dataIndex: 'status', width: 100, render: statusTag },
          { title: t('account.tokenCreated'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('account.tokenExpires'), dataIndex: 'expiresAt', render: (v: string | null) => formatDateTime(v, locale) },
          { title: t('account.tokenLastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v, locale) : t('account.tokenNeverUsed')) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, tok) =>
              tok.status === 'active' && (
                <Popconfirm title={t('account.tokenRevokeConfirm')} okText={t('account.tokenRevoke')} cancelText={t('common.cancel')} onConfirm={() => revoke(tok)}>
                  <Button size="small" danger>
                    {t('account.tokenRevoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('account.tokenCreateTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        confirmLoading={busy}
        forceRender
      >
        <Form<TokenValues> form={form} layout="vertical" onFinish={create} name="api-token">
          <Form.Item name="name" label={t('account.tokenName')} rules={[{ required: true, whitespace: true, message: t('account.tokenNameRequired') }]}>
            <Input maxLength={80} autoComplete="off" />
          </Form.Item>
          <Form.Item name="expires" label={t('account.tokenExpires')} rules={[{ required: true, message: t('account.tokenExpiresRequired') }]}>
            <DatePicker
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.isBefore(today().add(1, 'day')) || d.isAfter(today().add(TOKEN_MAX_DAYS, 'day'))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={made !== null}
        title={t('account.tokenShownOnceTitle')}
        onOk={() => setMade(null)}
        onCancel={() => setMade(null)}
        okText={t('account.tokenSaved')}
        cancelButtonProps={{ style: { display: 'none' } }}
        maskClosable={false}
      >
        <Alert type="warning" showIcon message={t('account.tokenShownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: made ?? '', tooltips: [t('account.tokenCopy'), t('account.tokenCopied')] }} code data-testid="token-value" style={{ wordBreak: 'break-all' }}>
          {made}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
