/**
 * Live updates for screens that follow particular cases (GET /api/stream). Unlike the queue,
 * which reloads on any change, a case screen reloads only when its own case moves past the
 * version it shows, so a busy organisation does not make every open case re-read (each read
 * of a case is an audited look at a patient).
 */
import { useEffect, useRef, useState } from 'react';
import type { LiveStatus } from './useLiveUpdates.js';

export interface CaseChange {
  caseId: string;
  reference: string;
  version: number;
  status: string;
  assignedTo: string | null;
  events: string[];
}

/** `onChange` for every case change; `onResync` when changes may have been missed (reload all). */
export function useCaseStream(onChange: (change: CaseChange) => void, onResync: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlers = useRef({ onChange, onResync });
  handlers.current = { onChange, onResync };
  useEffect(() => {
    const source = new EventSource('/api/stream');
    source.addEventListener('hello', () => {
      setStatus('live');
      handlers.current.onResync();
    });
    source.addEventListener('case', (e) => {
      try {
        handlers.current.onChange(JSON.parse((e as MessageEvent<string>).data) as CaseChange);
      } catch {
        handlers.current.onResync();
      }
    });
    source.addEventListener('resync', () => handlers.current.onResync());
    source.addEventListener('bye', () => source.close());
    source.onerror = () => setStatus('reconnecting');
    return () => source.close();
  }, []);
  return status;
}
