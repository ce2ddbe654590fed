/**
 * One error shape on the wire. FHIR routes (/fhir/...) answer an OperationOutcome; every other
 * route answers RFC 9457 problem+json. Both carry the catalogue code. Unknown failures become a
 * logged, generic 500 that reveals nothing about the internals.
 */
import {
  ERROR_CATALOGUE,
  type ErrorCode,
  type ErrorDetail,
  isLanternError,
  LanternError,
} from '@lantern/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fromValidation(err: FastifyError): LanternError {
  const issues = (err.validation ?? []) as ValidationIssue[];
  const context = err.validationContext ?? 'body';
  const details: ErrorDetail[] = issues.map((v) => {
    const extra =
      v.keyword === 'additionalProperties' ? `/${String(v.params?.additionalProperty ?? '')}` : '';
    const path = `${context}${(v.instancePath ?? '') + extra}`.replace(/\//g, '.');
    return { path, message: v.message ?? 'is not valid' };
  });
  const code: ErrorCode =
    context === 'params' && issues.some((v) => v.keyword === 'format' || v.keyword === 'pattern')
      ? 'E_INVALID_ID'
      : 'E_VALIDATION';
  return new LanternError(
    code,
    code === 'E_INVALID_ID' ? 'An identifier in the address is not valid' : 'The request is not valid',
    details,
  );
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'E_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'E_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'E_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'E_VALIDATION',
  FST_ERR_CTP_BODY_TOO_LARGE: 'E_PAYLOAD_TOO_LARGE',
  FST_ERR_BAD_URL: 'E_NOT_FOUND',
};

/** Any thrown thing, as a catalogue error (null when it is an unexpected failure). */
export function toLanternError(err: unknown): LanternError | null {
  if (isLanternError(err)) return err;
  const fe = err as FastifyError;
  if (fe?.validation) return fromValidation(fe);
  if (fe?.code && FASTIFY_CODES[fe.code])
    return new LanternError(FASTIFY_CODES[fe.code] as ErrorCode, fe.message);
  if (fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
    return new LanternError('E_MALFORMED_JSON');
  if (typeof fe?.statusCode === 'number' && fe.statusCode === 429) return new LanternError('E_RATE_LIMITED');
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return new LanternError('E_VALIDATION', fe.message);
  return null;
}

export function isFhirRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/fhir/');
}

export function operationOutcome(err: LanternError, requestId: string) {
  const entry = ERROR_CATALOGUE[err.code];
  const issues = err.details.length > 0 ? err.details : [{ message: err.message }];
  return {
    resourceType: 'OperationOutcome' as const,
    id: requestId,
    issue: issues.map((d) => ({
      severity: 'error' as const,
      code: entry.fhir,
      details: {
        coding: [{ system: 'https://lantern.nhs.invalid/CodeSystem/error-code', code: err.code }],
        text: err.message,
      },
      diagnostics: d.message,
      ...('path' in d && d.path ? { expression: [d.path] } : {}),
    })),
  };
}

export function problem(err: LanternError, requestId: string) {
  return {
    type: `https://lantern.nhs.invalid/errors/${err.code}`,
    title: ERROR_CATALOGUE[err.code].title,
    status: err.status,
    code: err.code,
    detail: err.message,
    requestId,
    ...(err.details.length > 0 ? { errors: err.details } : {}),
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: LanternError): FastifyReply {
  const fhir = isFhirRequest(request);
  return reply
    .status(err.status)
    .header(
      'content-type',
      fhir ? 'application/fhir+json; charset=utf-8' : 'application/problem+json; charset=utf-8',
    )
    .send(fhir ? operationOutcome(err, request.id) : problem(err, request.id));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const known = toLanternError(err);
    if (known) {
      if (known.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code: known.code, details: known.details }, 'request refused');
      return sendError(request, reply, known);
    }
    request.log.error({ err }, 'unexpected failure');
    return sendError(
      request,
      reply,
      new LanternError('E_INTERNAL', `Something went wrong on our side (request ${request.id})`),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new LanternError('E_NOT_FOUND', `No ${request.method} ${request.url.split('?')[0]} here`),
    ),
  );
}
