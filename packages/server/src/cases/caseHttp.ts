/** Pieces shared by the case capability's routes. */
import type { CaseState } from '@lantern/core';
import type { FastifyRequest } from 'fastify';
import { UUID_PATTERN } from './commands.js';

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID_PATTERN } },
} as const;

/** Names the case, and its patient when known, in the request's audit entry. */
export function note(
  request: FastifyRequest,
  action: string,
  state: Pick<CaseState, 'caseId' | 'patient'>,
): void {
  request.auditNote = {
    action,
    patientId: state.patient?.patientId ?? null,
    entityType: 'case',
    entityId: state.caseId,
  };
}
