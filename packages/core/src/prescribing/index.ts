export {
  ensurePrescriptionId,
  generatePrescriptionId,
  isPrescriptionId,
  PRESCRIPTION_ID_CHECK_ALPHABET,
  type PrescriptionId,
  type PrescriptionIdProblem,
  type PrescriptionIdResult,
  parsePrescriptionId,
  prescriberOdsSegment,
  prescriptionIdCheckCharacter,
} from './prescriptionId.js';
