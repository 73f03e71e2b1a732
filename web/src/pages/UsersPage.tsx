import { useLayoutEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { api, fieldErrorsFrom, ROLES, type GrantAuditEntry, type Project, type Role, type UserAccount } from '../api';
import { useLocale, useRequest } from '../hooks';
import { formatDateTime } from '../format';
import { PageHeader } from '../components/PageHeader';
import { LoadError } from '../components/LoadError';

/**
 * User administration for admins and managers: accounts, their roles and projects, password
 * resets, deactivation, and the grant audit. The server decides what may be granted (never more
 * than the caller holds); the role list here only leaves out what would be refused anyway.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.users')} sub={t('users.hint')} />
      <Tabs
        items={[
          { key: 'users', label: t('users.tabUsers'), children: <UsersTab /> },
          { key: 'audit', label: t('users.tabAudit'), children: <AuditTab /> },
        ]}
      />
    </>
  );
}

function useProjects() {
  const res = useRequest(() => api.projects(), []);
  const byId = useMemo(() => new Map((res.data?.items ?? []).map((p) => [p.id, p] as const)), [res.data]);
  return { list: res.data?.items ?? [], byId };
}

function ProjectTags({ ids, byId, hidden = 0 }: { ids: readonly string[]; byId: Map<string, Project>; hidden?: number }) {
  const { t } = useTranslation();
  if (!ids.length && !hidden) return <Tag color="blue">{t('users.allProjects')}</Tag>;
  return (
    <Space wrap size={[4, 4]}>
      {ids.map((id) => (
        <Tag key={id}>{byId.get(id)?.name ?? id}</Tag>
      ))}
      {hidden > 0 && <Tag>{t('users.hiddenProjects', { count: hidden })}</Tag>}
    </Space>
  );
}

function UsersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useUser();
  const res = useRequest(() => api.userAccounts(), []);
  const projects = useProjects();
  const [editing, setEditing] = useState<UserAccount | 'new' | null>(null);
  const [resetting, setResetting] = useState<UserAccount | null>(null);

  const setActive = async (u: UserAccount, active: boolean) => {
    try {
      await api.updateUserAccount(u.id, { active });
      message.success(t('users.saved'));
      res.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
          {t('users.create')}
        </Button>
      }
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<UserAccount>
        rowKey="id"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="users-table"
        columns={[
          { title: t('users.username'), dataIndex: 'username', width: 140 },
          {
            title: t('users.displayName'),
            dataIndex: 'displayName',
            render: (v: string, u) => (
              <Space size={4}>
                {v}
                {u.id === me.id && <Tag color="purple">{t('users.self')}</Tag>}
              </Space>
            ),
          },
          { title: t('users.role'), dataIndex: 'role', width: 120, render: (r: Role) => <Tag color="geekblue">{t(`role.${r}`)}</Tag> },
          { title: t('users.projects'), dataIndex: 'projectIds', render: (ids: string[]) => <ProjectTags ids={ids} byId={projects.byId} /> },
          {
            title: t('users.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            render: (_: unknown, u) =>
              u.id === me.id ? null : (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" onClick={() => setResetting(u)}>
                    {t('users.resetPassword')}
                  </Button>
                  {u.active ? (
                    <Popconfirm title={t('users.deactivateConfirm')} okText={t('users.deactivate')} cancelText={t('common.cancel')} onConfirm={() => setActive(u, false)}>
                      <Button size="small" danger>
                        {t('users.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => void setActive(u, true)}>
                      {t('users.activate')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <UserFormModal
        open={editing !== null}
        user={editing === 'new' ? null : editing}
        projects={projects.list}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          res.reload();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}

interface UserValues {
  username: string;
  displayName: string;
  role: Role;
  projectIds: string[];
  phone?: string;
  skills?: string[];
  password?: string;
}

const USER_FIELDS = ['username', 'displayName', 'role', 'projectIds', 'phone', 'skills', 'password'];

function UserFormModal({ open, user, projects, onClose, onSaved }: { open: boolean; user: UserAccount | null; projects: Project[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useUser();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string[]>([]);
  // Only admins grant admin; residents get their accounts elsewhere.
  const roles = ROLES.filter((r) => r !== 'resident' && (r !== 'admin' || me.role === 'admin'));
  const role = Form.useWatch('role', form);

  useLayoutEffect(() => {
    if (!open) return;
    setFormError([]);
    form.resetFields();
    form.setFieldsValue(
      user
        ? { username: user.username, displayName: user.displayName, role: user.role, projectIds: user.projectIds, phone: user.phone ?? '', skills: user.skills }
        : { role: 'agent', projectIds: me.projectIds === 'all' ? [] : me.projectIds.slice(0, 1) },
    );
  }, [open, user, form, me]);

  const submit = async (v: UserValues) => {
    setBusy(true);
    setFormError([]);
    const projectIds = v.role === 'admin' ? [] : (v.projectIds ?? []);
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    try {
      if (user) {
        await api.updateUserAccount(user.id, { displayName: v.displayName.trim(), role: v.role, projectIds, phone, skills: v.skills ?? [] });
        message.success(t('users.saved'));
      } else {
        await api.createUserAccount({ username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, password: v.password ?? '', projectIds, phone, skills: v.skills ?? [] });
        message.success(t('users.created'));
      }
      onSaved();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, USER_FIELDS);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setFormError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
      width={640}
    >
      {formError.length > 0 && <Alert type="error" showIcon message={formError.join('; ')} style={{ marginBottom: 12 }} />}
      <Form<UserValues> form={form} layout="vertical" onFinish={submit} name="user" data-testid="user-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[{ required: true, message: t('form.required') }, { pattern: /^[a-zA-Z0-9_.-]{2,32}$/, message: t('users.usernameRule') }]}
            >
              <Input autoComplete="off" maxLength={32} disabled={!!user} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input autoComplete="off" maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('users.phone')}>
              <Input autoComplete="off" maxLength={40} />
            </Form.Item>
          </Col>
          {role !== 'admin' && (
            <Col xs={24}>
              <Form.Item name="projectIds" label={t('users.projects')} extra={t('users.projectsHint')}>
                <Select mode="multiple" allowClear optionFilterProp="label" options={projects.map((p) => ({ value: p.id, label: p.name }))} placeholder={t('users.allProjects')} />
              </Form.Item>
            </Col>
          )}
          {role === 'technician' && (
            <Col xs={24}>
              <Form.Item name="skills" label={t('users.skills')}>
                <Select mode="tags" tokenSeparators={[',', ' ']} />
              </Form.Item>
            </Col>
          )}
          {!user && (
            <Col xs={24} sm={12}>
              <Form.Item name="password" label={t('users.password')} rules={[{ required: true, message: t('form.required') }, { min: 8, message: t('account.passwordMin') }]}>
                <Input.Password autoComplete="new-password" maxLength={128} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);

  useLayoutEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const submit = async (v: { password: string }) => {
    if (!user) return;
    setBusy(true);
    try {
      await api.resetUserPassword(user.id, v.password);
      message.success(t('users.resetDone'));
      onClose();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['password']);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (rest.length) message.error(rest.join('; '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={user ? t('users.resetTitle', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
    >
      <Alert type="warning" showIcon message={t('users.resetHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit} name="reset-password">
        <Form.Item name="password" label={t('account.newPassword')} rules={[{ required: true, message: t('form.required') }, { min: 8, message: t('account.passwordMin') }]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('form.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('account.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AuditTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const res = useRequest(() => api.grantAudit({ limit: 500 }), []);
  const projects = useProjects();

  const state = (s: GrantAuditEntry['before']) =>
    s ? (
      <Space wrap size={[4, 4]}>
        {s.role && <Tag color="geekblue">{t(`role.${s.role}`)}</Tag>}
        {s.role !== 'admin' && s.projectIds && <ProjectTags ids={s.projectIds} byId={projects.byId} hidden={s.hiddenProjects} />}
        {s.active === false && <Tag>{t('users.inactive')}</Tag>}
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
    );
  const actionLabel = (a: GrantAuditEntry['action']) => (a === 'create' ? t('users.actionCreate') : a === 'update' ? t('users.actionUpdate') : t('users.actionReset'));

  return (
    <Card>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<GrantAuditEntry>
        rowKey="id"
        size="small"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="grant-audit-table"
        columns={[
          { title: t('users.auditAt'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v, locale) },
          { title: t('users.auditActor'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? t('users.deleted') },
          {
            title: t('users.auditTarget'),
            dataIndex: 'targetName',
            width: 140,
            render: (v: string | null, r) => v ?? r.after?.username ?? t('users.deleted'),
          },
          { title: t('users.auditAction'), dataIndex: 'action', width: 110, render: actionLabel },
          { title: t('users.auditBefore'), dataIndex: 'before', render: state },
          { title: t('users.auditAfter'), dataIndex: 'after', render: state },
        ]}
      />
    </Card>
  );
}
