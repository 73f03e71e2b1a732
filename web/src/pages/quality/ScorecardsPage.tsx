import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Drawer, Flex, Form, Grid, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { SCALES, qualityApi, type Scorecard, type ScorecardDef } from './api';
import { allItems } from './qualityModel';
import { ScoreSheet } from './ScoreSheet';

interface EditorValues {
  key: string;
  name: string;
  description?: string;
  passThreshold: number;
  criticalCap: number;
  sections: { key: string; label: string; items: { key: string; label: string; weight: number; scale: ScorecardDef['sections'][number]['items'][number]['scale']; maxPoints?: number; naAllowed?: boolean; critical?: boolean; fatal?: boolean; rootCauses?: string[]; guidance?: string }[] }[];
}

const KEY_RULE = { pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/ };

/** 评分表 — the scorecards and their versions; saving an edit creates the next version. */
export default function ScorecardsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const [all, setAll] = useState(false);
  const list = useRequest(() => qualityApi.scorecards(all), [all]);
  const [editing, setEditing] = useState<Scorecard | 'new' | null>(null);
  const [viewing, setViewing] = useState<Scorecard | null>(null);
  const canWrite = hasPermission(user, 'quality.write');

  return (
    <>
      <PageHeader
        title={t('quality.nav.scorecards')}
        sub={t('quality.scorecards.sub')}
        extra={
          <>
            <Space>
              <Switch checked={all} onChange={setAll} size="small" />
              {t('quality.scorecards.allVersions')}
            </Space>
            {canWrite && (
              <Button type="primary" onClick={() => setEditing('new')}>
                {t('quality.scorecards.new')}
              </Button>
            )}
          </>
        }
      />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card>
        <Table<Scorecard>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="qa-scorecards"
          columns={[
            { title: t('quality.scorecards.name'), key: 'n', render: (_, c) => <a onClick={() => setViewing(c)}>{c.name}</a> },
            { title: t('quality.field.state'), key: 'v', render: (_, c) => <Space size={4}>{t('quality.scorecards.version', { version: c.version })}{c.current && <Tag color="green">{t('quality.scorecards.current')}</Tag>}</Space> },
            { title: t('quality.scorecards.passThreshold'), key: 'p', align: 'right', render: (_, c) => c.definition.passThreshold },
            { title: t('quality.scorecards.sections'), key: 's', render: (_, c) => t('quality.scorecards.items', { count: allItems(c.definition).length }) },
            { title: t('quality.field.occurredAt'), key: 'at', render: (_, c) => formatDateTime(c.createdAt, locale), responsive: ['lg'] },
            ...(canWrite ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, c: Scorecard) => c.current && <a onClick={() => setEditing(c)}>{t('quality.scorecards.edit')}</a> }] : []),
          ]}
        />
      </Card>
      <Drawer open={!!viewing} onClose={() => setViewing(null)} width={720} title={viewing?.name}>
        {viewing && (
          <>
            {viewing.description && <Typography.Paragraph type="secondary">{viewing.description}</Typography.Paragraph>}
            <ScoreSheet def={viewing.definition} answers={{}} readOnly testId="qa-scorecard-view" />
          </>
        )}
      </Drawer>
      {editing && (
        <Editor
          card={editing === 'new' ? null : editing}
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

function Editor({ card, onClose, onSaved }: { card: Scorecard | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState(false);
  const initial: EditorValues = card
    ? { key: card.key, name: card.name, description: card.description ?? undefined, passThreshold: card.definition.passThreshold, criticalCap: card.definition.criticalCap, sections: card.definition.sections }
    : { key: '', name: '', passThreshold: 80, criticalCap: 60, sections: [{ key: 's1', label: '', items: [{ key: 'i1', label: '', weight: 10, scale: 'yes_no', naAllowed: false, critical: false, fatal: false }] }] };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const definition: ScorecardDef = {
        passThreshold: v.passThreshold,
        criticalCap: v.criticalCap,
        sections: v.sections.map((s) => ({
          key: s.key,
          label: s.label,
          items: s.items.map((i) => ({
            key: i.key,
            label: i.label,
            weight: i.weight,
            scale: i.scale,
            ...(i.scale === 'points' ? { maxPoints: i.maxPoints ?? 10 } : {}),
            naAllowed: !!i.naAllowed,
            critical: !!i.critical,
            fatal: !!i.fatal,
            ...(i.rootCauses?.length ? { rootCauses: i.rootCauses } : {}),
            ...(i.guidance?.trim() ? { guidance: i.guidance.trim() } : {}),
          })),
        })),
      };
      const saved = await qualityApi.saveScorecard({ key: v.key, name: v.name, description: v.description?.trim() || null, definition });
      message.success(t('quality.scorecards.saved', { version: saved.version }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        const { rest } = fieldErrorsFrom(err, ['key', 'name']);
        message.error(rest[0] ?? err.message);
      } else if (!(err && typeof err === 'object' && 'errorFields' in err)) message.error(String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={screens.lg ? 920 : '100%'}
      title={card ? `${t('quality.scorecards.edit')} · ${card.name}` : t('quality.scorecards.new')}
      extra={
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="qa-scorecard-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark={false} data-testid="qa-scorecard-editor">
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="key" label={t('quality.scorecards.key')} extra={t('quality.scorecards.keyHint')} rules={[{ required: true }, KEY_RULE]}>
              <Input disabled={!!card} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('quality.scorecards.name')} rules={[{ required: true, max: 80 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('quality.scorecards.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="passThreshold" label={t('quality.scorecards.passThreshold')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="criticalCap" label={t('quality.scorecards.criticalCap')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Flex>
        <Form.List name="sections">
          {(sections, { add: addSection, remove: removeSection }) => (
            <>
              {sections.map((s) => (
                <Card
                  key={s.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={
                    <Flex gap={8}>
                      <Form.Item name={[s.name, 'key']} rules={[{ required: true }, KEY_RULE]} noStyle>
                        <Input placeholder={t('quality.scorecards.itemKey')} style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[s.name, 'label']} rules={[{ required: true, max: 80 }]} noStyle>
                        <Input placeholder={t('quality.scorecards.sectionLabel')} />
                      </Form.Item>
                    </Flex>
                  }
                  extra={sections.length > 1 && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('quality.scorecards.sections')} onClick={() => removeSection(s.name)} />}
                >
                  <Form.List name={[s.name, 'items']}>
                    {(items, { add, remove }) => (
                      <>
                        {items.map((it) => (
                          <div key={it.key} style={{ borderBottom: '1px dashed #eee', paddingBottom: 8, marginBottom: 8 }}>
                            <Flex wrap gap={6} align="start">
                              <Form.Item name={[it.name, 'key']} rules={[{ required: true }, KEY_RULE]} style={{ marginBottom: 4 }}>
                                <Input placeholder={t('quality.scorecards.itemKey')} style={{ width: 110 }} aria-label={t('quality.scorecards.itemKey')} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'label']} rules={[{ required: true, max: 80 }]} style={{ flex: 1, minWidth: 200, marginBottom: 4 }}>
                                <Input placeholder={t('quality.scorecards.label')} aria-label={t('quality.scorecards.label')} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'weight']} rules={[{ required: true }]} style={{ marginBottom: 4 }}>
                                <InputNumber min={0.1} max={1000} placeholder={t('quality.scorecards.weight')} aria-label={t('quality.scorecards.weight')} style={{ width: 90 }} />
                              </Form.Item>
                              <Form.Item name={[it.name, 'scale']} rules={[{ required: true }]} style={{ marginBottom: 4 }}>
                                <Select style={{ width: 110 }} aria-label={t('quality.scorecards.scale')} options={SCALES.map((x) => ({ value: x, label: t(`quality.scale.${x}`) }))} />
                              </Form.Item>
                              <Form.Item noStyle shouldUpdate>
                                {() =>
                                  form.getFieldValue(['sections', s.name, 'items', it.name, 'scale']) === 'points' && (
                                    <Form.Item name={[it.name, 'maxPoints']} style={{ marginBottom: 4 }} initialValue={10}>
                                      <InputNumber min={1} max={100} aria-label={t('quality.scorecards.maxPoints')} placeholder={t('quality.scorecards.maxPoints')} style={{ width: 90 }} />
                                    </Form.Item>
                                  )
                                }
                              </Form.Item>
                              <Button type="text" danger icon={<DeleteOutlined />} disabled={items.length <= 1} onClick={() => remove(it.name)} aria-label={t('quality.scorecards.label')} />
                            </Flex>
                            <Flex wrap gap={12} align="center">
                              <Form.Item name={[it.name, 'naAllowed']} valuePropName="checked" noStyle>
                                <Checkbox>{t('quality.scorecards.naAllowed')}</Checkbox>
                              </Form.Item>
                              <Form.Item name={[it.name, 'critical']} valuePropName="checked" noStyle>
                                <Checkbox>{t('quality.scorecards.critical')}</Checkbox>
                              </Form.Item>
                              <Form.Item name={[it.name, 'fatal']} valuePropName="checked" noStyle>
                                <Checkbox>{t('quality.scorecards.fatal')}</Checkbox>
                              </Form.Item>
                              <Form.Item name={[it.name, 'rootCauses']} noStyle>
                                <Select mode="tags" placeholder={t('quality.scorecards.rootCauses')} aria-label={t('quality.scorecards.rootCauses')} style={{ minWidth: 220, flex: 1 }} open={false} />
                              </Form.Item>
                            </Flex>
                            <Form.Item name={[it.name, 'guidance']} style={{ marginTop: 6, marginBottom: 0 }}>
                              <Input placeholder={t('quality.scorecards.guidance')} aria-label={t('quality.scorecards.guidance')} maxLength={1000} />
                            </Form.Item>
                          </div>
                        ))}
                        <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: `i${items.length + 1}`, label: '', weight: 10, scale: 'yes_no' })}>
                          {t('quality.scorecards.addItem')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => addSection({ key: `s${sections.length + 1}`, label: '', items: [{ key: `s${sections.length + 1}i1`, label: '', weight: 10, scale: 'yes_no' }] })}>
                {t('quality.scorecards.addSection')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
