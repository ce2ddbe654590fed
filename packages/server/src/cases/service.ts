/**
 * Case commands and queries. Every command follows one path:
 *   read the case's stream (the log, not the read model) -> fold it (core foldCase) ->
 *   plan the events -> parse each (core parseCaseEvent) and check it against the state so far
 *   (core ensureTransition) -> append them with the stream version they were checked on.
 *
 * Constraints that shaped it:
 * 1) Two people acting at once cannot both succeed on a stale view: the append carries the
 *    version the rules were checked on, so the loser gets E_STREAM_VERSION_CONFLICT. A client
 *    that sends `expectedVersion` is refused at once if the case has moved; one that does not is
 *    re-checked against the new state (up to MAX_ATTEMPTS), so a note added while someone else
 *    takes the case still lands, while a second "take" meets the rule "already assigned" (409).
 * 2) Retries are safe: a command's event id is the client's; if it is already in the stream,
 *    the answer is the case as it stands, and nothing is written again.
 * 3) Nothing is half-written: all events of one command go in one append (one transaction).
 * 4) A client clock may be behind (an offline console replaying its outbox) but not ahead by
 *    more than MAX_CLOCK_AHEAD_MS: a future disposition time would push the breach time later.
 */
import {
  type AppendedEvent,
  applyCaseEvent,
  type BreachBand,
  breachBand,
  type CaseEventType,
  type CaseState,
  ensureTransition,
  foldCase,
  isIsoInstant,
  isUuidV7,
  type JsonObject,
  LanternError,
  type NewEvent,
  newId,
  parseCaseEvent,
  type StoredEvent,
} from '@lantern/core';
import type { EventStore } from '../eventlog/eventStore.js';
import type { Tx } from '../eventlog/projections.js';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import { type CaseRecord, getCase, readCaseEvents } from './caseStore.js';
import { ensurePatientInIndex } from './ensurePatientInIndex.js';
import { CASE_STREAM } from './projection.js';
import { findRepeatContacts, type RepeatCallerSettings } from './repeatCallers.js';

const MAX_ATTEMPTS = 3;
/** Five minutes covers ordinary clock drift between a console and the server. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export interface Actor {
  userId: string;
  orgId: string;
}

export interface CommandInput {
  eventId?: string;
  expectedVersion?: number;
  occurredAt?: string;
}

export interface PlannedEvent {
  type: CaseEventType;
  data: unknown;
}

export type CaseView = CaseState & { version: number; breachBand: BreachBand };

export interface CommandResult {
  case: CaseView;
  appended: AppendedEvent[];
  duplicate: boolean;
}

export interface CaseServiceOptions {
  now?: () => Date;
  repeatCallers?: Partial<RepeatCallerSettings>;
}

type Plan = (state: CaseState | null, at: string) => PlannedEvent[] | Promise<PlannedEvent[]>;

export class CaseService {
  private readonly now: () => Date;
  private readonly repeat: RepeatCallerSettings;

  constructor(
    private readonly database: Database,
    private readonly eventStore: EventStore,
    options: CaseServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.repeat = { threshold: 3, windowHours: 96, ...options.repeatCallers };
  }

  /** Opens a case from a call. The case id may come from the client (UUIDv7), for retries. */
  async open(me: Actor, caseId: string | undefined, input: CommandInput, plan: Plan): Promise<CommandResult> {
    if (caseId !== undefined && !isUuidV7(caseId)) {
      throw new LanternError('E_VALIDATION', 'A case id is a UUIDv7 made by the client', [
        { path: 'caseId', message: 'must be a UUIDv7' },
      ]);
    }
    return this.execute(me, caseId ?? newId(), input, plan, true, caseId === undefined);
  }

  /** Records events on an existing case of the actor's organisation. */
  command(me: Actor, caseId: string, input: CommandInput, plan: Plan): Promise<CommandResult> {
    return this.execute(me, caseId, input, plan, false);
  }

  /** The case's events, folded: the state the rules are checked against. */
  async load(
    me: Actor,
    caseId: string,
  ): Promise<{ state: CaseState; version: number; events: StoredEvent[] }> {
    const events = await withTenant(this.database, me.orgId, (tx) => readCaseEvents(tx, me.orgId, caseId));
    if (events.length === 0) throw notFound(caseId);
    return { state: foldCase(events), version: lastVersion(events), events };
  }

  /** The case as its read model holds it (one row), or a 404. */
  async get(me: Actor, caseId: string): Promise<CaseView> {
    const record = await withTenant(this.database, me.orgId, (tx) => getCase(tx, me.orgId, caseId));
    if (!record) throw notFound(caseId);
    return this.view(record);
  }

  view(record: CaseRecord): CaseView {
    const { state, version } = record;
    const band = breachBand(this.now(), state.breachAt, state.disposition?.timeframeMinutes ?? null);
    return { ...state, version, breachBand: band };
  }

  private async execute(
    me: Actor,
    caseId: string,
    input: CommandInput,
    plan: Plan,
    creates: boolean,
    fresh = false,
  ): Promise<CommandResult> {
    const at = this.checkOccurredAt(input.occurredAt);
    for (let attempt = 1; ; attempt++) {
      // Read, check and plan in one tenant transaction (one round of BEGIN/COMMIT); append after.
      const decided = await withTenant(this.database, me.orgId, async (tx) => {
        // A case id the server just made cannot have events yet: no need to look.
        const events = fresh && attempt === 1 ? [] : await readCaseEvents(tx, me.orgId, caseId);
        const retried = input.eventId ? events.find((e) => e.id === input.eventId) : undefined;
        if (retried) return { retry: this.answerRetry(me, events, retried), version: 0, checked: null };
        if (creates && events.length > 0) {
          throw new LanternError('E_STREAM_CONFLICT', 'A case with this id already exists', [
            { path: 'caseId', message: 'already used; open a new case with a new id' },
          ]);
        }
        if (!creates && events.length === 0) throw notFound(caseId);
        const state = events.length === 0 ? null : foldCase(events);
        const version = lastVersion(events);
        if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
          throw new LanternError(
            'E_STREAM_VERSION_CONFLICT',
            `The case is at version ${version}, not ${input.expectedVersion}: reload it and try again`,
            [{ path: 'expectedVersion', message: `expected ${input.expectedVersion}, current ${version}` }],
          );
        }
        const planned = await plan(state, at);
        let checked = checkPlan(state, caseId, planned, at, me.userId);
        await ensurePatientInIndex(tx, me.orgId, checked.events);
        const flag = await this.repeatCallerFlag(tx, me, planned, checked.state, at);
        if (flag) checked = checkPlan(state, caseId, [...planned, flag], at, me.userId);
        return { retry: null, version, checked };
      });
      if (decided.retry) return decided.retry;
      const { version, checked } = decided as { version: number; checked: ReturnType<typeof checkPlan> };
      const newEvents: NewEvent[] = checked.events.map((e, i) => ({
        id: i === 0 && input.eventId ? input.eventId : newId(),
        type: e.type,
        data: e.data,
        occurredAt: at,
        actor: me.userId,
      }));
      try {
        const appended = await this.eventStore.append(
          me.orgId,
          { type: CASE_STREAM, id: caseId },
          version,
          newEvents,
        );
        const last = appended[appended.length - 1] as AppendedEvent;
        return {
          case: this.view({ state: checked.state, version: last.streamVersion }),
          appended,
          duplicate: false,
        };
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && worthRetrying(err, input)) continue;
        throw err;
      }
    }
  }

  private answerRetry(me: Actor, events: StoredEvent[], retried: StoredEvent): CommandResult {
    if (retried.actor !== me.userId) {
      throw new LanternError('E_EVENT_ID_CONFLICT', 'This event id is already used for another entry', [
        { path: 'eventId', message: 'already recorded by someone else; make a new id' },
      ]);
    }
    const appended = events
      .filter((e) => e.seq >= retried.seq && e.recordedAt === retried.recordedAt)
      .map((e) => ({
        id: e.id,
        seq: e.seq,
        hash: e.hash,
        streamVersion: e.streamVersion,
        recordedAt: e.recordedAt,
        duplicate: true,
      }));
    return {
      case: this.view({ state: foldCase(events), version: lastVersion(events) }),
      appended,
      duplicate: true,
    };
  }

  /** A RepeatCallerFlagged event when this contact makes the caller a repeat caller (and is new). */
  private async repeatCallerFlag(
    tx: Tx,
    me: Actor,
    planned: readonly PlannedEvent[],
    state: CaseState,
    at: string,
  ): Promise<PlannedEvent | null> {
    if (!planned.some((p) => p.type === 'CaseOpened' || p.type === 'PatientIdentified')) return null;
    const found = await findRepeatContacts(tx, me.orgId, state, at, this.repeat);
    if (!found) return null;
    const already = new Set(state.flags.repeatCaller?.priorCaseIds ?? []);
    if (found.priorCaseIds.every((id) => already.has(id))) return null;
    return { type: 'RepeatCallerFlagged', data: found };
  }

  private checkOccurredAt(occurredAt: string | undefined): string {
    const now = this.now();
    if (occurredAt === undefined) return now.toISOString();
    if (!isIsoInstant(occurredAt)) {
      throw new LanternError('E_VALIDATION', 'occurredAt must be an ISO 8601 date-time with offset', [
        { path: 'occurredAt', message: 'must be an ISO 8601 date-time with offset' },
      ]);
    }
    const t = Date.parse(occurredAt);
    if (t > now.getTime() + MAX_CLOCK_AHEAD_MS) {
      throw new LanternError('E_VALIDATION', 'occurredAt is in the future: check the device clock', [
        { path: 'occurredAt', message: 'more than 5 minutes ahead of the server' },
      ]);
    }
    return new Date(t).toISOString();
  }
}

/**
 * Parses each planned event and checks it against the state it would follow, in order, so a
 * plan of several events obeys the same rules as the events one at a time.
 */
export function checkPlan(
  state: CaseState | null,
  caseId: string,
  planned: readonly PlannedEvent[],
  at: string,
  actor: string,
): { state: CaseState; events: { type: CaseEventType; data: JsonObject }[] } {
  let current = state;
  const events = planned.map((p) => {
    const event = parseCaseEvent(p.type, p.data);
    ensureTransition(current, event.type, event.data);
    current = applyCaseEvent(current, {
      type: event.type,
      data: event.data,
      occurredAt: at,
      actor,
      streamId: caseId,
    });
    return { type: event.type, data: event.data as unknown as JsonObject };
  });
  if (current === null) throw new LanternError('E_INTERNAL', 'a command planned no events');
  return { state: current, events };
}

function worthRetrying(err: unknown, input: CommandInput): boolean {
  if (!(err instanceof LanternError)) return false;
  // A pinned version means "only if nothing changed": never re-check behind the client's back.
  if (err.code === 'E_STREAM_VERSION_CONFLICT') return input.expectedVersion === undefined;
  // The same command sent twice at once: the reload finds the first one's event and answers it.
  return err.code === 'E_EVENT_ID_CONFLICT' && input.eventId !== undefined;
}

function lastVersion(events: readonly StoredEvent[]): number {
  return events.length === 0 ? 0 : (events[events.length - 1] as StoredEvent).streamVersion;
}

export function notFound(caseId: string): LanternError {
  return new LanternError('E_NOT_FOUND', `No case ${caseId} here`);
}
