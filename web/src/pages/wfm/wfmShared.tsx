/** Small pieces shared by the planner's screens. */
import { useState } from 'react';
import { App, Select, Tag, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { formatDate } from '../../format';
import { useRequest } from '../../hooks';
import { wfmApi, type Queue, type SolveStatus } from '../../wfmApi';

const STATUS_COLORS: Record<SolveStatus, string> = {
  optimal: 'green',
  feasible: 'blue',
  time_limit: 'gold',
  cancelled: 'orange',
  infeasible: 'red',
  unbounded: 'red',
  error: 'red',
};

export function SolveStatusTag({ status }: { status: SolveStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="solve-status">
      {t(`wfm.solve.status.${status}`)}
    </Tag>
  );
}

export function useQueues() {
  return useRequest(() => wfmApi.queues(), []);
}

/** Publishing a schedule to a queue (from a shift design or a roster): progress, outcome, message. */
export function usePublishSchedule() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<{ queueId: string; intervals: number } | null>(null);
  const publish = async (queue: Queue, body: Parameters<typeof wfmApi.publishSchedule>[1]) => {
    setPublishing(true);
    try {
      const r = await wfmApi.publishSchedule(queue.id, body);
      setPublished({ queueId: queue.id, intervals: r.intervals });
      message.success(t('wfm.schedule.published', { n: r.intervals, queue: queue.name }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setPublishing(false);
    }
  };
  return { publishing, published, publish };
}

export function QueueSelect(props: Omit<SelectProps<string>, 'options'> & { queues: Queue[] | undefined }) {
  const { t } = useTranslation();
  const { queues, ...rest } = props;
  return (
    <Select<string>
      showSearch
      optionFilterProp="label"
      placeholder={t('wfm.queue.pick')}
      loading={!queues}
      options={(queues ?? []).map((q) => ({ value: q.id, label: q.name }))}
      {...rest}
    />
  );
}

/** "2026-03-02T07:30" (a local date-time from the solver) in the reader's date style. */
export function localDateTimeLabel(local: string, locale: string): string {
  return `${formatDate(local.slice(0, 10), locale)} ${local.slice(11, 16)}`;
}

/** Today in Asia/Shanghai as YYYY-MM-DD, for default dates in forms. */
export function todayLocal(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Add days to a calendar date (YYYY-MM-DD), without time zones. */
export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
