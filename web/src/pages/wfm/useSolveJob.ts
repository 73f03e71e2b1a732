import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { wfmApi, type SolveJobView, type SolveKind, type SolveProgress } from '../../wfmApi';
import { EMPTY_PROGRESS, reduceProgress, type ProgressState } from './scheduleModel';

export interface SolveJobState<R> {
  jobId: string | null;
  running: boolean;
  progress: ProgressState;
  /** The finished job (result or error), as the `result` / `error` event carried it. */
  job: SolveJobView<R> | null;
  /** Could not start (bad input: the server's localised messages) or lost the connection. */
  error: ApiError | null;
  cancelling: boolean;
}

const IDLE = { jobId: null, running: false, progress: EMPTY_PROGRESS, job: null, error: null, cancelling: false };

/**
 * Start a solver job and follow it over server-sent events: `progress` events update the live
 * figures, then one `result` or `error` event ends the stream. The EventSource is closed at that
 * point (otherwise the browser would reconnect and replay the job) and when the screen unmounts.
 */
export function useSolveJob<R>(kind: SolveKind) {
  const [state, setState] = useState<SolveJobState<R>>(IDLE);
  const source = useRef<EventSource | null>(null);
  const alive = useRef(true);

  const close = () => {
    source.current?.close();
    source.current = null;
  };

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      close();
    };
  }, []);

  const follow = useCallback((id: string) => {
    close();
    const es = new EventSource(wfmApi.eventsUrl(id));
    source.current = es;
    es.addEventListener('progress', (e) => {
      if (!alive.current) return;
      const p = JSON.parse((e as MessageEvent<string>).data) as SolveProgress;
      setState((s) => (s.jobId === id ? { ...s, progress: reduceProgress(s.progress, p) } : s));
    });
    const finish = (e: Event) => {
      const data = (e as MessageEvent<string>).data;
      // A plain "error" Event without data is the connection failing, not the job.
      if (typeof data !== 'string') {
        if (es.readyState === EventSource.CLOSED) void settleFromServer(id);
        return;
      }
      close();
      if (!alive.current) return;
      const job = JSON.parse(data) as SolveJobView<R>;
      setState((s) => (s.jobId === id ? { ...s, running: false, cancelling: false, job } : s));
    };
    es.addEventListener('result', finish);
    es.addEventListener('error', finish);
  }, []);

  /** The stream broke (server restart, proxy): ask for the job once instead. */
  const settleFromServer = async (id: string) => {
    close();
    try {
      const job = await wfmApi.job<R>(id);
      if (!alive.current) return;
      if (job.status === 'running') follow(id);
      else setState((s) => (s.jobId === id ? { ...s, running: false, cancelling: false, job } : s));
    } catch (e) {
      if (!alive.current) return;
      setState((s) => (s.jobId === id ? { ...s, running: false, cancelling: false, error: e instanceof ApiError ? e : new ApiError(0, 'network', String(e)) } : s));
    }
  };

  const start = useCallback(
    async (problem: unknown) => {
      close();
      setState({ ...IDLE, running: true });
      try {
        const r = await wfmApi.solve(kind, problem);
        if (!alive.current) return;
        setState((s) => ({ ...s, jobId: r.id }));
        follow(r.id);
      } catch (e) {
        if (!alive.current) return;
        setState({ ...IDLE, error: e instanceof ApiError ? e : new ApiError(0, 'client', String(e)) });
      }
    },
    [kind, follow],
  );

  /** Stop the solver; the best solution found so far still arrives as the result. */
  const cancel = useCallback(async () => {
    const id = state.jobId;
    if (!id) return;
    setState((s) => ({ ...s, cancelling: true }));
    try {
      await wfmApi.cancel(id);
    } catch (e) {
      if (alive.current) setState((s) => ({ ...s, cancelling: false, error: e instanceof ApiError ? e : null }));
    }
  }, [state.jobId]);

  const reset = useCallback(() => {
    close();
    setState(IDLE);
  }, []);

  return { ...state, start, cancel, reset };
}
