/**
 * The triage in progress, held above the router so moving to another screen and back, or a
 * session ending and the user signing in again, never loses it. It lives inside the signed-in
 * shell, which is remounted for a different user, so one person's call is never shown to the
 * next.
 */
import type { TriageSession } from '@lantern/core';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

export interface StartDraft {
  complaint: string;
  age: number | '';
  ageUnit: 'years' | 'months';
  sex: 'female' | 'male' | 'other' | 'unknown' | '';
  pregnant: boolean;
  protocolId: string | null;
}

export const EMPTY_START: StartDraft = {
  complaint: '',
  age: '',
  ageUnit: 'years',
  sex: '',
  pregnant: false,
  protocolId: null,
};

/** The case this triage is for, when it began from a call (New call). */
export interface BoundCase {
  caseId: string;
  reference: string;
}

interface Draft {
  boundCase: BoundCase | null;
  setBoundCase(c: BoundCase | null): void;
  start: StartDraft;
  setStart(s: StartDraft): void;
  session: TriageSession | null;
  setSession(s: TriageSession | null): void;
}

const DraftContext = createContext<Draft | null>(null);

export function TriageDraftProvider({ children }: { children: ReactNode }) {
  const [start, setStart] = useState<StartDraft>(EMPTY_START);
  const [session, setSession] = useState<TriageSession | null>(null);
  const [boundCase, setBoundCase] = useState<BoundCase | null>(null);
  const value = useMemo(
    () => ({ boundCase, setBoundCase, start, setStart, session, setSession }),
    [boundCase, start, session],
  );
  return <DraftContext value={value}>{children}</DraftContext>;
}

export function useTriageDraft(): Draft {
  const d = useContext(DraftContext);
  if (!d) throw new Error('useTriageDraft needs a TriageDraftProvider');
  return d;
}
