/**
 * The server's live updates (GET /api/stream, server-sent events): any case change, a resync
 * request or the first hello makes the queue reload, so it is never more than a moment stale.
 * EventSource reconnects by itself; the screen shows whether updates are flowing.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export function useLiveUpdates(queryKey: readonly unknown[]): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const key = JSON.stringify(queryKey);

  useEffect(() => {
    const source = new EventSource('/api/stream');
    const reload = () => void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as unknown[] });
    source.addEventListener('hello', () => {
      setStatus('live');
      reload();
    });
    source.addEventListener('case', reload);
    source.addEventListener('resync', reload);
    source.addEventListener('bye', () => source.close());
    source.onerror = () => setStatus('reconnecting');
    return () => source.close();
  }, [queryClient, key]);

  return status;
}

/** The current time, moving every `ms` milliseconds (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
