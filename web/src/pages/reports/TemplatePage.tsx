import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Select, Space, Switch, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { formatDateTime } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { REPORT_TYPES, reportsApi, type PreviewSection, type ReportType, type TemplateSection } from './api';
import { PeriodPicker, previousMonth, projectIdOf, ScopeSelect, useDefaultScope, useKpiName } from './shared';

/** KPIs a section may show in a table (the server checks the same list). */
const KPI_CHOICES = ['answer_rate', 'service_level', 'first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'on_time_rate', 'on_time_rate.dispatch', 'overdue_orders', 'chase_rate', 'collection_rate', 'household_collection_rate', 'arrears', 'inspection_on_time_rate', 'hazard_closure_rate', 'qa_pass_rate'];

/** "{{name}}" written in code: the catalogues' own {{…}} is i18next interpolation. */
const ph = (name: string) => `{{${name}}}`;

/**
 * 报告模板 — a manager edits a report's layout: per section the heading, an intro with
 * placeholders for figures, the KPIs shown and whether charts and tables appear, plus custom text
 * sections; previews it on live data; saves it as a new version (reports already generated keep
 * the version they were made from).
 */
export default function TemplatePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const kpiName = useKpiName();
  const { message } = App.useApp();
  const [type, setType] = useState<ReportType>('monthly');
  const [version, setVersion] = useState<number | undefined>();
  const tpl = useRequest(() => reportsApi.template(type, version), [type, version]);
  const versions = useRequest(() => reportsApi.templateVersions(type), [type]);
  const [sections, setSections] = useState<TemplateSection[]>([]);
  const [saving, setSaving] = useState(false);
  const defaultScope = useDefaultScope(user);
  const [scopeChoice, setScope] = useState<string | undefined>();
  const scope = scopeChoice ?? defaultScope;
  const [period, setPeriod] = useState(previousMonth());
  const [preview, setPreview] = useState<{ title: string; subtitle: string; sections: PreviewSection[] } | null>(null);
  const [previewing, setPreviewing] = useState(false);

  useEffect(() => {
    if (tpl.data) setSections(tpl.data.sections);
    setPreview(null);
  }, [tpl.data]);

  const sectionName = (id: string) => (id.startsWith('custom-') ? t('reports.template.custom') : t(`reports.section.${id}` as 'reports.section.kpis', { defaultValue: id }));
  const update = (i: number, patch: Partial<TemplateSection>) => setSections((xs) => xs.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: -1 | 1) =>
    setSections((xs) => {
      const ys = [...xs];
      [ys[i], ys[i + d]] = [ys[i + d], ys[i]];
      return ys;
    });
  const missing = (tpl.data?.builtIn ?? []).filter((id) => !sections.some((s) => s.id === id));
  const addCustom = () => {
    let n = 1;
    while (sections.some((s) => s.id === `custom-${n}`)) n++;
    setSections((xs) => [...xs, { id: `custom-${n}`, title: '', text: '' }]);
  };
  // Empty strings mean "as generated": they are left out rather than saved as blank headings.
  const clean = (xs: TemplateSection[]) =>
    xs.map((s) => Object.fromEntries(Object.entries(s).filter(([k, v]) => v !== '' && v !== undefined && !(k === 'kpis' && Array.isArray(v) && v.length === 0))) as unknown as TemplateSection);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));

  const runPreview = async () => {
    setPreviewing(true);
    try {
      setPreview((await reportsApi.previewTemplate(type, { sections: clean(sections), period: type === 'annual' ? period.slice(0, 4) : period, projectId: projectIdOf(scope) ?? null })).model);
    } catch (e) {
      fail(e);
    } finally {
      setPreviewing(false);
    }
  };
  const save = async () => {
    setSaving(true);
    try {
      const r = await reportsApi.saveTemplate(type, clean(sections));
      message.success(t('reports.template.saved', { version: r.version }));
      versions.reload();
      setVersion(undefined);
      tpl.reload();
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('reports.nav.templates')}
        sub={t('reports.template.sub')}
        extra={
          <>
            <Segmented<ReportType>
              value={type}
              onChange={(v) => {
                setType(v);
                setVersion(undefined);
              }}
              options={REPORT_TYPES.map((x) => ({ value: x, label: t(`reports.type.${x}`) }))}
              aria-label={t('reports.field.type')}
            />
            <Select
              style={{ minWidth: 200 }}
              value={version ?? 0}
              onChange={(v: number) => setVersion(v || undefined)}
              aria-label={t('reports.template.versions')}
              data-testid="template-version"
              options={[
                { value: 0, label: t('reports.template.current', { version: versions.data?.items[0]?.version ?? 0 }) },
                ...(versions.data?.items ?? []).map((v) => ({ value: v.version, label: t('reports.template.versionOf', { version: v.version, at: formatDateTime(v.createdAt, locale), by: v.createdBy ?? '—' }) })),
              ]}
            />
          </>
        }
      />
      {tpl.error && <LoadError error={tpl.error} onRetry={tpl.reload} />}
      <Row gutter={16}>
        <Col xs={24} xl={13}>
          <Card
            size="small"
            title={t('reports.template.sections')}
            loading={tpl.loading && !tpl.data}
            extra={
              <Button type="primary" loading={saving} onClick={() => void save()} data-testid="template-save">
                {t('reports.template.save')}
              </Button>
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('reports.template.placeholdersHint')}{' '}
              {['contacts', 'calls', 'orders', 'repairs', 'complaints', 'collection_rate', 'target.collection_rate', 'arrears'].map((n) => (
                <Typography.Text key={n} code style={{ marginRight: 4 }}>
                  {ph(n)}
                </Typography.Text>
              ))}
            </Typography.Paragraph>
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              {sections.map((s, i) => {
                const custom = s.id.startsWith('custom-');
                return (
                  <Card key={s.id} size="small" type="inner" data-testid="template-section" data-id={s.id} title={sectionName(s.id)} extra={
                    <Space size={4}>
                      <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('reports.template.up')} />
                      <Button size="small" icon={<ArrowDownOutlined />} disabled={i === sections.length - 1} onClick={() => move(i, 1)} aria-label={t('reports.template.down')} />
                      <Button size="small" danger icon={<DeleteOutlined />} disabled={sections.length === 1} onClick={() => setSections((xs) => xs.filter((_, j) => j !== i))} aria-label={t('reports.template.remove')} />
                    </Space>
                  }>
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Input value={s.title ?? ''} maxLength={60} placeholder={custom ? t('reports.template.customTitle') : t('reports.template.headingAsBuilt')} onChange={(e) => update(i, { title: e.target.value })} aria-label={t('reports.template.heading')} data-testid="template-heading" />
                      <Input.TextArea
                        value={(custom ? s.text : s.intro) ?? ''}
                        rows={2}
                        maxLength={custom ? 4000 : 2000}
                        placeholder={custom ? t('reports.template.textPlaceholder') : t('reports.template.introPlaceholder')}
                        onChange={(e) => update(i, custom ? { text: e.target.value } : { intro: e.target.value })}
                        aria-label={custom ? t('reports.template.text') : t('reports.template.intro')}
                        data-testid="template-intro"
                      />
                      <Select
                        mode="multiple"
                        allowClear
                        style={{ width: '100%' }}
                        value={s.kpis ?? []}
                        onChange={(v: string[]) => update(i, { kpis: v })}
                        placeholder={s.id === 'kpis' ? t('reports.template.kpisAll') : t('reports.template.kpisNone')}
                        options={KPI_CHOICES.map((c) => ({ value: c, label: kpiName(c) }))}
                        aria-label={t('reports.template.kpis')}
                        data-testid="template-kpis"
                      />
                      {!custom && (
                        <Flex gap={16}>
                          <label>
                            <Switch size="small" checked={s.charts !== false} onChange={(v) => update(i, { charts: v ? undefined : false })} /> {t('reports.template.charts')}
                          </label>
                          <label>
                            <Switch size="small" checked={s.tables !== false} onChange={(v) => update(i, { tables: v ? undefined : false })} /> {t('reports.template.tables')}
                          </label>
                        </Flex>
                      )}
                    </Space>
                  </Card>
                );
              })}
              <Flex gap={8} wrap>
                <Button icon={<PlusOutlined />} onClick={addCustom} data-testid="template-add-custom">
                  {t('reports.template.addCustom')}
                </Button>
                {missing.length > 0 && (
                  <Select
                    style={{ minWidth: 200 }}
                    value={null}
                    placeholder={t('reports.template.addBuiltIn')}
                    onChange={(id: string) => setSections((xs) => [...xs, { id }])}
                    options={missing.map((id) => ({ value: id, label: sectionName(id) }))}
                    aria-label={t('reports.template.addBuiltIn')}
                  />
                )}
              </Flex>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card
            size="small"
            title={t('reports.template.preview')}
            extra={
              <Flex gap={8} wrap>
                <ScopeSelect user={user} value={scope} onChange={setScope} testId="template-scope" />
                <PeriodPicker kind={type === 'annual' ? 'year' : 'month'} value={type === 'annual' ? period.slice(0, 4) : period} onChange={(p) => p && setPeriod(p.length === 4 ? `${p}-12` : p)} testId="template-period" />
                <Button onClick={() => void runPreview()} loading={previewing} disabled={scope === undefined} data-testid="template-preview">
                  {t('reports.template.runPreview')}
                </Button>
              </Flex>
            }
          >
            {!preview ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.template.previewHint')} />
            ) : (
              <div data-testid="template-preview-body">
                <Typography.Title level={4} style={{ marginTop: 0 }}>
                  {preview.title}
                </Typography.Title>
                <Typography.Text type="secondary">{preview.subtitle}</Typography.Text>
                {preview.sections.map((s) => (
                  <section key={s.id} data-id={s.id} style={{ marginTop: 16 }}>
                    <Typography.Title level={5}>{s.title}</Typography.Title>
                    {s.narrative && <Typography.Paragraph>{s.narrative}</Typography.Paragraph>}
                    {s.tables.map((tb, k) => (
                      <Table
                        key={k}
                        size="small"
                        pagination={false}
                        scroll={{ x: 'max-content' }}
                        rowKey={(_, idx) => String(idx)}
                        dataSource={tb.rows.map((r) => Object.fromEntries(r.map((c, j) => [String(j), c])))}
                        columns={tb.columns.map((c, j) => ({ title: c, dataIndex: String(j), key: String(j) }))}
                        style={{ marginBottom: 8 }}
                      />
                    ))}
                    {s.charts.length > 0 && <Typography.Text type="secondary">{t('reports.template.chartsCount', { n: s.charts.length })}</Typography.Text>}
                  </section>
                ))}
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
