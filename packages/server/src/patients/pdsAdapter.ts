/**
 * PDS FHIR R4 Patient (NHS England's Personal Demographics Service) to our demographics.
 *
 * Constraints that shaped it (each seen in PDS's own published examples, shared/data/pds):
 * 1) The NHS number is checked, not trusted: PDS's sandbox "compound name" patient 9000000015
 *    fails its check digit. A record without a valid NHS number is refused, never half-used.
 * 2) Names, addresses and the GP carry `use` and `period`. The one used is the `usual` name /
 *    `home` address in force today; when every period has ended (PDS's sandbox examples end in
 *    2025) the first one PDS lists is used, with a warning, rather than losing the address.
 * 3) Restricted (sensitive) patients arrive without address, telecom or GP (meta.security "R"
 *    or "V"); the mapping says `restricted` so the screen can say why the address is missing.
 * 4) Test patients carry values our model refuses (postcode "ZY5T2PX", phone "123342"): such a
 *    value is left out with a warning, the rest of the record is still used.
 * 5) A record with no name or no date of birth (PDS's "minimal" patient) cannot identify
 *    anyone on a call; it is refused with the reason.
 * 6) What we hold and PDS does not model directly: communication needs come from the UK Core
 *    ContactPreference (Braille, large print) and a textphone contact (text relay).
 */
import {
  type Demographics,
  demographicsSchema,
  parseDateOfBirth,
  parseNhsNumber,
  parsePatientPhone,
  parsePostcode,
} from '@lantern/core';
import { NHS_NUMBER_SYSTEM, ODS_SYSTEM } from './fhirPatient.js';

type Json = Record<string, unknown>;

export type PdsPatientMapping =
  | {
      ok: true;
      demographics: Demographics;
      restricted: boolean;
      deceasedAt: string | null;
      /** The PDS resource version (meta.versionId): PDS needs it for a PATCH (If-Match). */
      versionId: string | null;
      warnings: string[];
    }
  | { ok: false; nhsNumber: string | null; problems: string[] };

const PHONE_USES: Record<string, Demographics['phones'][number]['use']> = {
  home: 'home',
  work: 'work',
  mobile: 'mobile',
  temp: 'temp',
};

/** UKCore-PreferredWrittenCommunicationFormat codes that are needs we hold. */
const WRITTEN_FORMATS: Record<string, Demographics['communicationNeeds'][number]['kind']> = {
  '11': 'large-print',
  '12': 'braille',
};

export function mapPdsPatient(resource: unknown, today: string): PdsPatientMapping {
  const r = asObject(resource);
  if (r?.resourceType !== 'Patient') {
    return { ok: false, nhsNumber: null, problems: ['This is not a FHIR Patient resource'] };
  }
  const problems: string[] = [];
  const warnings: string[] = [];

  const identifier = array(r.identifier).find((i) => i.system === NHS_NUMBER_SYSTEM);
  const rawNhs =
    typeof identifier?.value === 'string' ? identifier.value : typeof r.id === 'string' ? r.id : null;
  const nhs = rawNhs === null ? null : parseNhsNumber(rawNhs);
  if (!nhs) problems.push('The record has no NHS number');
  else if (!nhs.ok) problems.push(`NHS number ${rawNhs}: ${nhs.message}`);
  const verified = array(identifier?.extension).some((e) =>
    codings(e.valueCodeableConcept).some((c) => c.code === '01'),
  );

  const name = pick(array(r.name), today, 'name', warnings, (n) => n.use === 'usual' || n.use === undefined);
  if (!name || typeof name.family !== 'string' || name.family.trim() === '')
    problems.push('PDS holds no family name for this patient');

  let birthDate: string | null = null;
  if (typeof r.birthDate !== 'string') problems.push('PDS holds no date of birth for this patient');
  else {
    const d = parseDateOfBirth(r.birthDate, today);
    if (d.ok) birthDate = d.value;
    else problems.push(`Date of birth ${r.birthDate}: ${d.message}`);
  }
  if (problems.length > 0 || !name) return { ok: false, nhsNumber: rawNhs, problems };

  const gender = ['female', 'male', 'other', 'unknown'].includes(r.gender as string) ? r.gender : 'unknown';
  if (r.gender === undefined) warnings.push('PDS holds no gender; recorded as unknown');

  const candidate: Record<string, unknown> = {
    nhsNumber: rawNhs,
    nhsNumberVerified: verified,
    name: {
      ...(strings(name.prefix)[0] ? { prefix: strings(name.prefix)[0] } : {}),
      given: strings(name.given).slice(0, 5),
      family: (name.family as string).trim(),
    },
    birthDate,
    gender,
    phones: phonesOf(array(r.telecom), today, warnings),
    communicationNeeds: communicationNeedsOf(r),
  };

  const address = pick(
    array(r.address),
    today,
    'address',
    warnings,
    (a) => a.use === 'home' || a.use === undefined,
  );
  if (address) {
    const lines = strings(address.line).slice(0, 5);
    let postcode: string | undefined;
    if (typeof address.postalCode === 'string') {
      const p = parsePostcode(address.postalCode);
      if (p.ok) postcode = p.value.normalised;
      else warnings.push(`Postcode "${address.postalCode}" is not a UK postcode; left out`);
    }
    if (lines.length > 0 || postcode) candidate.address = { lines, ...(postcode ? { postcode } : {}) };
  }

  const gp = pick(
    array(r.generalPractitioner),
    today,
    'GP practice',
    warnings,
    undefined,
    (g) => asObject(g.identifier)?.period,
  );
  const ods = asObject(gp?.identifier);
  if (ods?.system === ODS_SYSTEM && typeof ods.value === 'string') candidate.gpPracticeOds = ods.value;

  const communication = extension(r, 'Extension-UKCore-NHSCommunication');
  if (communication) {
    const language = codings(extension(communication, 'language')?.valueCodeableConcept)[0]?.code;
    if (typeof language === 'string') {
      candidate.language = language;
      candidate.interpreterRequired = extension(communication, 'interpreterRequired')?.valueBoolean === true;
    }
  }

  const parsed = demographicsSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      nhsNumber: rawNhs,
      problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    };
  }
  const security = codings({ coding: asObject(r.meta)?.security });
  return {
    ok: true,
    demographics: parsed.data,
    restricted: security.some((c) => c.code === 'R' || c.code === 'V'),
    deceasedAt: typeof r.deceasedDateTime === 'string' ? r.deceasedDateTime : null,
    versionId:
      typeof asObject(r.meta)?.versionId === 'string' ? (asObject(r.meta)?.versionId as string) : null,
    warnings,
  };
}

/** The entries of a PDS searchset with their match scores (1 = exact), best first as PDS sent them. */
export function pdsSearchEntries(bundle: unknown): { score: number; resource: unknown }[] {
  const b = asObject(bundle);
  if (b?.resourceType !== 'Bundle') return [];
  return array(b.entry)
    .filter((e) => asObject(e.resource)?.resourceType === 'Patient')
    .map((e) => ({ score: Number(asObject(e.search)?.score ?? 1), resource: e.resource }));
}

function phonesOf(telecom: Json[], today: string, warnings: string[]): unknown[] {
  const out: unknown[] = [];
  // Phones in force first; one whose period has ended is still the latest number PDS holds.
  const ordered = [
    ...telecom.filter((t) => inForce(t.period, today)),
    ...telecom.filter((t) => !inForce(t.period, today)),
  ];
  for (const t of ordered) {
    if (t.system !== 'phone' || typeof t.value !== 'string') continue;
    const use = PHONE_USES[t.use as string];
    if (!use) continue;
    const p = parsePatientPhone(t.value);
    if (p.ok) out.push({ use, number: p.value });
    else warnings.push(`Phone "${t.value}": ${p.message}; left out`);
  }
  return out.slice(0, 5);
}

function communicationNeedsOf(r: Json): unknown[] {
  const needs = new Set<string>();
  const preference = extension(r, 'Extension-UKCore-ContactPreference');
  if (preference) {
    const code = codings(
      extension(preference, 'PreferredWrittenCommunicationFormat')?.valueCodeableConcept,
    )[0]?.code;
    const need = typeof code === 'string' ? WRITTEN_FORMATS[code] : undefined;
    if (need) needs.add(need);
  }
  for (const t of array(r.telecom)) {
    if (t.system !== 'other') continue;
    const other = extension(t, 'Extension-UKCore-OtherContactSystem');
    if (asObject(other?.valueCoding)?.code === 'textphone') needs.add('text-relay');
  }
  return [...needs].map((kind) => ({ kind }));
}

/**
 * The accepted element in force today (no period, or one that has not ended); else the first
 * accepted one, with a warning that its period has ended; else the first of any use.
 */
function pick(
  items: Json[],
  today: string,
  label: string,
  warnings: string[],
  accept: (item: Json) => boolean = () => true,
  periodOf: (item: Json) => unknown = (item) => item.period,
): Json | undefined {
  const inForceNow = items.find((item) => accept(item) && inForce(periodOf(item), today));
  if (inForceNow) return inForceNow;
  const chosen = items.find(accept) ?? items.find((item) => item.use !== 'old');
  if (chosen) {
    const end = asObject(periodOf(chosen))?.end;
    warnings.push(
      `PDS's ${label} ${end ? `ended on ${String(end).slice(0, 10)}` : 'is not current'}; used as the latest PDS holds`,
    );
  }
  return chosen;
}

function inForce(period: unknown, today: string): boolean {
  const p = asObject(period);
  const end = typeof p?.end === 'string' ? p.end.slice(0, 10) : null;
  const start = typeof p?.start === 'string' ? p.start.slice(0, 10) : null;
  return (end === null || end >= today) && (start === null || start <= today);
}

function extension(holder: Json, name: string): Json | undefined {
  return array(holder.extension).find(
    (e) => typeof e.url === 'string' && (e.url === name || e.url.endsWith(`/${name}`)),
  );
}

function codings(concept: unknown): Json[] {
  return array(asObject(concept)?.coding);
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function array(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject).filter((v): v is Json => v !== undefined) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    : [];
}
