/**
 * Roles and the permission matrix, as data. The server enforces it on every route and the
 * console uses the same table to decide what to show, so the two can never disagree.
 * Least privilege: each role gets only what its job on a shift needs; nothing is implied.
 */
export const ROLES = [
  'call-handler',
  'clinician',
  'prescriber',
  'dispatcher',
  'supervisor',
  'org-admin',
  'auditor',
  'care-home-carer',
  'mental-health-clinician',
  'supplier-support',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'call-handler': 'Call handler (health advisor)',
  clinician: 'Clinician',
  prescriber: 'Prescriber',
  dispatcher: 'Dispatcher',
  supervisor: 'Supervisor',
  'org-admin': 'Organisation admin',
  auditor: 'Auditor / privacy officer',
  'care-home-carer': 'Care-home carer',
  'mental-health-clinician': 'Mental-health clinician',
  'supplier-support': 'Supplier support (time-boxed)',
};

export const PERMISSIONS = [
  'case:create',
  'case:read',
  'case:update',
  'case:assign',
  'queue:read',
  'patient:read',
  'patient:write',
  'patient:break-glass',
  'triage:run',
  'disposition:override',
  'ambulance:request',
  'ambulance:validate',
  'dispatch:manage',
  'directory:read',
  'directory:manage',
  'booking:manage',
  'prescription:issue',
  'prescription:read',
  'carehome:record',
  'mentalhealth:record',
  'wallboard:read',
  'user:manage',
  'support-grant:manage',
  'audit:read',
  'privacy-alert:read',
  'reference:manage',
  'system:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CALL_HANDLING: Permission[] = [
  'case:create',
  'case:read',
  'case:update',
  'patient:read',
  'patient:write',
  'triage:run',
  'ambulance:request',
  'directory:read',
  'booking:manage',
];
const CLINICAL: Permission[] = [
  ...CALL_HANDLING,
  'case:assign',
  'queue:read',
  'patient:break-glass',
  'disposition:override',
  'ambulance:validate',
  'prescription:read',
];

export const PERMISSION_MATRIX: Record<Role, readonly Permission[]> = {
  'call-handler': CALL_HANDLING,
  clinician: CLINICAL,
  prescriber: [...CLINICAL, 'prescription:issue'],
  dispatcher: ['case:read', 'patient:read', 'dispatch:manage', 'directory:read', 'ambulance:request'],
  supervisor: ['case:read', 'case:assign', 'queue:read', 'wallboard:read', 'directory:read', 'patient:read'],
  'org-admin': ['user:manage', 'support-grant:manage', 'directory:manage', 'reference:manage', 'system:read'],
  auditor: ['audit:read', 'privacy-alert:read', 'system:read'],
  'care-home-carer': ['carehome:record', 'patient:read', 'patient:write'],
  'mental-health-clinician': [
    'mentalhealth:record',
    'patient:read',
    'patient:write',
    'case:read',
    'case:update',
    'queue:read',
    'case:assign',
    'patient:break-glass',
  ],
  // Support staff see system state to diagnose; they never see patients or change users.
  'supplier-support': ['system:read', 'directory:read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of PERMISSION_MATRIX[r]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => PERMISSION_MATRIX[r].includes(permission));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
