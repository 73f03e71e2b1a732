/**
 * A server job followed by polling (imports): start it, poll its state until it is no longer
 * running, show the error that stopped it. Polling ends when the screen goes away.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

const POLL_MS = 400;

export function usePolledJob<J extends { status: string }>(fetchJob: (id: string) => Promise<J>, onSettled?: (job: J) => void) {
  const [job, setJob] = useState<J | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);
  // The latest callbacks, so a poll started by an earlier render calls the current ones.
  const latest = useRef({ fetchJob, onSettled });
  latest.current = { fetchJob, onSettled };

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const fail = (e: unknown) => {
    if (!alive.current) return;
    setError(e instanceof ApiError ? e.message : String(e));
    setBusy(false);
  };

  const poll = (id: string) => {
    latest.current.fetchJob(id).then((j) => {
      if (!alive.current) return;
      setJob(j);
      if (j.status === 'running') timer.current = setTimeout(() => poll(id), POLL_MS);
      else {
        setBusy(false);
        latest.current.onSettled?.(j);
      }
    }, fail);
  };

  /** Start a job: `begin` sends the request and answers the job's id and a first state to show. */
  const start = async (begin: () => Promise<{ id: string; job: J }>) => {
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const r = await begin();
      setJob(r.job);
      poll(r.id);
    } catch (e) {
      fail(e);
    }
  };

  /** Forget the last job and error (a new file was chosen). */
  const reset = () => {
    setJob(null);
    setError(null);
  };

  return { job, error, busy, start, reset };
}
