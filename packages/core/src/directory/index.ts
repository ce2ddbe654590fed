export { type Calendar, ENGLAND_AND_WALES, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.js';
export { effectiveCapacity } from './capacity.js';
export { CATCH_ALL_LIMIT } from './catchAll.js';
export {
  DEFAULT_HORIZON_DAYS,
  isOpenAt,
  nextOpenWindow,
  type OpenInterval,
  type OpenWindow,
  openIntervals,
  type SessionSource,
  sessionsForDate,
} from './openingHours.js';
export {
  DEFAULT_PER_TYPE_LIMIT,
  perTypeLimit,
  pickRankingStrategy,
  type RankingStrategies,
  type RankingStrategy,
  type RankingStrategySource,
  type ReferralCategory,
  type ServiceLabel,
  SINGLE_RESULT_TYPES,
} from './rankServices.js';
export {
  NATIONAL_DEFAULT_SEARCH_DISTANCE_KM,
  REQUEST_DISTANCE_RANGE_KM,
  resolveSearchDistance,
  type SearchDistance,
  type SearchDistanceInput,
  type SearchDistanceSource,
} from './searchDistance.js';
export { SEARCH_RULES, type SearchRule } from './searchRules.js';
export {
  type DirectorySearch,
  type DirectorySearchOptions,
  type DirectorySearchResult,
  type ExcludedService,
  type MatchedService,
  searchServices,
} from './searchServices.js';
export {
  type AgeRange,
  AgeRangeSchema,
  ageRangeInYears,
  CAPACITY_STATUSES,
  type Capacity,
  CapacitySchema,
  type CapacityStatus,
  CapacityStatusSchema,
  DAYS_OF_WEEK,
  DAYS_PER_MONTH,
  DAYS_PER_YEAR,
  type DayOfWeek,
  DOS_SERVICE_TYPE_ID,
  type Endpoint,
  EndpointSchema,
  type OpeningTimes,
  OpeningTimesSchema,
  SERVICE_TYPES,
  type Service,
  type ServiceInput,
  ServiceSchema,
  type ServiceType,
  ServiceTypeSchema,
  type Session,
  SessionSchema,
  type Sex,
  SexSchema,
  type SpecifiedDate,
  SpecifiedDateSchema,
  type SymptomProfile,
  SymptomProfileSchema,
  type WeeklySession,
  WeeklySessionSchema,
} from './service.js';
export { NOT_CLOSING_WITHIN_MINUTES, sessionWindowMinutes } from './sessionWindow.js';
