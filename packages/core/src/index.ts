export * from './cases/index.js';
export * from './directory/index.js';
export {
  ERROR_CATALOGUE,
  type ErrorCode,
  type ErrorDetail,
  isLanternError,
  LanternError,
} from './errors/catalogue.js';
export { CanonicalJsonError, canonicalJson } from './events/canonical.js';
export {
  type ChainBreak,
  ChainVerifier,
  computeEventHash,
  describeChainBreak,
  GENESIS_HASH,
  hashedContent,
  portableSha256Hex,
  type Sha256Hex,
} from './events/hashChain.js';
export type {
  AppendedEvent,
  ExpectedVersion,
  JsonObject,
  JsonValue,
  NewEvent,
  StoredEvent,
  StreamRef,
} from './events/types.js';
export * from './geo/index.js';
export * from './identity/index.js';
export { isUuid, isUuidV7, newId } from './ids/ids.js';
export * from './messaging/index.js';
export * from './patients/index.js';
export * from './prescribing/index.js';
export * from './triage/index.js';
