/**
 * Our patient as a FHIR R4 Patient in the UK Core shape PDS uses: the NHS number identifier with
 * its verification status, name, gender, birth date, home address, phones, the registered GP
 * practice by ODS code, and language with the interpreter flag (UK Core NHSCommunication).
 * A search answers a reduced Patient (SUBSETTED): only what the trace step may show.
 */
import type { Demographics, PatientState } from '@lantern/core';
import type { TraceMatch } from './demographicsTrace.js';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const UK_CORE_PATIENT = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
const VERIFICATION_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus';
const COMMUNICATION_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSCommunication';
const HUMAN_LANGUAGE_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage';
const COMMUNICATION_NEED_EXTENSION = 'https://lantern.nhs.invalid/StructureDefinition/communication-need';
const COMMUNICATION_NEED_SYSTEM = 'https://lantern.nhs.invalid/CodeSystem/communication-need';

type FhirPatient = Record<string, unknown> & { resourceType: 'Patient' };

function nhsNumberIdentifier(nhsNumber: string, verified: boolean) {
  return {
    system: NHS_NUMBER_SYSTEM,
    value: nhsNumber,
    extension: [
      {
        url: VERIFICATION_EXTENSION,
        valueCodeableConcept: {
          coding: [
            verified
              ? { system: VERIFICATION_SYSTEM, code: '01', display: 'Number present and verified' }
              : { system: VERIFICATION_SYSTEM, code: '02', display: 'Number present but not traced' },
          ],
        },
      },
    ],
  };
}

function humanName(name: Demographics['name']) {
  return {
    use: 'usual',
    family: name.family,
    ...(name.given.length > 0 ? { given: name.given } : {}),
    ...(name.prefix ? { prefix: [name.prefix] } : {}),
  };
}

export function toFhirPatient(state: PatientState): FhirPatient {
  const d = state.demographics;
  const extension: unknown[] = [];
  if (d.language !== undefined) {
    extension.push({
      url: COMMUNICATION_EXTENSION,
      extension: [
        {
          url: 'language',
          valueCodeableConcept: { coding: [{ system: HUMAN_LANGUAGE_SYSTEM, code: d.language }] },
        },
        { url: 'interpreterRequired', valueBoolean: d.interpreterRequired },
      ],
    });
  }
  for (const need of d.communicationNeeds) {
    extension.push({
      url: COMMUNICATION_NEED_EXTENSION,
      valueCoding: {
        system: COMMUNICATION_NEED_SYSTEM,
        code: need.kind,
        ...(need.detail ? { display: need.detail } : {}),
      },
    });
  }
  return {
    resourceType: 'Patient',
    id: state.patientId,
    meta: { versionId: String(state.version), lastUpdated: state.updatedAt, profile: [UK_CORE_PATIENT] },
    ...(extension.length > 0 ? { extension } : {}),
    ...(d.nhsNumber ? { identifier: [nhsNumberIdentifier(d.nhsNumber, d.nhsNumberVerified)] } : {}),
    name: [humanName(d.name)],
    ...(d.phones.length > 0
      ? { telecom: d.phones.map((p, i) => ({ system: 'phone', value: p.number, use: p.use, rank: i + 1 })) }
      : {}),
    gender: d.gender,
    birthDate: d.birthDate,
    ...(d.address
      ? {
          address: [
            {
              use: 'home',
              ...(d.address.lines.length > 0 ? { line: d.address.lines } : {}),
              ...(d.address.postcode ? { postalCode: d.address.postcode } : {}),
            },
          ],
        }
      : {}),
    ...(d.language !== undefined
      ? {
          communication: [
            { language: { coding: [{ system: 'urn:ietf:bcp:47', code: d.language }] }, preferred: true },
          ],
        }
      : {}),
    ...(d.gpPracticeOds
      ? {
          generalPractitioner: [
            { type: 'Organization', identifier: { system: ODS_SYSTEM, value: d.gpPracticeOds } },
          ],
        }
      : {}),
  };
}

/** A search match: identity only, marked as a subset of the record. */
export function toFhirPatientMatch(m: TraceMatch): FhirPatient {
  return {
    resourceType: 'Patient',
    ...(m.patientId ? { id: m.patientId } : {}),
    meta: {
      profile: [UK_CORE_PATIENT],
      tag: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
          code: 'SUBSETTED',
          display: 'subsetted',
        },
      ],
    },
    ...(m.nhsNumber ? { identifier: [{ system: NHS_NUMBER_SYSTEM, value: m.nhsNumber }] } : {}),
    name: [humanName(m.name)],
    birthDate: m.birthDate,
    ...(m.postcode ? { address: [{ use: 'home', postalCode: m.postcode }] } : {}),
  };
}
