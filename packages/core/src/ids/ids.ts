import { validate as uuidValidate, version as uuidVersion, v7 as uuidv7 } from 'uuid';

/** A new time-ordered event or record id. Clients make these, so retries stay idempotent. */
export function newId(): string {
  return uuidv7();
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Lower-case canonical UUID of any version. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_SHAPE.test(value) && uuidValidate(value);
}

export function isUuidV7(value: unknown): value is string {
  return isUuid(value) && uuidVersion(value) === 7;
}
