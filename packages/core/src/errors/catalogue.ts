/**
 * The one catalogue of coded errors. Every failure Lantern reports on the wire carries one of
 * these codes; the HTTP status and the FHIR OperationOutcome issue type are properties of the
 * code, never chosen at the throw site. docs/errors.md documents each code (a test keeps the
 * two in step).
 */
export const ERROR_CATALOGUE = {
  E_VALIDATION: { status: 400, fhir: 'invalid', title: 'The request is not valid' },
  E_MALFORMED_JSON: { status: 400, fhir: 'structure', title: 'The body is not well-formed JSON' },
  E_INVALID_ID: { status: 400, fhir: 'value', title: 'An identifier is not valid' },
  E_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    fhir: 'not-supported',
    title: 'The content type is not supported',
  },
  E_PAYLOAD_TOO_LARGE: { status: 413, fhir: 'too-long', title: 'The body is larger than allowed' },
  E_NOT_FOUND: { status: 404, fhir: 'not-found', title: 'Nothing exists at this address' },
  E_METHOD_NOT_ALLOWED: { status: 405, fhir: 'not-supported', title: 'The method is not allowed here' },
  E_STREAM_VERSION_CONFLICT: { status: 409, fhir: 'conflict', title: 'The record changed since it was read' },
  E_EVENT_ID_CONFLICT: {
    status: 409,
    fhir: 'duplicate',
    title: 'An event with this id exists with different content',
  },
  E_STREAM_CONFLICT: { status: 409, fhir: 'conflict', title: 'The stream id cannot be used for this record' },
  E_EVENT_INVALID: { status: 422, fhir: 'invariant', title: 'The event cannot be recorded' },
  E_UNKNOWN_REFERENCE: {
    status: 422,
    fhir: 'not-found',
    title: 'The request names a record that does not exist here',
  },
  E_INVALID_TRANSITION: {
    status: 409,
    fhir: 'business-rule',
    title: "This action is not possible in the record's current state",
  },
  E_UNAUTHENTICATED: { status: 401, fhir: 'login', title: 'Sign in is required' },
  E_FORBIDDEN: { status: 403, fhir: 'forbidden', title: 'You do not have permission for this' },
  E_RATE_LIMITED: { status: 429, fhir: 'throttled', title: 'Too many requests' },
  E_UNAVAILABLE: { status: 503, fhir: 'transient', title: 'The service is not available right now' },
  E_INTERNAL: { status: 500, fhir: 'exception', title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; fhir: string; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorDetail {
  /** Where in the input the problem is (JSON pointer-ish path, header or parameter name). */
  path?: string;
  message: string;
}

/** The only error type domain and server code throw for expected failures. */
export class LanternError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message ?? ERROR_CATALOGUE[code].title);
    this.name = 'LanternError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export function isLanternError(err: unknown): err is LanternError {
  return err instanceof LanternError;
}
