import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Input, List, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { text, toSearchParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { DayPicker } from '../../components/DayPicker';
import { qualityApi, type Answers, type PlanItem } from './api';
import { allItems, cleanAnswers, problemsOf } from './qualityModel';
import { ScoreSheet } from './ScoreSheet';
import { SubjectPanel } from './SubjectPanel';

/**
 * 质检工作台 — the inspector's day: the queue the sampling plan drew for them (each item with the
 * reasons it was drawn), and beside the record the scorecard, filled in from the keyboard.
 * The open evaluation and the queue's filters live in the URL.
 */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const agentId = text(params, 'agentId');
  const dueOn = text(params, 'dueOn');
  const evalId = text(params, 'evaluation');
  const setUrl = (patch: Record<string, string | undefined>) => setParams(toSearchParams({ agentId, dueOn, evaluation: evalId, ...patch }), { replace: true });

  const queue = useRequest(() => qualityApi.queue({ agentId, dueOn, pageSize: 100 }), [agentId, dueOn]);
  const started = useRequest(() => qualityApi.evaluations({ inspectorId: user.id, state: 'assigned', pageSize: 100 }), [user.id]);
  const [selected, setSelected] = useState<PlanItem | null>(null);
  const [starting, setStarting] = useState(false);
  // The plan says which scorecard its items are scored on; the inspector may pick another current one.
  const plans = useRequest(() => qualityApi.plans(), []);
  const cards = useRequest(() => qualityApi.scorecards(), []);
  const [cardId, setCardId] = useState<string | undefined>(undefined);
  const planCard = selected ? plans.data?.items.find((p) => p.id === selected.planId)?.scorecardId : undefined;
  const chosenCard = cardId ?? planCard;

  const start = async (item: PlanItem) => {
    setStarting(true);
    try {
      const e = await qualityApi.createEvaluation({ subjectKind: item.subject.kind, subjectId: item.subject.id, planItemId: item.id, agentId: item.agentId, scorecardId: chosenCard ?? null });
      setSelected(null);
      setCardId(undefined);
      setUrl({ evaluation: e.id });
      queue.reload();
      started.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setStarting(false);
    }
  };

  // The agents in the queue, for the filter (names come with the items).
  const agents = [...new Map((queue.data?.items ?? []).map((i) => [i.agentId, i.agentName ?? i.agentId])).entries()];

  return (
    <>
      <PageHeader title={t('quality.nav.workbench')} sub={t('quality.workbench.sub')} />
      {queue.error && <LoadError error={queue.error} onRetry={queue.reload} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={7}>
          <Card size="small" title={t('quality.workbench.queue')} extra={queue.data && <Tag>{queue.data.total}</Tag>}>
            <Flex wrap gap={6} style={{ marginBottom: 8 }}>
              <Select
                allowClear
                size="small"
                style={{ minWidth: 120, flex: 1 }}
                placeholder={t('quality.workbench.allAgents')}
                value={agentId}
                options={agentId && !agents.some(([id]) => id === agentId) ? [{ value: agentId, label: agentId }] : agents.map(([value, label]) => ({ value, label }))}
                onChange={(v: string | undefined) => setUrl({ agentId: v })}
                data-testid="qa-agent-filter"
              />
              <DayPicker value={dueOn} onChange={(v) => setUrl({ dueOn: v })} aria-label={t('quality.field.dueOn')} style={{ width: 130 }} />
            </Flex>
            {started.data?.items.length ? (
              <>
                <Typography.Text type="secondary">{t('quality.workbench.inProgress')}</Typography.Text>
                <List
                  size="small"
                  dataSource={started.data.items}
                  renderItem={(e) => (
                    <List.Item onClick={() => setUrl({ evaluation: e.id })} style={{ cursor: 'pointer', background: e.id === evalId ? '#f0f7ff' : undefined, paddingInline: 6 }} data-testid="qa-started">
                      <div>
                        <Tag>{t(`quality.kind.${e.subject.kind}`)}</Tag>
                        {e.agentName} · {formatDateTime(e.subject.occurredAt, locale)}
                      </div>
                    </List.Item>
                  )}
                />
              </>
            ) : null}
            <List
              size="small"
              loading={queue.loading}
              dataSource={queue.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.workbench.queueEmpty')} /> }}
              style={{ maxHeight: '70vh', overflow: 'auto' }}
              data-testid="qa-queue"
              renderItem={(i) => (
                <List.Item
                  onClick={() => {
                    setSelected(i);
                    setCardId(undefined);
                  }}
                  style={{ cursor: 'pointer', background: selected?.id === i.id ? '#f0f7ff' : undefined, paddingInline: 6 }}
                  data-testid="qa-queue-item"
                  data-agent={i.agentId}
                  data-id={i.id}
                  data-kind={i.subject.kind}
                >
                  <div style={{ minWidth: 0 }}>
                    <div>
                      <Tag>{t(`quality.kind.${i.subject.kind}`)}</Tag>
                      <Typography.Text strong>{i.agentName}</Typography.Text>
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(i.subject.occurredAt, locale)} · {t('quality.workbench.due', { date: formatDate(i.dueOn, locale) })}
                    </Typography.Text>
                    <Flex wrap gap={2} style={{ marginTop: 2 }}>
                      {i.reasons.map((r) => (
                        <Tag key={r} color={r === i.stratum ? 'volcano' : undefined} style={{ fontSize: 11 }}>
                          {t(`quality.stratum.${r}`)}
                        </Tag>
                      ))}
                    </Flex>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          {evalId ? (
            <Inspect key={evalId} id={evalId} onDone={() => { setUrl({ evaluation: undefined }); started.reload(); }} />
          ) : selected ? (
            <Card size="small" title={t('quality.field.reasons')} data-testid="qa-selected">
              <Flex wrap gap={4} style={{ marginBottom: 12 }}>
                {selected.reasons.map((r) => (
                  <Tag key={r} color={r === selected.stratum ? 'volcano' : 'default'}>
                    {t(`quality.stratum.${r}`)}
                  </Tag>
                ))}
              </Flex>
              <Typography.Paragraph>
                {t(`quality.kind.${selected.subject.kind}`)} · {selected.agentName} · {formatDateTime(selected.subject.occurredAt, locale)}
              </Typography.Paragraph>
              <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
                <Typography.Text type="secondary">{t('quality.field.scorecard')}</Typography.Text>
                <Select
                  style={{ minWidth: 220 }}
                  loading={cards.loading || plans.loading}
                  value={chosenCard}
                  onChange={(v: string) => setCardId(v)}
                  options={[
                    ...(cards.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${t('quality.scorecards.version', { version: c.version })}` })),
                    // A plan drawn on a version since replaced keeps it.
                    ...(planCard && cards.data && !cards.data.items.some((c) => c.id === planCard) ? [{ value: planCard, label: t('quality.field.scorecard') }] : []),
                  ]}
                  aria-label={t('quality.field.scorecard')}
                />
              </Flex>
              <Button type="primary" loading={starting} disabled={plans.loading} onClick={() => void start(selected)} data-testid="qa-start" autoFocus>
                {t('quality.workbench.start')}
              </Button>
            </Card>
          ) : (
            <Card>
              <Empty description={t('quality.workbench.pick')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

/** One evaluation being scored: the record beside the scorecard. */
function Inspect({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useRequest(() => qualityApi.evaluation(id), [id]);
  const [answers, setAnswers] = useState<Answers>({});
  const [focused, setFocused] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [saving, setSaving] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  const sheet = useRef<HTMLDivElement>(null);

  const d = detail.data;
  useEffect(() => {
    if (!d) return;
    setAnswers(d.answers ?? {});
    setComment(d.comment ?? '');
    setFocused(allItems(d.scorecard.definition)[0]?.key ?? null);
    // The scorecard takes the keys at once: the inspector listens and types.
    setTimeout(() => sheet.current?.querySelector<HTMLElement>('[data-testid="qa-sheet"]')?.focus(), 0);
  }, [d]);

  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!d) return <Skeleton active />;
  const def = d.scorecard.definition;

  const save = async () => {
    if (problemsOf(def, answers).length) {
      setShowProblems(true);
      message.warning(t('quality.sheet.fixFirst'));
      return;
    }
    setSaving(true);
    try {
      const e = await qualityApi.score(id, { answers: cleanAnswers(answers), comment: comment.trim() || null, release: true, version: d.version });
      message.success(t('quality.workbench.saved', { score: e.score }));
      onDone();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('quality.workbench.content')}>
          <SubjectPanel ref={audio} evaluation={d} summary={d.subjectSummary} />
        </Card>
      </Col>
      <Col xs={24} xl={14} ref={sheet}>
        <Card size="small" title={`${d.scorecard.name} · ${t('quality.scorecards.version', { version: d.scorecard.version })}`}>
          <ScoreSheet
            def={def}
            answers={answers}
            onChange={setAnswers}
            focused={focused}
            onFocus={setFocused}
            onSubmit={() => void save()}
            showProblems={showProblems}
            currentTime={() => (audio.current ? audio.current.currentTime : null)}
          />
          <Input.TextArea rows={2} placeholder={t('quality.field.comment')} aria-label={t('quality.field.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} style={{ marginTop: 8 }} data-testid="qa-comment" />
          <Button type="primary" block loading={saving} onClick={() => void save()} style={{ marginTop: 8 }} data-testid="qa-save">
            {t('quality.workbench.save')}
          </Button>
        </Card>
      </Col>
    </Row>
  );
}
