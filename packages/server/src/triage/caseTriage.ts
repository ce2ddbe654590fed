/**
 * Triage bound to a case. Each triage is its own `triage` stream (docs/cases/events.md: the
 * engine's events belong to its stream; the case keeps only the disposition reached):
 *   TriageStarted {caseId, protocol and sieve id+version, patient, presentingComplaint, asOf}
 *   TriageAnswered {questionId, value, change}   TriageSteppedBack {}
 *   TriageCompleted {dispositionCode, caseEventId}
 *
 * 1) The engine is deterministic and a session holds only inputs, so the stream stores inputs
 *    only; every read replays them through core's engine against the protocol library. A
 *    protocol whose version changed since the triage started is refused, never silently mixed.
 * 2) Completing appends DispositionReached (with protocol id and version) to the case through the
 *    case's own command path (rules, stream version, idempotent event id), then TriageCompleted.
 *    Two appends, so a crash between them leaves a case with its disposition and a triage not
 *    yet marked complete; repeating "complete" with the same event id finishes the job and adds
 *    nothing twice.
 * 3) A case's current triage is the latest started; starting again supersedes the previous one.
 */
import {
  answer,
  back,
  changeAnswer,
  isUuidV7,
  LanternError,
  newId,
  outcome,
  type Protocol,
  type StoredEvent,
  startTriage,
  suggestProtocols,
  type TriagePatient,
  type TriageSession,
  triageState,
} from '@lantern/core';
import { dispositionSnapshot } from '../cases/commands.js';
import type { Actor, CaseService } from '../cases/service.js';
import type { EventStore } from '../eventlog/eventStore.js';
import { rowToEvent } from '../eventlog/rows.js';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import type { ProtocolLibrary } from './protocolLibrary.js';
import { TRIAGE_STREAM } from './triageProjection.js';

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export interface StartInput {
  triageId?: string;
  eventId?: string;
  protocolId?: string;
  patient: TriagePatient;
  presentingComplaint?: string;
}

export interface StepInput {
  triageId?: string;
  eventId?: string;
  expectedVersion?: number;
}

interface Loaded {
  triageId: string;
  caseId: string;
  session: TriageSession;
  version: number;
  completed: boolean;
  events: StoredEvent[];
}

export class CaseTriageService {
  constructor(
    private readonly database: Database,
    private readonly eventStore: EventStore,
    private readonly cases: CaseService,
    private readonly library: ProtocolLibrary,
  ) {}

  async start(me: Actor, caseId: string, input: StartInput) {
    const { state } = await this.cases.load(me, caseId);
    if (state.status === 'closed') {
      throw new LanternError(
        'E_INVALID_TRANSITION',
        'A closed case must be reopened before it can be triaged',
      );
    }
    const triageId = input.triageId ?? newId();
    if (!isUuidV7(triageId)) {
      throw new LanternError('E_VALIDATION', 'A triage id is a UUIDv7 made by the client', [
        { path: 'triageId', message: 'must be a UUIDv7' },
      ]);
    }
    const existing = await this.readStream(me, triageId);
    if (existing.length > 0) {
      if (existing[0]?.id === input.eventId && existing[0]?.actor === me.userId)
        return this.view(me, triageId);
      throw new LanternError('E_STREAM_CONFLICT', 'A triage with this id already exists', [
        { path: 'triageId', message: 'already used' },
      ]);
    }
    const complaint = input.presentingComplaint ?? state.presentingComplaint?.text;
    if (complaint === undefined) {
      throw new LanternError('E_VALIDATION', 'Record the presenting complaint first, or give it here', [
        { path: 'presentingComplaint', message: 'required: the case has no presenting complaint yet' },
      ]);
    }
    const suggestions = suggestProtocols(this.library.protocols, complaint, input.patient);
    const protocol = this.chooseProtocol(input.protocolId, suggestions);
    const asOf = UK_DATE.format(new Date());
    // Starting the engine here checks the patient against the protocol before anything is written.
    startTriage({
      protocol,
      sieve: this.library.sieve,
      patient: input.patient,
      presentingComplaint: complaint,
      asOf,
    });
    await this.eventStore.append(me.orgId, { type: TRIAGE_STREAM, id: triageId }, 0, [
      {
        id: input.eventId ?? newId(),
        type: 'TriageStarted',
        actor: me.userId,
        data: {
          caseId,
          protocolId: protocol.id,
          protocolVersion: protocol.version,
          sieveId: this.library.sieve.id,
          sieveVersion: this.library.sieve.version,
          patient: { ...input.patient },
          presentingComplaint: complaint,
          asOf,
          chosen: input.protocolId === undefined ? 'suggested' : 'user',
        },
      },
    ]);
    return { ...(await this.view(me, triageId)), suggestions };
  }

  /** The case's current triage (or the one named), replayed: next question, or the outcome. */
  async current(me: Actor, caseId: string, triageId?: string) {
    return this.view(me, await this.resolve(me, caseId, triageId));
  }

  async answer(
    me: Actor,
    caseId: string,
    input: StepInput & { questionId: string; value: unknown; change?: boolean },
  ) {
    return this.step(me, caseId, input, (session) => {
      const next = input.change
        ? changeAnswer(session, input.questionId, input.value)
        : answer(session, input.questionId, input.value);
      const given = next.answers.find((a) => a.questionId === input.questionId);
      return {
        type: 'TriageAnswered',
        data: { questionId: input.questionId, value: given?.value ?? null, change: Boolean(input.change) },
      };
    });
  }

  async back(me: Actor, caseId: string, input: StepInput) {
    return this.step(me, caseId, input, (session) => {
      back(session);
      return { type: 'TriageSteppedBack', data: {} };
    });
  }

  /** Records the disposition on the case (DispositionReached, which sets the breach time). */
  async complete(me: Actor, caseId: string, input: StepInput) {
    const loaded = await this.load(me, await this.resolve(me, caseId, input.triageId));
    if (loaded.completed) return { ...this.render(loaded), case: await this.cases.get(me, caseId) };
    const result = outcome(loaded.session);
    const disposition = result.disposition;
    const caseResult = await this.cases.command(me, caseId, { eventId: input.eventId }, (state) => {
      if (state === null) throw new LanternError('E_NOT_FOUND', `No case ${caseId} here`);
      return [
        {
          type: 'DispositionReached',
          data: {
            ...dispositionSnapshot(disposition),
            protocolId: result.protocol.id,
            protocolVersion: result.protocol.version,
            source: 'triage',
          },
        },
      ];
    });
    const caseEventId = caseResult.appended[0]?.id ?? null;
    await this.eventStore.append(me.orgId, { type: TRIAGE_STREAM, id: loaded.triageId }, loaded.version, [
      {
        id: newId(),
        type: 'TriageCompleted',
        actor: me.userId,
        data: { dispositionCode: disposition.code, caseEventId },
      },
    ]);
    return { ...(await this.view(me, loaded.triageId)), case: caseResult.case };
  }

  private async step(
    me: Actor,
    caseId: string,
    input: StepInput,
    decide: (session: TriageSession) => { type: string; data: Record<string, unknown> },
  ) {
    const loaded = await this.load(me, await this.resolve(me, caseId, input.triageId));
    if (input.eventId && loaded.events.some((e) => e.id === input.eventId)) return this.render(loaded);
    if (loaded.completed) {
      throw new LanternError(
        'E_INVALID_TRANSITION',
        'This triage is complete and its disposition is on the case; start a new triage to triage again',
      );
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== loaded.version) {
      throw new LanternError(
        'E_STREAM_VERSION_CONFLICT',
        `The triage is at version ${loaded.version}, not ${input.expectedVersion}: reload it and try again`,
        [
          {
            path: 'expectedVersion',
            message: `expected ${input.expectedVersion}, current ${loaded.version}`,
          },
        ],
      );
    }
    const event = decide(loaded.session);
    await this.eventStore.append(me.orgId, { type: TRIAGE_STREAM, id: loaded.triageId }, loaded.version, [
      { id: input.eventId ?? newId(), type: event.type, actor: me.userId, data: event.data as never },
    ]);
    return this.view(me, loaded.triageId);
  }

  private chooseProtocol(
    protocolId: string | undefined,
    suggestions: ReturnType<typeof suggestProtocols>,
  ): Protocol {
    const id = protocolId ?? suggestions[0]?.protocolId;
    if (id === undefined) {
      throw new LanternError('E_VALIDATION', 'No protocol matches this presenting complaint: choose one', [
        { path: 'protocolId', message: 'required: no protocol was suggested for this complaint and patient' },
      ]);
    }
    const protocol = this.library.byId.get(id);
    if (protocol?.kind !== 'complaint') {
      throw new LanternError('E_VALIDATION', `There is no presenting-complaint protocol ${id}`, [
        { path: 'protocolId', message: `${id} is not in the protocol library` },
      ]);
    }
    return protocol;
  }

  private async resolve(me: Actor, caseId: string, triageId?: string): Promise<string> {
    const row = await withTenant(this.database, me.orgId, (tx) => {
      let q = tx
        .selectFrom('triage_sessions')
        .select(['id', 'status'])
        .where('org_id', '=', me.orgId)
        .where('case_id', '=', caseId);
      q = triageId === undefined ? q.where('status', '<>', 'superseded') : q.where('id', '=', triageId);
      return q.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    });
    if (!row) throw new LanternError('E_NOT_FOUND', 'This case has no triage; start one first');
    if (row.status === 'superseded') {
      throw new LanternError('E_INVALID_TRANSITION', 'This triage was replaced by a newer one on the case');
    }
    return row.id;
  }

  private async readStream(me: Actor, triageId: string): Promise<StoredEvent[]> {
    const rows = await withTenant(this.database, me.orgId, (tx) =>
      tx
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', me.orgId)
        .where('stream_id', '=', triageId)
        .where('stream_type', '=', TRIAGE_STREAM)
        .orderBy('stream_version')
        .execute(),
    );
    return rows.map(rowToEvent);
  }

  private async load(me: Actor, triageId: string): Promise<Loaded> {
    const events = await this.readStream(me, triageId);
    const started = events[0];
    if (started?.type !== 'TriageStarted') throw new LanternError('E_NOT_FOUND', 'No such triage');
    const d = started.data as unknown as {
      caseId: string;
      protocolId: string;
      protocolVersion: string;
      sieveVersion: string;
      patient: TriagePatient;
      presentingComplaint: string;
      asOf: string | null;
    };
    const protocol = this.library.byId.get(d.protocolId);
    if (
      !protocol ||
      protocol.version !== d.protocolVersion ||
      this.library.sieve.version !== d.sieveVersion
    ) {
      throw new LanternError(
        'E_INVALID_TRANSITION',
        `The protocol ${d.protocolId} ${d.protocolVersion} has been updated since this triage started; start the triage again`,
      );
    }
    let session = startTriage({
      protocol,
      sieve: this.library.sieve,
      patient: d.patient,
      presentingComplaint: d.presentingComplaint,
      ...(d.asOf === null ? {} : { asOf: d.asOf }),
    });
    let completed = false;
    for (const e of events.slice(1)) {
      if (e.type === 'TriageAnswered') {
        const { questionId, value, change } = e.data as {
          questionId: string;
          value: unknown;
          change: boolean;
        };
        session = change ? changeAnswer(session, questionId, value) : answer(session, questionId, value);
      } else if (e.type === 'TriageSteppedBack') session = back(session);
      else if (e.type === 'TriageCompleted') completed = true;
    }
    const version = (events[events.length - 1] as StoredEvent).streamVersion;
    return { triageId, caseId: d.caseId, session, version, completed, events };
  }

  private async view(me: Actor, triageId: string) {
    return this.render(await this.load(me, triageId));
  }

  private render(loaded: Loaded) {
    const { session } = loaded;
    return {
      triageId: loaded.triageId,
      caseId: loaded.caseId,
      version: loaded.version,
      completed: loaded.completed,
      protocol: { id: session.protocol.id, version: session.protocol.version, title: session.protocol.title },
      patient: session.patient,
      presentingComplaint: session.presentingComplaint,
      state: triageState(session),
    };
  }
}
