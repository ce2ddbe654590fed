/**
 * The typed face of the event catalogue: `CaseEvent` is a discriminated union on `type`, and
 * `parseCaseEvent` is the one door from untrusted data to it. Errors name every field at fault,
 * relative to the event's data ("call.callBackNumber", "location.addressLines[1]"), so the edge
 * can prefix them with where the event sat in the request.
 */
import type { z } from 'zod';
import { type ErrorDetail, LanternError } from '../errors/catalogue.js';
import { CASE_EVENT_SCHEMAS } from './caseEventSchemas.js';

type Schemas = typeof CASE_EVENT_SCHEMAS;

export type CaseEventType = keyof Schemas;

/** The validated (normalised) data of each event type. */
export type CaseEventDataMap = { [K in CaseEventType]: z.output<Schemas[K]> };

/** What a writer may pass in, before normalisation (e.g. a phone number as typed). */
export type CaseEventInputMap = { [K in CaseEventType]: z.input<Schemas[K]> };

export type CaseEventData<T extends CaseEventType> = CaseEventDataMap[T];

export type CaseEvent = { [K in CaseEventType]: { type: K; data: CaseEventDataMap[K] } }[CaseEventType];

export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_SCHEMAS) as CaseEventType[];

export function isCaseEventType(type: unknown): type is CaseEventType {
  return typeof type === 'string' && Object.hasOwn(CASE_EVENT_SCHEMAS, type);
}

/**
 * Validates `data` for the event `type` and returns it typed and normalised.
 * Throws `E_VALIDATION` with one detail per problem, each naming its field path.
 */
export function parseCaseEvent<T extends CaseEventType>(type: T, data: unknown): CaseEventOf<T>;
export function parseCaseEvent(type: string, data: unknown): CaseEvent;
export function parseCaseEvent(type: string, data: unknown): CaseEvent {
  if (!isCaseEventType(type)) {
    const message = `"${type}" is not an event of a case; expected one of ${CASE_EVENT_TYPES.join(', ')}`;
    throw new LanternError('E_VALIDATION', message, [{ path: 'type', message }]);
  }
  const result = CASE_EVENT_SCHEMAS[type].safeParse(data);
  if (!result.success) {
    throw new LanternError(
      'E_VALIDATION',
      `The ${type} event is not valid`,
      issueDetails(result.error.issues),
    );
  }
  return { type, data: result.data } as CaseEvent;
}

function issueDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'is not a field of this event',
      }));
    }
    const path = formatPath(issue.path);
    return [path === '' ? { message: issue.message } : { path, message: issue.message }];
  });
}

/** ["location", "addressLines", 1] -> "location.addressLines[1]". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
