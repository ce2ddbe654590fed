/** The wallboard read (GET /api/wallboard, packages/server/src/supervisor): figures, no patients. */
import { api } from '../api/client.js';

export interface Wallboard {
  generatedAt: string;
  totals: {
    waiting: number;
    taken: number;
    breached: number;
    nearBreach: number;
    longestWaitingSince: string | null;
  };
  queues: {
    queue: string;
    waiting: number;
    taken: number;
    longestWaitingSince: string | null;
    breached: number;
    nearBreach: number;
    nextBreachAt: string | null;
  }[];
  worst: {
    caseId: string;
    reference: string;
    queue: string | null;
    status: 'queued' | 'assigned';
    breachAt: string;
    breachBand: string;
    timeframeMinutes: number | null;
    disposition: { code: string | null; label: string | null };
    waitingSince: string | null;
    takenBy: string | null;
  }[];
  inProgress: { open: number; triaged: number };
  /** Null until this server delivers ambulance requests (the dispatch capability fills it). */
  ambulanceRequests: AmbulanceAwaiting | null;
  truncated: boolean;
}

export interface AmbulanceAwaiting {
  awaiting: number;
  oldestRequestedAt: string | null;
  requests: {
    caseId: string;
    reference: string;
    category: string | null;
    requestedAt: string;
    channel: string | null;
  }[];
}

export const getWallboard = () => api.get<Wallboard>('/api/wallboard');
