/**
 * A read that falls back to its last copy when the phone has no connection: the data comes with
 * `offlineAt` set (when the copy was taken) so the screen can mark it as 离线数据.
 */
import { useEffect } from 'react';
import { ApiError } from '../api';
import { useRequest } from '../hooks';
import { readCache, writeCache } from './store';

export interface CachedState<T> {
  data: T | undefined;
  /** When the copy shown was fetched, if it is an offline copy. */
  offlineAt: number | null;
  loading: boolean;
  error: ApiError | null;
  reload: () => void;
}

export function useCachedRequest<T>(userId: string, key: string, fn: () => Promise<T>, deps: readonly unknown[], enabled = true): CachedState<T> {
  const res = useRequest<{ data: T; offlineAt: number | null }>(
    async () => {
      try {
        const data = await fn();
        writeCache(userId, key, data);
        return { data, offlineAt: null };
      } catch (e) {
        const copy = e instanceof ApiError && e.status === 0 ? readCache<T>(userId, key) : null;
        if (copy) return { data: copy.data, offlineAt: copy.at };
        throw e;
      }
    },
    [userId, key, ...deps],
    enabled,
  );
  const { reload } = res;
  // Back online, or a queued action reached the server: show the fresh state.
  useEffect(() => {
    const again = () => reload();
    window.addEventListener('online', again);
    window.addEventListener('shouwen:synced', again);
    return () => {
      window.removeEventListener('online', again);
      window.removeEventListener('shouwen:synced', again);
    };
  }, [reload]);
  return { data: res.data?.data, offlineAt: res.data?.offlineAt ?? null, loading: res.loading, error: res.error, reload };
}
