/**
 * The Directory of Services service model, as plain data with zod schemas for the edge.
 * Field meanings follow the DoS CheckCapacitySummary response (domain.md §4.2): rota
 * sessions by weekday and for bank holidays, "openTimeSpecified" dates that override them,
 * open all hours, age ranges held in days, capacity as RAG with an automatic reset, the
 * referral information for 111 staff, public and non-public phone numbers, and endpoints.
 */
import { z } from 'zod';
import { parsePostcode } from '../geo/postcode.js';

export const SERVICE_TYPES = [
  'emergency-department',
  'urgent-treatment-centre',
  'minor-injuries-unit',
  'same-day-emergency-care',
  'out-of-hours-treatment-centre',
  'gp-practice',
  'gp-access-hub',
  'pharmacy',
  'pharmacy-urgent-medicines-supply',
  'dental',
  'mental-health-crisis',
  'clinical-assessment-service',
  'pharmacy-clinical-assessment-service',
  'dental-clinical-assessment-service',
  'paediatric-clinical-assessment-service',
  'validation-service',
  'call-handling-111',
  'emergency-national-response',
  'urgent-community-response',
  'community-nursing',
] as const;
export const ServiceTypeSchema = z.enum(SERVICE_TYPES);
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

/**
 * DoS service type ids (domain.md §4.3, `_pages/reference/service_types.md`), for mapping
 * to and from DoS data. null: the type has no id quoted in our sources.
 */
export const DOS_SERVICE_TYPE_ID: Readonly<Record<ServiceType, number | null>> = {
  'emergency-department': 105,
  'urgent-treatment-centre': 135,
  'minor-injuries-unit': null,
  'same-day-emergency-care': 140,
  'out-of-hours-treatment-centre': 25, // "IUC Treatment", which carries the "(Home OOH)" label
  'gp-practice': 100,
  'gp-access-hub': 136,
  pharmacy: 13,
  'pharmacy-urgent-medicines-supply': 131,
  dental: 47,
  'mental-health-crisis': 142,
  'clinical-assessment-service': 133,
  'pharmacy-clinical-assessment-service': 137,
  'dental-clinical-assessment-service': 144,
  'paediatric-clinical-assessment-service': 145,
  'validation-service': 139,
  'call-handling-111': 130,
  'emergency-national-response': 138,
  'urgent-community-response': 146,
  'community-nursing': null,
};

export const DAYS_OF_WEEK = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/**
 * One opening session in local time. A close at or before the open ("22:00" to "02:00")
 * runs past midnight into the next day; "24:00" closes at midnight. The session belongs to
 * the day it opens, so a Friday night session runs on into Saturday whatever Saturday holds.
 */
const sessionShape = {
  open: z.string().regex(TIME_OF_DAY, 'open is HH:MM, 00:00-23:59'),
  close: z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'close is HH:MM, 00:00-24:00'),
};
const opensAndCloses = [
  (s: { open: string; close: string }) => s.open !== s.close,
  { message: 'open and close are the same time: use openAllHours, 00:00-24:00, or no session' },
] as const;

export const SessionSchema = z.object(sessionShape).refine(...opensAndCloses);
export type Session = z.infer<typeof SessionSchema>;

export const WeeklySessionSchema = z
  .object({ day: z.enum(DAYS_OF_WEEK), ...sessionShape })
  .refine(...opensAndCloses);
export type WeeklySession = z.infer<typeof WeeklySessionSchema>;

/** A date with its own hours; no sessions means closed all day (DoS "00:00-00:00"). */
export const SpecifiedDateSchema = z.object({
  date: z.iso.date(),
  sessions: z.array(SessionSchema),
});
export type SpecifiedDate = z.infer<typeof SpecifiedDateSchema>;

/**
 * Precedence for any one date (domain.md §4.3): specified date, then open all hours, then
 * bank holiday sessions, then the weekly rota. On a bank holiday only `bankHoliday`
 * sessions apply, so a service with none is closed, as in DoS.
 */
export const OpeningTimesSchema = z.object({
  openAllHours: z.boolean().default(false),
  weekly: z.array(WeeklySessionSchema).default([]),
  bankHoliday: z.array(SessionSchema).default([]),
  specifiedDates: z.array(SpecifiedDateSchema).default([]),
});
export type OpeningTimes = z.infer<typeof OpeningTimesSchema>;

export const CAPACITY_STATUSES = ['green', 'amber', 'red'] as const;
export const CapacityStatusSchema = z.enum(CAPACITY_STATUSES);
export type CapacityStatus = z.infer<typeof CapacityStatusSchema>;

/** RAG capacity; amber or red returns to green by itself at `resetsAt` (set when it was changed). */
export const CapacitySchema = z.object({
  status: CapacityStatusSchema,
  resetsAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type Capacity = z.infer<typeof CapacitySchema>;

/** DoS genders: M, F and I (indeterminate, the default when not known). */
export const SexSchema = z.enum(['M', 'F', 'I']);
export type Sex = z.infer<typeof SexSchema>;

/** Inclusive age range in days, as DoS stores it (1 year = 365.25 days, 1 month = 30.4375). */
export const AgeRangeSchema = z
  .object({ fromDays: z.number().int().min(0), toDays: z.number().int().min(0) })
  .refine((r) => r.fromDays <= r.toDays, { message: 'fromDays must not exceed toDays' });
export type AgeRange = z.infer<typeof AgeRangeSchema>;

export const DAYS_PER_YEAR = 365.25;
export const DAYS_PER_MONTH = 30.4375;

/** Whole years `fromYears` to `toYears` inclusive (to the day before the next birthday). */
export function ageRangeInYears(fromYears: number, toYears: number): AgeRange {
  return {
    fromDays: Math.floor(fromYears * DAYS_PER_YEAR),
    toDays: Math.floor((toYears + 1) * DAYS_PER_YEAR) - 1,
  };
}

export const SymptomProfileSchema = z.object({
  symptomGroup: z.number().int().positive(),
  symptomDiscriminators: z.array(z.number().int().positive()),
});
export type SymptomProfile = z.infer<typeof SymptomProfileSchema>;

export const EndpointSchema = z.object({
  order: z.number().int().min(1),
  transport: z.enum(['itk', 'email', 'phone', 'fax', 'fhir', 'mesh']),
  /** e.g. CDA, PDF, HTML, FHIR. */
  format: z.string().min(1),
  /** e.g. urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0 */
  interaction: z.string().min(1),
  businessScenario: z.enum(['primary', 'copy']),
  address: z.string().min(1),
  compressed: z.boolean().default(false),
  comment: z.string().optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

const LocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  postcode: z.string().refine((p) => {
    const parsed = parsePostcode(p);
    return parsed.ok && parsed.value.incode !== null && parsed.value.normalised === p;
  }, 'postcode must be a full postcode in normal form, e.g. M1 1AE'),
});

export const ServiceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Shown in preference to `name` where present (DoS publicName). */
  publicName: z.string().min(1).optional(),
  type: ServiceTypeSchema,
  /** Only active services are ever returned. */
  status: z.enum(['active', 'commissioning', 'closed']),
  odsCode: z
    .string()
    .regex(/^[0-9A-Z]{3,10}$/)
    .optional(),
  location: LocationSchema,
  openingTimes: OpeningTimesSchema,
  /** Dx codes the service accepts, e.g. "Dx05". */
  dispositions: z.array(z.string().min(1)),
  symptomProfiles: z.array(SymptomProfileSchema),
  /** A service with no age range or no sex profiled is never returned (as in DoS). */
  ageRanges: z.array(AgeRangeSchema),
  sexes: z.array(SexSchema),
  capacity: CapacitySchema,
  referral: z.object({
    /** Restricted services return only for patients of a commissioning GP practice. */
    restricted: z.boolean().default(false),
    /** ODS codes of the GP practices that commission the service ("service referrals"). */
    commissioningGpOdsCodes: z.array(z.string()).default([]),
    /** Referral (search) roles that may refer here; none means nobody can. */
    roles: z.array(z.string().min(1)),
    /** Free text for 111 call handlers and clinicians (DoS referralInformation). */
    information: z.string().default(''),
  }),
  /** CCG, LAD or local area codes the service is limited to; empty means not limited. */
  limitedToAreas: z.array(z.string().min(1)).default([]),
  /** Return only when open at search time (0) or opening within 15 or 30 minutes. */
  returnOnlyIfOpenWithinMinutes: z
    .union([z.literal(0), z.literal(15), z.literal(30)])
    .nullable()
    .default(null),
  phones: z
    .object({
      /** For patients. */
      public: z.string().min(1).optional(),
      /** For professionals only, never shown to patients (DoS nonPublicTelephoneNo). */
      professional: z.string().min(1).optional(),
    })
    .default({}),
  endpoints: z.array(EndpointSchema).default([]),
});
export type Service = z.infer<typeof ServiceSchema>;
export type ServiceInput = z.input<typeof ServiceSchema>;
