import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Input, Radio, Row, Skeleton, Space, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { REVIEW_OUTCOMES, qualityApi, type Answers, type AuditEntry, type EvaluationDetail, type ReviewOutcome } from './api';
import { allItems, cleanAnswers, fullMarks, problemsOf } from './qualityModel';
import { PassTag, ScoreSheet, StateTag } from './ScoreSheet';
import { SubjectPanel } from './SubjectPanel';

/** 质检详情 — the record, the scorecard as scored, the audit trail; a dispute is decided here by a second reviewer. */
export default function EvaluationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const detail = useRequest(() => qualityApi.evaluation(id), [id]);
  const [releasing, setReleasing] = useState(false);
  const d = detail.data;

  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!d) return <Skeleton active />;
  const lost = Object.fromEntries((d.result?.items ?? []).map((i) => [i.key, i.lost]));
  const canReview = d.state === 'disputed' && hasPermission(user, 'quality.write');
  const mayReview = canReview && user.id !== d.inspectorId && user.id !== d.agentId;

  const release = async () => {
    setReleasing(true);
    try {
      await qualityApi.release(d.id);
      message.success(t('quality.detail.released'));
      detail.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setReleasing(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('quality.nav.evaluation')}
        sub={<Link to="/quality/evaluations">{t('quality.detail.back')}</Link>}
        extra={
          <Space wrap>
            {d.state === 'scored' && hasPermission(user, 'quality.write') && (
              <Button loading={releasing} onClick={() => void release()}>
                {t('quality.detail.release')}
              </Button>
            )}
            {/* Follow-through once scored: coaching for the agent, the recording into the library. */}
            {d.scoredAt && (hasPermission(user, 'quality.write') || user.role === 'supervisor') && (
              <Link to={`/quality/coaching?evaluation=${encodeURIComponent(d.id)}`} data-testid="qa-start-coaching">
                <Button>{t('quality.detail.coach')}</Button>
              </Link>
            )}
            {d.scoredAt && hasPermission(user, 'quality.write') && (
              <Link to={`/quality/library?evaluation=${encodeURIComponent(d.id)}`} data-testid="qa-to-library">
                <Button>{t('quality.detail.toLibrary')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('quality.workbench.content')}>
            <SubjectPanel evaluation={d} summary={d.subjectSummary} />
          </Card>
          <Card size="small" title={t('quality.detail.audit')} style={{ marginTop: 12 }}>
            <AuditTrail audit={d.audit} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" data-testid="qa-evaluation">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'state', label: t('quality.field.state'), children: <StateTag state={d.state} /> },
                { key: 'score', label: t('quality.field.score'), children: <span data-testid="qa-evaluation-score">{d.score ?? '—'}</span> },
                { key: 'passed', label: t('quality.field.result'), children: <PassTag passed={d.passed} /> },
                { key: 'inspector', label: t('quality.field.inspector'), children: d.inspectorName },
                { key: 'scoredAt', label: t('quality.field.scoredAt'), children: formatDateTime(d.scoredAt, locale) },
                ...(d.severity ? [{ key: 'sev', label: t('quality.field.severity'), children: t(`quality.severity.${d.severity}`) }] : []),
                ...(d.comment ? [{ key: 'comment', label: t('quality.field.comment'), children: d.comment }] : []),
                ...(d.disputeReason ? [{ key: 'dispute', label: t('quality.detail.disputeReason'), children: d.disputeReason }] : []),
                ...(d.reviewOutcome ? [{ key: 'outcome', label: t('quality.review.outcome'), children: t(`quality.outcome.${d.reviewOutcome}`) }] : []),
                ...(d.reviewNote ? [{ key: 'reviewNote', label: t('quality.detail.reviewNote'), children: `${d.reviewNote}（${d.reviewerName ?? ''}）` }] : []),
              ]}
            />
          </Card>
          {canReview && (mayReview ? <ReviewForm d={d} onDone={detail.reload} /> : <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('quality.review.notAllowed')} />)}
          <Card size="small" title={`${t('quality.detail.items')} · ${d.scorecard.name}`} style={{ marginTop: 12 }}>
            {d.answers ? <ScoreSheet def={d.scorecard.definition} answers={d.answers} readOnly lost={lost} testId="qa-sheet-read" /> : <Typography.Text type="secondary">{t('quality.state.assigned')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** Upheld (score stands), partly upheld (the reviewer's answers give a new score) or overturned. */
function ReviewForm({ d, onDone }: { d: EvaluationDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const def = d.scorecard.definition;
  const [outcome, setOutcome] = useState<ReviewOutcome>('upheld');
  const [answers, setAnswers] = useState<Answers>(d.answers ?? {});
  const [focused, setFocused] = useState<string | null>(allItems(def)[0]?.key ?? null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [showProblems, setShowProblems] = useState(false);

  useEffect(() => {
    setAnswers(outcome === 'overturned' ? fullMarks(def) : (d.answers ?? {}));
  }, [outcome, d.answers, def]);

  const submit = async () => {
    if (outcome === 'partly_upheld' && problemsOf(def, answers).length) {
      setShowProblems(true);
      message.warning(t('quality.sheet.fixFirst'));
      return;
    }
    setBusy(true);
    try {
      const e = await qualityApi.review(d.id, { outcome, answers: outcome === 'partly_upheld' ? cleanAnswers(answers) : null, note: note.trim() });
      message.success(t('quality.review.done', { score: e.score }));
      onDone();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('quality.review.title')} style={{ marginTop: 12, borderColor: '#ffa39e' }} data-testid="qa-review">
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('quality.detail.disputeReason')}：</Typography.Text>
        {d.disputeReason}
      </Typography.Paragraph>
      <Radio.Group
        value={outcome}
        onChange={(e) => setOutcome(e.target.value as ReviewOutcome)}
        options={REVIEW_OUTCOMES.map((o) => ({ value: o, label: t(`quality.outcome.${o}`) }))}
        data-testid="qa-review-outcome"
      />
      {outcome === 'partly_upheld' && (
        <div style={{ marginTop: 12 }}>
          <ScoreSheet def={def} answers={answers} onChange={setAnswers} focused={focused} onFocus={setFocused} showProblems={showProblems} testId="qa-review-sheet" />
        </div>
      )}
      <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('quality.review.note')} aria-label={t('quality.review.note')} maxLength={2000} style={{ marginTop: 12 }} data-testid="qa-review-note" />
      <Button type="primary" disabled={!note.trim()} loading={busy} onClick={() => void submit()} style={{ marginTop: 8 }} data-testid="qa-review-submit">
        {t('quality.review.submit')}
      </Button>
    </Card>
  );
}

export function AuditTrail({ audit }: { audit: AuditEntry[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Timeline
      data-testid="qa-audit"
      items={audit.map((a, i) => ({
        key: i,
        children: (
          <div>
            <Typography.Text strong>{t(`quality.audit.${a.action}` as 'quality.audit.score', { defaultValue: t('quality.audit.score') })}</Typography.Text>
            {a.toScore !== null && a.fromScore !== a.toScore && (
              <Typography.Text type="secondary">
                {' '}
                {a.fromScore !== null ? `${a.fromScore} → ` : ''}
                {a.toScore}
              </Typography.Text>
            )}
            <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(a.at, locale)}</div>
            {a.note && <div style={{ whiteSpace: 'pre-wrap' }}>{a.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
