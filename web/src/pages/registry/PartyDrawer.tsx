import { useState } from 'react';
import { Button, Descriptions, Drawer, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type PartyUnit } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDate } from '../../format';
import { LoadError } from '../../components/LoadError';
import { FullPageSpin } from '../../components/FullPageSpin';
import { PartyFormModal } from './PartyFormModal';

/** One party: masked ID number (the full number never reaches the browser), phones, units held. */
export function PartyDrawer({ partyId, onClose, onChanged }: { partyId: string | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const locale = useLocale();
  const screens = Grid.useBreakpoint();
  const res = useRequest(() => api.party(partyId!), [partyId], !!partyId);
  const [editing, setEditing] = useState(false);
  const p = res.data && res.data.id === partyId ? res.data : undefined;
  const canWrite = hasPermission(user, 'registry.write');

  return (
    <Drawer
      open={!!partyId}
      onClose={onClose}
      width={screens.md ? 600 : '100%'}
      title={p ? p.name : t('nav.parties')}
      extra={
        p &&
        canWrite && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="party-drawer"
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!p && !res.error && <FullPageSpin />}
      {p && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('party.name')}>{p.name}</Descriptions.Item>
            <Descriptions.Item label={t('party.kind')}>{t(`partyKind.${p.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('party.idNumber')}>
              <span data-testid="party-id-masked">{p.idNumberMasked ?? t('common.none')}</span>
            </Descriptions.Item>
            {p.note && <Descriptions.Item label={t('party.note')}>{p.note}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
            {t('party.phones')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={p.phones}
            locale={{ emptyText: t('party.noPhones') }}
            data-testid="party-phones"
            renderItem={(ph) => (
              <List.Item>
                <Space>
                  <PhoneOutlined aria-hidden />
                  <a href={`tel:${ph.digits}`}>{ph.display}</a>
                  <Tag>{t(ph.kind === 'mobile' ? 'phoneKind.mobile' : 'phoneKind.landline')}</Tag>
                </Space>
              </List.Item>
            )}
          />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
            {t('party.units')}
          </Typography.Title>
          <Table<PartyUnit>
            size="small"
            rowKey="relationId"
            pagination={false}
            dataSource={p.units}
            locale={{ emptyText: t('party.noUnits') }}
            scroll={{ x: 480 }}
            data-testid="party-units"
            columns={[
              { title: t('unit.project'), dataIndex: 'projectName' },
              {
                title: t('unit.number'),
                dataIndex: 'unitNumber',
                render: (n: string, u) => <Link to={`/registry/units?projectId=${u.projectId}&q=${encodeURIComponent(n)}`}>{`${u.buildingName} · ${n}`}</Link>,
              },
              { title: t('party.role'), dataIndex: 'role', render: (r: PartyUnit['role']) => <Tag>{t(`partyRole.${r}`)}</Tag> },
              { title: t('party.moveIn'), dataIndex: 'moveInDate', render: (d: string | null) => formatDate(d, locale) || t('common.none') },
              {
                title: t('party.moveOut'),
                dataIndex: 'moveOutDate',
                render: (d: string | null) => (d ? formatDate(d, locale) : <Typography.Text type="secondary">{t('party.current')}</Typography.Text>),
              },
            ]}
          />
          <PartyFormModal
            open={editing}
            party={p}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              res.reload();
              onChanged?.();
            }}
          />
        </>
      )}
    </Drawer>
  );
}
