export {
  ensureNhsNumber,
  formatNhsNumber,
  generateTestNhsNumber,
  isNhsNumber,
  type NhsNumber,
  type NhsNumberProblem,
  type NhsNumberResult,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhsNumber.js';
