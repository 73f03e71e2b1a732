import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Form, Input, List, Radio, Row, Select, Space, Tabs, Tag, Typography, type InputRef } from 'antd';
import { CheckOutlined, FileAddOutlined, PhoneOutlined, SaveOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, fieldErrorsFrom, type Party, type PartyUnit } from '../../api';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime, formatMoney } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { FormErrors } from '../../components/FormBits';
import { ProjectSelect } from '../registry/common';
import { orderKindFor } from '../../../../src/modules/contacts/rules';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, deskApi, PRIORITIES, type CallerScreen, type ContactCategory, type ContactChannel, type ContactInput, type Priority } from '../orders/api';
import { OrderCard } from '../orders/OrderBits';
import { UnitSearchSelect } from '../orders/UnitSearchSelect';
import { currentUnits, guessCategory, guessTrade, phoneDigits, preselect } from './intake';
import { DeskKnowledgePanel } from '../knowledge/DeskKnowledgePanel';
import { knowledgeApi } from '../knowledge/api';

interface Values {
  channel: ContactChannel;
  projectId?: string;
  /** A unit of the caller's (radio) or "other" to search any unit. */
  callerUnit?: string;
  unitId?: string;
  callerName?: string;
  callerPhone?: string;
  category?: ContactCategory;
  summary?: string;
  trade?: string;
  priority: Priority;
  location?: string;
}

type Mode = 'order' | 'spot' | 'log';
const OTHER_UNIT = '__other__';
const FIELDS = ['projectId', 'unitId', 'callerName', 'callerPhone', 'category', 'summary', 'channel'];

/**
 * 受理台 — the agent's desk. Three actions log a contact: look the caller up by number (their
 * unit is chosen when they have one), type what they said (the category and trade are guessed
 * from it), then "to order", "handled on the spot" or "log only".
 */
export default function DeskPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const phoneRef = useRef<InputRef>(null);
  const summaryRef = useRef<HTMLTextAreaElement | null>(null);
  const [phone, setPhone] = useState('');
  const [caller, setCaller] = useState<CallerScreen | null>(null);
  const [looking, setLooking] = useState(false);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [partyId, setPartyId] = useState<string | null>(null);
  const [busy, setBusy] = useState<Mode | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<{ mode: Mode; orderId?: string | null; number?: string | null } | null>(null);
  const touched = useRef({ category: false, trade: false });
  const [sideTick, setSideTick] = useState(0);
  /** Articles whose phrase went into this contact (recorded on it when it is saved). */
  const usedArticles = useRef(new Set<string>());

  const projects = useRequest(() => api.projects(), []);
  const category = Form.useWatch('category', form);
  const callerUnit = Form.useWatch('callerUnit', form);
  const projectId = Form.useWatch('projectId', form);
  const summary = Form.useWatch('summary', form);
  const kind = category ? orderKindFor(category).kind : 'enquiry';
  // All kinds at once: the trade guess needs the repair categories the moment the summary makes
  // it a repair (a pasted summary changes the kind and asks for the trade in the same event).
  const categories = useRequest(() => deskApi.categories(), []);
  const trades = useMemo(() => (categories.data?.items ?? []).filter((c) => c.kind === kind).map((c) => c.name), [categories.data, kind]);
  const units = useMemo(() => currentUnits(caller?.parties ?? []), [caller]);
  const arrears = caller?.arrears?.find((a) => a.unitId === callerUnit && a.overdueFen > 0);

  useEffect(() => {
    phoneRef.current?.focus();
  }, []);

  // One project only (a site's own desk): no need to ask.
  useEffect(() => {
    const items = projects.data?.items;
    if (items?.length === 1 && !form.getFieldValue('projectId')) form.setFieldValue('projectId', items[0].id);
  }, [projects.data, form]);

  const lookup = async (value: string) => {
    const typed = value.trim();
    setResult(null);
    if (phoneDigits(typed).length < 3) {
      setLookupError(t('desk.phoneTooShort'));
      return;
    }
    setLooking(true);
    setLookupError(null);
    try {
      const screen = await deskApi.caller(typed);
      setCaller(screen);
      const pick = preselect(screen.parties);
      setPartyId(pick.partyId);
      const party = screen.parties.find((p) => p.id === pick.partyId) ?? null;
      form.setFieldsValue({
        callerPhone: typed,
        callerName: party?.name ?? (screen.parties.length ? undefined : form.getFieldValue('callerName')),
        callerUnit: pick.unit ? pick.unit.unitId : currentUnits(screen.parties).length ? undefined : OTHER_UNIT,
        ...(pick.unit ? { projectId: pick.unit.projectId, unitId: undefined } : {}),
      });
      // Next action: say what the caller wants.
      setTimeout(() => summaryRef.current?.focus(), 0);
    } catch (e) {
      setCaller(null);
      setLookupError(e instanceof Error ? e.message : String(e));
    } finally {
      setLooking(false);
    }
  };

  const choosePartyUnit = (u: PartyUnit, p: Party) => {
    setPartyId(p.id);
    form.setFieldsValue({ callerUnit: u.unitId, projectId: u.projectId, callerName: p.name, unitId: undefined });
  };

  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    if ('category' in changed) touched.current.category = true;
    if ('trade' in changed) touched.current.trade = true;
    if ('summary' in changed) {
      const text = changed.summary ?? '';
      const hasUnit = !!all.callerUnit && all.callerUnit !== OTHER_UNIT;
      const patch: Partial<Values> = {};
      if (!touched.current.category) {
        const g = guessCategory(text, hasUnit);
        if (g && g !== all.category) patch.category = g;
      }
      if (!touched.current.trade) {
        const k = orderKindFor(patch.category ?? all.category ?? 'enquiry').kind;
        if (k === 'repair') patch.trade = guessTrade(text, (categories.data?.items ?? []).filter((c) => c.kind === 'repair').map((c) => c.name)) ?? undefined;
      }
      if (Object.keys(patch).length) form.setFieldsValue(patch);
    }
  };

  const reset = () => {
    form.resetFields();
    form.setFieldsValue({ channel: form.getFieldValue('channel') ?? 'phone' });
    touched.current = { category: false, trade: false };
    usedArticles.current = new Set();
    setCaller(null);
    setPartyId(null);
    setPhone('');
    setErrors([]);
    setLookupError(null);
    if (projects.data?.items.length === 1) form.setFieldValue('projectId', projects.data.items[0].id);
    setTimeout(() => phoneRef.current?.focus(), 0);
  };

  const submit = async (mode: Mode) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const unitId = v.callerUnit && v.callerUnit !== OTHER_UNIT ? v.callerUnit : (v.unitId ?? null);
    const category = v.category!;
    const body: ContactInput = {
      projectId: v.projectId!,
      channel: v.channel,
      category,
      callerName: v.callerName?.trim() || null,
      callerPhone: v.callerPhone?.trim() || null,
      partyId: partyId ?? null,
      unitId,
      summary: v.summary!.trim(),
      handledOnSpot: mode === 'spot',
      ...(mode === 'order' && {
        order: {
          category: v.trade ?? null,
          priority: v.priority,
          location: v.location?.trim() || null,
        },
      }),
    };
    setBusy(mode);
    setErrors([]);
    try {
      const r = await deskApi.createContact(body);
      // "Answered with article X": recorded on the contact so the data shows which answers resolve calls.
      await Promise.all([...usedArticles.current].map((a) => knowledgeApi.recordUse(a, r.id).catch(() => undefined)));
      setResult({ mode, orderId: r.orderId, number: r.number });
      setSideTick((n) => n + 1);
      reset();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, FIELDS);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(null);
    }
  };

  const insertPhrase = (articleId: string, phrase: string) => {
    usedArticles.current.add(articleId);
    const before = (form.getFieldValue('summary') as string | undefined)?.trimEnd() ?? '';
    form.setFieldValue('summary', `${before}${before ? '\n' : ''}${t('knowledge.desk.replyPrefix')}${phrase}`);
  };

  const projectOf = (id: string) => projects.data?.items.find((p) => p.id === id)?.name ?? '';

  return (
    <>
      <PageHeader title={t('nav.desk')} sub={t('desk.sub')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('desk.caller')}>
            <label htmlFor="desk-phone" style={{ display: 'block', marginBottom: 4 }}>
              {t('desk.phone')}
            </label>
            <Input.Search
              id="desk-phone"
              ref={phoneRef}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onSearch={(v) => void lookup(v)}
              enterButton={t('desk.lookup')}
              loading={looking}
              inputMode="tel"
              autoComplete="off"
              placeholder={t('desk.phonePlaceholder')}
              prefix={<PhoneOutlined />}
              data-testid="desk-phone"
            />
            {lookupError && <Alert type="error" showIcon message={lookupError} style={{ marginTop: 8 }} role="alert" />}
            {caller && (
              <div data-testid="caller-result" style={{ marginTop: 12 }}>
                {caller.parties.length === 0 ? (
                  <Alert type="info" showIcon message={t('desk.unknownCaller')} description={t('desk.unknownCallerHint')} data-testid="caller-unknown" />
                ) : (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {caller.parties.map((p) => (
                      <Card
                        key={p.id}
                        size="small"
                        type="inner"
                        data-testid="caller-party"
                        title={
                          <Space>
                            <UserOutlined />
                            <span>{p.name}</span>
                            {partyId === p.id && <Tag color="blue">{t('desk.thisCaller')}</Tag>}
                          </Space>
                        }
                      >
                        <div style={{ fontSize: 12 }}>
                          {p.phones.map((ph) => ph.display).join(' / ')}
                          {p.idNumberMasked && <span style={{ marginInlineStart: 8, opacity: 0.7 }}>{p.idNumberMasked}</span>}
                        </div>
                        {p.units
                          .filter((u) => !u.moveOutDate)
                          .map((u) => (
                            <Button key={u.relationId} type="link" size="small" style={{ paddingInline: 0, display: 'block' }} onClick={() => choosePartyUnit(u, p)}>
                              {t('desk.unitLine', { project: u.projectName, building: u.buildingName, number: u.unitNumber, role: t(`partyRole.${u.role}`) })}
                            </Button>
                          ))}
                      </Card>
                    ))}
                  </Space>
                )}
                {arrears && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginTop: 8 }}
                    data-testid="caller-arrears"
                    message={t('desk.arrears', { amount: formatMoney(arrears.overdueFen, locale), months: arrears.monthsInArrears })}
                  />
                )}
                <Typography.Title level={2} style={{ fontSize: 14, margin: '12px 0 4px' }}>
                  {t('desk.openOrders', { count: caller.openOrders.length })}
                </Typography.Title>
                {caller.openOrders.length === 0 ? (
                  <Typography.Text type="secondary">{t('desk.noOpenOrders')}</Typography.Text>
                ) : (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {caller.openOrders.slice(0, 5).map((o) => (
                      <OrderCard key={o.id} order={o} onOpen={() => navigate(`/orders/${o.id}`)} />
                    ))}
                  </Space>
                )}
                <Typography.Title level={2} style={{ fontSize: 14, margin: '12px 0 4px' }}>
                  {t('desk.recentContacts')}
                </Typography.Title>
                {caller.recentContacts.length === 0 ? (
                  <Typography.Text type="secondary">{t('desk.noRecent')}</Typography.Text>
                ) : (
                  <List
                    size="small"
                    dataSource={caller.recentContacts.slice(0, 5)}
                    renderItem={(c) => (
                      <List.Item style={{ paddingInline: 0 }}>
                        <div style={{ minWidth: 0 }}>
                          <div style={{ overflowWrap: 'anywhere' }}>
                            <Tag>{t(`desk.category.${c.category}`)}</Tag>
                            {c.summary}
                          </div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatDateTime(c.occurredAt, locale)} · {t(`desk.channel.${c.channel}`)} · {c.ownerName}
                            {c.orderId && (
                              <>
                                {' · '}
                                <Link to={`/orders/${c.orderId}`}>{c.orderNumber}</Link>
                              </>
                            )}
                          </Typography.Text>
                        </div>
                      </List.Item>
                    )}
                  />
                )}
              </div>
            )}
          </Card>
          <DeskKnowledgePanel summary={summary} category={category} projectId={projectId} onInsert={insertPhrase} />
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('desk.contact')}>
            {result && (
              <Alert
                type="success"
                showIcon
                closable
                onClose={() => setResult(null)}
                style={{ marginBottom: 12 }}
                data-testid="desk-result"
                message={
                  result.number ? (
                    <span>
                      {t('desk.orderCreated', { number: result.number })} <Link to={`/orders/${result.orderId}`}>{t('desk.openOrder')}</Link>
                    </span>
                  ) : result.mode === 'spot' ? (
                    t('desk.loggedSpot')
                  ) : (
                    t('desk.logged')
                  )
                }
              />
            )}
            <Form<Values>
              form={form}
              layout="vertical"
              name="desk"
              initialValues={{ channel: 'phone', priority: 'normal' }}
              onValuesChange={onValuesChange}
              data-testid="desk-form"
              requiredMark="optional"
            >
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="channel" label={t('desk.channelLabel')} rules={[{ required: true, message: t('form.required') }]}>
                    <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`desk.channel.${c}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="callerName" label={t('desk.callerName')}>
                    <Input autoComplete="off" maxLength={80} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="callerPhone" label={t('desk.callerPhone')}>
                    <Input autoComplete="off" inputMode="tel" maxLength={40} />
                  </Form.Item>
                </Col>
              </Row>
              {units.length > 0 && (
                <Form.Item name="callerUnit" label={t('desk.unit')}>
                  <Radio.Group
                    data-testid="caller-units"
                    onChange={(e) => {
                      const u = units.find((x) => x.unitId === e.target.value);
                      if (u) {
                        const p = caller?.parties.find((x) => x.units.some((y) => y.unitId === u.unitId));
                        if (p) choosePartyUnit(u, p);
                      }
                    }}
                    options={[
                      ...units.map((u) => ({ value: u.unitId, label: `${projectOf(u.projectId) || u.projectName} ${u.buildingName} ${u.unitNumber}` })),
                      { value: OTHER_UNIT, label: t('desk.otherUnit') },
                    ]}
                  />
                </Form.Item>
              )}
              {(units.length === 0 || callerUnit === OTHER_UNIT) && (
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name="projectId" label={t('desk.project')} rules={[{ required: true, message: t('form.required') }]}>
                      <ProjectSelect projects={projects.data?.items} onChange={() => form.setFieldValue('unitId', undefined)} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="unitId" label={t('desk.unit')}>
                      <UnitSearchSelect projectId={projectId} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
              {units.length > 0 && callerUnit !== OTHER_UNIT && (
                <Form.Item name="projectId" hidden rules={[{ required: true, message: t('desk.pickUnit') }]}>
                  <Input />
                </Form.Item>
              )}
              <Form.Item name="summary" label={t('desk.summary')} rules={[{ required: true, whitespace: true, message: t('form.required') }]} extra={t('desk.summaryHint')}>
                <Input.TextArea
                  ref={(r) => {
                    summaryRef.current = r?.resizableTextArea?.textArea ?? null;
                  }}
                  rows={3}
                  maxLength={2000}
                  data-testid="desk-summary"
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault();
                      void submit('order');
                    }
                  }}
                />
              </Form.Item>
              <Form.Item name="category" label={t('desk.categoryLabel')} rules={[{ required: true, message: t('form.required') }]}>
                <Radio.Group optionType="button" options={CONTACT_CATEGORIES.map((c) => ({ value: c, label: t(`desk.category.${c}`) }))} data-testid="desk-category" />
              </Form.Item>
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontSize: 13, opacity: 0.75, marginBottom: 4, border: 0 }}>{t('desk.orderPart')}</legend>
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item name="trade" label={t(kind === 'repair' ? 'desk.trade' : 'desk.orderCategory')}>
                      <Select allowClear options={trades.map((n) => ({ value: n, label: n }))} data-testid="desk-trade" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="priority" label={t('desk.priority')}>
                      <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`orders.priority.${p}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="location" label={t('desk.location')}>
                      <Input maxLength={200} autoComplete="off" placeholder={t('desk.locationPlaceholder')} />
                    </Form.Item>
                  </Col>
                </Row>
              </fieldset>
              <FormErrors messages={errors} />
              <Flex wrap gap={8} style={{ marginTop: 8 }}>
                <Button type="primary" icon={<FileAddOutlined />} loading={busy === 'order'} disabled={!!busy && busy !== 'order'} onClick={() => void submit('order')} data-testid="desk-to-order">
                  {t('desk.toOrder')}
                </Button>
                <Button icon={<CheckOutlined />} loading={busy === 'spot'} disabled={!!busy && busy !== 'spot'} onClick={() => void submit('spot')} data-testid="desk-spot">
                  {t('desk.handledOnSpot')}
                </Button>
                <Button icon={<SaveOutlined />} loading={busy === 'log'} disabled={!!busy && busy !== 'log'} onClick={() => void submit('log')} data-testid="desk-log">
                  {t('desk.logOnly')}
                </Button>
                <Button type="text" onClick={reset}>
                  {t('desk.clear')}
                </Button>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
                {t('desk.shortcut')}
              </Typography.Text>
            </Form>
          </Card>
          <MyWork tick={sideTick} userId={user.id} />
        </Col>
      </Row>
    </>
  );
}

/** The agent's own follow-ups: results to tell callers (首问负责制) and contacts logged today. */
function MyWork({ tick, userId }: { tick: number; userId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const inform = useRequest(() => deskApi.orders({ queue: 'my_first_contact', pageSize: 10, sort: 'created_asc' }), [tick, userId]);
  const mine = useRequest(() => deskApi.contacts({ mine: '1', pageSize: 10 }), [tick, userId]);
  return (
    <Card size="small" style={{ marginTop: 16 }}>
      <Tabs
        size="small"
        items={[
          {
            key: 'inform',
            label: t('desk.toInform', { count: inform.data?.total ?? 0 }),
            children: inform.data?.items.length ? (
              <Space direction="vertical" style={{ width: '100%' }} data-testid="desk-to-inform">
                {inform.data.items.map((o) => (
                  <OrderCard key={o.id} order={o} onOpen={() => navigate(`/orders/${o.id}`)} />
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.nothingToInform')} />
            ),
          },
          {
            key: 'mine',
            label: t('desk.myContacts'),
            children: (
              <List
                size="small"
                loading={mine.loading}
                dataSource={mine.data?.items ?? []}
                locale={{ emptyText: t('desk.noRecent') }}
                data-testid="desk-my-contacts"
                renderItem={(c) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <div style={{ minWidth: 0 }}>
                      <div style={{ overflowWrap: 'anywhere' }}>
                        <Tag>{t(`desk.category.${c.category}`)}</Tag>
                        {c.summary}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(c.occurredAt, locale)} · {[c.callerName, c.unitNumber].filter(Boolean).join(' ')}
                        {c.handledOnSpot && ` · ${t('desk.spotDone')}`}
                        {c.orderId && (
                          <>
                            {' · '}
                            <Link to={`/orders/${c.orderId}`}>{c.orderNumber}</Link>
                          </>
                        )}
                      </Typography.Text>
                    </div>
                  </List.Item>
                )}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
