import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Grid, Input, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type UserAccount } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { ProjectSelect, projectName, useProjects } from '../registry/common';
import { qualityApi, type QualityTeam, type TeamInput } from './api';

/** Who answers customers and so is inspected: the members a team is made of. */
const MEMBER_ROLES = ['agent', 'front_desk'];
/** Who leads a team (and coaches its agents by default). */
const LEAD_ROLES = ['supervisor', 'manager', 'qa', 'admin'];
const NAME_MAX = 40;

interface TeamForm {
  name: string;
  projectId?: string | null;
  leadId?: string | null;
  memberIds: string[];
}

/**
 * 班组 — the agent teams quality inspection works with: sampling rotates over them, plans can
 * target one, and a team's leader is the default coach of its agents. An agent is in one team
 * only: adding them here moves them out of the other.
 */
export default function TeamsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = hasPermission(user, 'quality.write');
  const list = useRequest(() => qualityApi.teams(), []);
  const projects = useProjects();
  // null = closed, 'new' = creating, else the team being edited.
  const [editing, setEditing] = useState<QualityTeam | 'new' | null>(null);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('quality.nav.teams')}
        sub={t('quality.teams.sub')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="qa-team-new">
              {t('quality.teams.new')}
            </Button>
          )
        }
      />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data ? (
        <Skeleton active />
      ) : !items.length ? (
        <Card>
          <Empty description={t('quality.teams.none')} />
        </Card>
      ) : (
        <Row gutter={[12, 12]} data-testid="qa-teams">
          {items.map((team) => (
            <Col xs={24} md={12} xl={8} key={team.id}>
              <Card
                size="small"
                title={<span data-testid="qa-team-name">{team.name}</span>}
                extra={
                  canWrite && (
                    <Button size="small" onClick={() => setEditing(team)} data-testid="qa-team-edit">
                      {t('common.edit')}
                    </Button>
                  )
                }
                data-testid="qa-team"
                data-id={team.id}
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'project', label: t('quality.teams.project'), children: team.projectId ? projectName(projects.data?.items, team.projectId) || '—' : t('quality.teams.allProjects') },
                    { key: 'lead', label: t('quality.teams.lead'), children: team.leadName ?? t('quality.teams.noLead') },
                    { key: 'count', label: t('quality.teams.memberCount'), children: <span data-testid="qa-team-count">{t('quality.teams.people', { count: team.members.length })}</span> },
                  ]}
                />
                <Space size={[4, 4]} wrap style={{ marginTop: 6 }} data-testid="qa-team-members">
                  {team.members.length ? team.members.map((m) => <Tag key={m.id}>{m.name ?? '—'}</Tag>) : <Typography.Text type="secondary">{t('quality.teams.noMembers')}</Typography.Text>}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {editing && (
        <TeamDrawer
          team={editing === 'new' ? null : editing}
          teams={items}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function TeamDrawer({ team, teams, onClose, onSaved }: { team: QualityTeam | null; teams: QualityTeam[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<TeamForm>();
  const projects = useProjects();
  const users = useRequest(() => api.userAccounts(), []);
  const [busy, setBusy] = useState(false);
  const projectId = Form.useWatch('projectId', form);
  const chosen = Form.useWatch('memberIds', form) ?? [];

  const people = (users.data?.items ?? []).filter((u) => u.active);
  // A team tied to a project draws from that project's staff (or staff of every project).
  const inProject = (u: UserAccount) => !projectId || u.projectIds.length === 0 || u.projectIds.includes(projectId);
  const teamOf = new Map(teams.flatMap((x) => x.members.map((m) => [m.id, x] as const)));
  const roleLabel = (u: UserAccount) => t(`role.${u.role}`);
  const memberOptions = people
    .filter((u) => MEMBER_ROLES.includes(u.role) && (inProject(u) || chosen.includes(u.id)))
    .map((u) => {
      const other = teamOf.get(u.id);
      const elsewhere = other && other.id !== team?.id ? other.name : null;
      return {
        value: u.id,
        search: `${u.displayName} ${u.username}`,
        label: (
          <span>
            {u.displayName}
            <span style={{ opacity: 0.65 }}> · {roleLabel(u)}</span>
            {elsewhere && <span style={{ opacity: 0.65 }}> · {t('quality.teams.inTeam', { team: elsewhere })}</span>}
          </span>
        ),
      };
    });
  const leadOptions = people.filter((u) => LEAD_ROLES.includes(u.role)).map((u) => ({ value: u.id, search: `${u.displayName} ${u.username}`, label: `${u.displayName} · ${roleLabel(u)}` }));

  const submit = async () => {
    // The form shows its own errors next to the fields; nothing more to do when they fail.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: TeamInput = { name: v.name.trim(), projectId: v.projectId ?? null, leadId: v.leadId ?? null, memberIds: v.memberIds ?? [] };
    setBusy(true);
    try {
      if (team) await qualityApi.updateTeam(team.id, body);
      else await qualityApi.createTeam(body);
      message.success(t('quality.teams.saved'));
      onSaved();
    } catch (err) {
      // A taken name belongs next to the name; anything else as a message.
      if (err instanceof ApiError && err.code === 'quality.team_name_taken') form.setFields([{ name: 'name', errors: [err.message] }]);
      else message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={screens.md ? 520 : '100%'}
      title={team ? t('quality.teams.edit') : t('quality.teams.new')}
      destroyOnClose
      data-testid="qa-team-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="qa-team-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<TeamForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={team ? { name: team.name, projectId: team.projectId, leadId: team.leadId, memberIds: team.members.map((m) => m.id) } : { memberIds: [] }}
      >
        <Form.Item
          name="name"
          label={t('quality.teams.name')}
          rules={[
            { required: true, whitespace: true, message: t('quality.teams.nameRequired') },
            { max: NAME_MAX, message: t('quality.teams.nameMax', { max: NAME_MAX }) },
          ]}
        >
          <Input maxLength={NAME_MAX + 10} data-testid="qa-team-name-input" />
        </Form.Item>
        <Form.Item name="projectId" label={t('quality.teams.project')} extra={t('quality.teams.projectHint')}>
          <ProjectSelect allowClear projects={projects.data?.items} placeholder={t('quality.teams.allProjects')} data-testid="qa-team-project" />
        </Form.Item>
        <Form.Item name="leadId" label={t('quality.teams.lead')} extra={t('quality.teams.leadHint')}>
          <Select allowClear showSearch optionFilterProp="search" loading={users.loading} placeholder={t('quality.teams.pickLead')} options={leadOptions} data-testid="qa-team-lead" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('quality.teams.members')} extra={t('quality.teams.membersHint')} rules={[{ type: 'array', max: 500, message: t('quality.teams.tooMany', { max: 500 }) }]}>
          <Select mode="multiple" allowClear showSearch optionFilterProp="search" loading={users.loading} placeholder={t('quality.teams.pickMembers')} options={memberOptions} data-testid="qa-team-members-select" />
        </Form.Item>
        {users.error && <LoadError error={users.error} onRetry={users.reload} />}
      </Form>
    </Drawer>
  );
}
