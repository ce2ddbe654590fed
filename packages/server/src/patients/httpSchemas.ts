/**
 * The JSON schemas of the patient routes: the first check at the edge (types, sizes, no unknown
 * fields) and the OpenAPI description. The domain's own rules and their reasons (check digits,
 * impossible dates, postcodes) are core's zod schemas, applied by the service after these.
 */
import {
  ADMINISTRATIVE_GENDERS,
  COMMUNICATION_NEEDS,
  PHONE_USES,
  SPECIAL_NOTE_KINDS,
  SPECIAL_NOTE_MAX,
} from '@lantern/core';
import { BREAK_GLASS_REASON_MIN } from './breakGlass.js';

export const tags = ['patients'];
export const str = (maxLength: number, description?: string) => ({
  type: 'string',
  maxLength,
  ...(description ? { description } : {}),
});
export const uuid = { type: 'string', format: 'uuid' } as const;
export const eventId = {
  ...uuid,
  description: 'UUIDv7 made by the client: a retry with the same id is answered, not repeated',
};

const nameSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['family'],
  properties: {
    prefix: str(40, 'Mr, Mrs, Ms, Dr...'),
    given: { type: 'array', maxItems: 5, items: str(100), description: 'Given names in order' },
    family: str(100),
  },
} as const;
const addressSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lines: { type: 'array', maxItems: 5, items: str(200) },
    postcode: str(20, 'Any spacing or case; stored as "M1 1AE"'),
  },
} as const;
const phonesSchema = {
  type: 'array',
  maxItems: 5,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['use', 'number'],
    properties: { use: { type: 'string', enum: [...PHONE_USES] }, number: str(40) },
  },
} as const;
const needsSchema = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: { kind: { type: 'string', enum: [...COMMUNICATION_NEEDS] }, detail: str(200) },
  },
} as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export const demographicsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'birthDate', 'gender'],
  properties: {
    nhsNumber: str(20, 'Ten digits, spaces or dashes allowed as 3 3 4; the check digit is verified'),
    name: nameSchema,
    birthDate: str(40, 'YYYY-MM-DD; not in the future, not before 1880'),
    gender: { type: 'string', enum: [...ADMINISTRATIVE_GENDERS] },
    address: addressSchema,
    phones: phonesSchema,
    gpPracticeOds: str(10, 'ODS code of the registered GP practice'),
    language: str(35, 'BCP 47 code: en, pl, pa, bfi (BSL)...'),
    interpreterRequired: { type: 'boolean' },
    communicationNeeds: needsSchema,
  },
} as const;

export const changesSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description:
    'Merge patch: a field given replaces the value, null removes it, a field left out is unchanged',
  properties: {
    nhsNumber: nullable(str(20)),
    name: nameSchema,
    birthDate: str(40),
    gender: { type: 'string', enum: [...ADMINISTRATIVE_GENDERS] },
    address: nullable(addressSchema),
    phones: phonesSchema,
    gpPracticeOds: nullable(str(10)),
    language: nullable(str(35)),
    interpreterRequired: { type: 'boolean' },
    communicationNeeds: needsSchema,
  },
} as const;

/** The record: the notes in force are listed apart (`activeSpecialNotes`) so no screen misses one. */
export const patientResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    patientId: { type: 'string' },
    version: { type: 'integer' },
    demographics: { type: 'object', additionalProperties: true },
    activeSpecialNotes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    specialNotes: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

export const specialNoteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'noteId', 'kind', 'text'],
  properties: {
    eventId,
    noteId: uuid,
    kind: { type: 'string', enum: [...SPECIAL_NOTE_KINDS] },
    text: { type: 'string', minLength: 1, maxLength: SPECIAL_NOTE_MAX },
    expectedVersion: { type: 'integer', minimum: 1 },
  },
} as const;

export const endNoteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'reason'],
  properties: {
    eventId,
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    expectedVersion: { type: 'integer', minimum: 1 },
  },
} as const;

export const breakGlassBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: {
      type: 'string',
      maxLength: 2000,
      description: `At least ${BREAK_GLASS_REASON_MIN} characters`,
    },
  },
} as const;

export const breakGlassResponse = {
  type: 'object',
  properties: {
    grantId: { type: 'string' },
    patientId: { type: 'string' },
    reason: { type: 'string' },
    grantedAt: { type: 'string' },
    expiresAt: { type: 'string' },
  },
} as const;
