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
export { isUuid, isUuidV7, newId } from './ids/ids.js';
