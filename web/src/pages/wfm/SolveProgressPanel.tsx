import { Alert, Button, Card, Descriptions, Flex, Progress, Steps, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { formatMoney, formatNumber, formatPercent } from '../../format';
import { useLocale } from '../../hooks';
import type { SolveJobView } from '../../wfmApi';
import { PROGRESS_STEPS, timeUsedPercent, type ProgressState } from './scheduleModel';

/** Server answers of a rejected problem: "templates.0.lengthsMinutes.0: must be a multiple of 30". */
export function problemMessages(error: ApiError): string[] {
  const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
  return details.filter((d) => d && d.message).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message!));
}

/**
 * Live view of a solver job: the step reached (building the model → starting the solver →
 * solving → done), elapsed time against the time limit, the best objective, bound and gap as
 * HiGHS reports them, and how many better solutions it has found.
 */
export function SolveProgressPanel({
  progress,
  running,
  cancelling,
  job,
  error,
  timeLimitSeconds,
  money = true,
  onCancel,
}: {
  progress: ProgressState;
  running: boolean;
  cancelling: boolean;
  job: SolveJobView<unknown> | null;
  error: ApiError | null;
  timeLimitSeconds: number;
  /** Objective in fen (shift design, capacity plan) or a unitless score (rostering). */
  money?: boolean;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!running && !job && !error) return null;
  if (error && !running && !job) {
    const lines = problemMessages(error);
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="solve-error"
        style={{ marginTop: 16 }}
        message={error.message}
        description={lines.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{lines.slice(0, 12).map((l, i) => <li key={i}>{l}</li>)}</ul> : undefined}
      />
    );
  }
  const last = progress.last;
  const stepIndex = PROGRESS_STEPS.indexOf(progress.step);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : money ? formatMoney(Math.round(v), locale) : formatNumber(v, locale));
  const finished = !running;
  const failed = job?.status === 'failed';
  const percent = finished ? 100 : timeUsedPercent(last?.elapsedMs ?? 0, timeLimitSeconds);
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="solve-progress" aria-live="polite" title={t('wfm.solve.progressTitle')}
      extra={running && onCancel && (
        <Button danger icon={<StopOutlined />} loading={cancelling} onClick={onCancel} data-testid="solve-cancel">
          {t('wfm.solve.cancel')}
        </Button>
      )}
    >
      <Steps
        size="small"
        current={finished && !failed ? PROGRESS_STEPS.length - 1 : stepIndex}
        status={failed ? 'error' : finished ? 'finish' : 'process'}
        items={PROGRESS_STEPS.map((s) => ({ title: t(`wfm.solve.step.${s}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Progress percent={percent} status={failed ? 'exception' : finished ? 'success' : 'active'} aria-label={t('wfm.solve.timeUsed')} format={() => t('wfm.solve.seconds', { value: formatNumber((last?.elapsedMs ?? 0) / 1000, locale, 1) })} />
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }} data-testid="solve-figures">
        <Descriptions.Item label={t('wfm.solve.phaseLabel')}>
          <span data-testid="solve-phase">{last ? t(`wfm.solve.phase.${last.phase}`) : t('wfm.solve.phase.building')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('wfm.solve.objective')}>{fmt(last?.objective)}</Descriptions.Item>
        <Descriptions.Item label={t('wfm.solve.bound')}>{fmt(last?.bestBound)}</Descriptions.Item>
        <Descriptions.Item label={t('wfm.solve.gap')}>{last?.gap === null || last?.gap === undefined ? t('common.none') : formatPercent(last.gap, locale, 2)}</Descriptions.Item>
      </Descriptions>
      <Flex gap={8} wrap>
        <Typography.Text type="secondary" data-testid="solve-incumbents">
          {t('wfm.solve.incumbents', { n: progress.incumbents.length })}
        </Typography.Text>
        {progress.cancelled && <Typography.Text type="warning">{t('wfm.solve.cancelledNote')}</Typography.Text>}
      </Flex>
      {failed && job?.error && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} message={job.error.message} />}
    </Card>
  );
}
