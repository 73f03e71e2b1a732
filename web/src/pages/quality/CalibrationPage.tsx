import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Select, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime, formatNumber, formatPercent } from '../../format';
import { text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { qualityApi, type Answers, type CalibrationDetail, type CalibrationSummary } from './api';
import { allItems, cleanAnswers, problemsOf } from './qualityModel';
import { ScoreSheet } from './ScoreSheet';

const parseFilters = (p: URLSearchParams) => ({ id: text(p, 'id') });
const INSPECTOR_ROLES = ['qa', 'manager', 'admin', 'supervisor'];

/**
 * 校准会 — several inspectors score the same records blind; after the reveal, agreement per item and
 * overall (pairwise agreement, Fleiss' κ, Cohen's κ for two) and each inspector's deviation from
 * the consensus. Calibration scores never count toward agents.
 */
export default function CalibrationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { values: f, update } = useListParams(parseFilters);
  const list = useRequest(() => qualityApi.calibrations(), []);
  const [creating, setCreating] = useState(false);
  const canWrite = hasPermission(user, 'quality.write');

  return (
    <>
      <PageHeader
        title={t('quality.nav.calibration')}
        sub={t('quality.calibration.sub')}
        extra={
          canWrite && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('quality.calibration.new')}
            </Button>
          )
        }
      />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('quality.calibration.sessions')}>
            <Table<CalibrationSummary>
              rowKey="id"
              size="small"
              loading={list.loading}
              pagination={false}
              dataSource={list.data?.items ?? []}
              onRow={(c) => ({ onClick: () => update({ id: c.id }), style: { cursor: 'pointer', background: c.id === f.id ? '#f0f7ff' : undefined } })}
              data-testid="qa-calibrations"
              columns={[
                { title: t('quality.calibration.name'), key: 'n', render: (_, c) => c.name },
                { title: t('quality.field.state'), key: 's', render: (_, c) => <Tag color={c.state === 'revealed' ? 'green' : 'blue'}>{t(`quality.calibration.${c.state}`)}</Tag> },
                { title: t('quality.calibration.subjects'), key: 'c', align: 'right', render: (_, c) => c.subjects },
                { title: t('quality.field.occurredAt'), key: 'at', render: (_, c) => formatDateTime(c.createdAt, locale), responsive: ['xl'] },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {f.id ? (
            <Session key={f.id} id={f.id} onChanged={list.reload} />
          ) : (
            <Card>
              <Empty description={t('quality.calibration.pickSession')} />
            </Card>
          )}
        </Col>
      </Row>
      {creating && (
        <CreateSession
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            list.reload();
            update({ id });
          }}
        />
      )}
    </>
  );
}

function Session({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const detail = useRequest(() => qualityApi.calibration(id), [id]);
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!d) return <Skeleton active />;
  const member = d.inspectors.some((i) => i.id === user.id);

  const reveal = async () => {
    setBusy(true);
    try {
      await qualityApi.reveal(d.id);
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={d.name}
      data-testid="qa-calibration"
      extra={
        d.state === 'open' &&
        hasPermission(user, 'quality.write') && (
          <Popconfirm title={t('quality.calibration.revealConfirm')} onConfirm={() => void reveal()}>
            <Button loading={busy}>{t('quality.calibration.reveal')}</Button>
          </Popconfirm>
        )
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'card', label: t('quality.field.scorecard'), children: `${d.scorecard.name} · ${t('quality.scorecards.version', { version: d.scorecard.version })}` },
          { key: 'state', label: t('quality.field.state'), children: t(`quality.calibration.${d.state}`) },
          { key: 'ins', label: t('quality.calibration.inspectors'), children: d.inspectors.map((i) => `${i.name ?? ''}（${t('quality.calibration.scored', { n: i.scored, total: d.subjects.length })}）`).join('、') },
          ...(d.revealedAt ? [{ key: 'rev', label: t('quality.calibration.revealed'), children: formatDateTime(d.revealedAt, locale) }] : []),
        ]}
      />
      {d.state === 'open' ? (
        member ? (
          <BlindScoring d={d} onSaved={detail.reload} />
        ) : (
          <Typography.Paragraph type="secondary">{t('quality.calibration.notMember')}</Typography.Paragraph>
        )
      ) : (
        <AgreementView d={d} />
      )}
    </Card>
  );
}

/** Each member scores each record; only their own scores are shown until the reveal. */
function BlindScoring({ d, onSaved }: { d: CalibrationDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const def = d.scorecard.definition;
  const [index, setIndex] = useState(0);
  const mine = d.myScores.find((s) => s.subjectIndex === index);
  const [answers, setAnswers] = useState<Answers>(mine?.answers ?? {});
  const [focused, setFocused] = useState<string | null>(allItems(def)[0]?.key ?? null);
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setAnswers(d.myScores.find((s) => s.subjectIndex === index)?.answers ?? {});
    setShowProblems(false);
  }, [index, d.myScores]);
  const subject = d.subjects[index];

  const save = async () => {
    if (problemsOf(def, answers).length) {
      setShowProblems(true);
      message.warning(t('quality.sheet.fixFirst'));
      return;
    }
    setBusy(true);
    try {
      const r = await qualityApi.calibrationScore(d.id, index, cleanAnswers(answers));
      message.success(t('quality.calibration.savedScore', { score: r.score }));
      onSaved();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('quality.calibration.blind')}</Typography.Paragraph>
      <Tabs
        activeKey={String(index)}
        onChange={(k) => setIndex(Number(k))}
        items={d.subjects.map((s, i) => ({
          key: String(i),
          label: (
            <span>
              {t('quality.calibration.subjectN', { n: i + 1 })} {d.myScores.some((m) => m.subjectIndex === i) ? <Tag color="green">✓</Tag> : null}
            </span>
          ),
        }))}
      />
      {subject && (
        <Typography.Paragraph>
          <Tag>{t(`quality.kind.${subject.kind}`)}</Tag>
          {subject.summary}
        </Typography.Paragraph>
      )}
      {subject?.recordingUrl && <audio controls preload="metadata" src={subject.recordingUrl} style={{ width: '100%' }} />}
      <ScoreSheet def={def} answers={answers} onChange={setAnswers} focused={focused} onFocus={setFocused} onSubmit={() => void save()} showProblems={showProblems} testId="qa-calibration-sheet" />
      <Button type="primary" loading={busy} onClick={() => void save()} style={{ marginTop: 8 }}>
        {t('quality.calibration.saveScore')}
      </Button>
    </>
  );
}

function AgreementView({ d }: { d: CalibrationDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const a = d.agreement;
  if (!a) return null;
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, locale));
  const num = (v: number | null) => (v === null ? '—' : formatNumber(v, locale, 2));
  const names = new Map(d.inspectors.map((i) => [i.id, i.name ?? '']));
  return (
    <div data-testid="qa-agreement">
      <Typography.Title level={5}>{t('quality.calibration.agreement')}</Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        bordered
        items={[
          { key: 'r', label: t('quality.calibration.raters'), children: a.overall.raters },
          { key: 'p', label: t('quality.calibration.percentAgreement'), children: pct(a.overall.percentAgreement) },
          { key: 'u', label: t('quality.calibration.unanimous'), children: pct(a.overall.unanimous) },
          { key: 'f', label: t('quality.calibration.fleiss'), children: <span data-testid="qa-kappa">{num(a.overall.fleissKappa)}</span> },
          { key: 'c', label: t('quality.calibration.cohen'), children: num(a.overall.cohenKappa) },
          { key: 'pf', label: t('quality.calibration.passFail'), children: pct(a.overall.passFailAgreement) },
        ]}
      />
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={a.items}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('quality.calibration.item'), key: 'l', render: (_, i) => i.label },
          { title: t('quality.calibration.percentAgreement'), key: 'p', align: 'right', render: (_, i) => pct(i.percentAgreement) },
          { title: t('quality.calibration.unanimous'), key: 'u', align: 'right', render: (_, i) => pct(i.unanimous) },
          { title: t('quality.calibration.fleiss'), key: 'f', align: 'right', render: (_, i) => num(i.fleissKappa) },
        ]}
      />
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('quality.calibration.consensus')}</Typography.Title>
          <Table
            size="small"
            rowKey="index"
            pagination={false}
            dataSource={a.perSubject}
            columns={[
              { title: t('quality.calibration.subjects'), key: 'i', render: (_, s) => t('quality.calibration.subjectN', { n: s.index + 1 }) },
              { title: t('quality.calibration.consensus'), key: 'c', align: 'right', render: (_, s) => num(s.consensus) },
              { title: t('quality.calibration.spread'), key: 's', align: 'right', render: (_, s) => num(s.spread) },
            ]}
          />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('quality.calibration.strictness')}</Typography.Title>
          <Table
            size="small"
            rowKey="inspectorId"
            pagination={false}
            dataSource={a.strictness}
            columns={[
              { title: t('quality.field.inspector'), key: 'n', render: (_, s) => names.get(s.inspectorId) ?? '' },
              { title: t('quality.calibration.meanDeviation'), key: 'm', align: 'right', render: (_, s) => num(s.meanDeviation) },
              { title: t('quality.calibration.meanAbs'), key: 'a', align: 'right', render: (_, s) => num(s.meanAbsDeviation) },
            ]}
          />
        </Col>
      </Row>
    </div>
  );
}

/** A new session: a name, a scorecard, records from recent evaluations, two or more inspectors. */
function CreateSession({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; scorecardId: string; subjects: string[]; inspectorIds: string[] }>();
  const cards = useRequest(() => qualityApi.scorecards(), []);
  const recent = useRequest(() => qualityApi.evaluations({ pageSize: 100 }), []);
  const users = useRequest(() => api.userAccounts(), []);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const subjects = v.subjects.map((s) => {
        const [kind, ...rest] = s.split('|');
        return { kind: kind as 'contact', id: rest.join('|') };
      });
      const r = await qualityApi.createCalibration({ name: v.name, scorecardId: v.scorecardId, subjects, inspectorIds: v.inspectorIds });
      message.success(t('quality.calibration.created'));
      onCreated(r.id);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const subjectOptions = [...new Map((recent.data?.items ?? []).map((e) => [`${e.subject.kind}|${e.subject.id}`, `${t(`quality.kind.${e.subject.kind}`)} · ${e.agentName ?? ''} · ${formatDateTime(e.subject.occurredAt, locale)}`])).entries()].map(([value, label]) => ({ value, label }));
  return (
    <Modal open title={t('quality.calibration.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnClose>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="name" label={t('quality.calibration.name')} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="scorecardId" label={t('quality.field.scorecard')} rules={[{ required: true }]}>
          <Select loading={cards.loading} options={(cards.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="subjects" label={t('quality.calibration.subjects')} extra={t('quality.calibration.subjectsHint')} rules={[{ required: true, type: 'array', min: 1, max: 50 }]}>
          <Select mode="multiple" loading={recent.loading} options={subjectOptions} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="inspectorIds" label={t('quality.calibration.inspectors')} rules={[{ required: true, type: 'array', min: 2 }]}>
          <Select mode="multiple" loading={users.loading} optionFilterProp="label" options={(users.data?.items ?? []).filter((u) => u.active && INSPECTOR_ROLES.includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
