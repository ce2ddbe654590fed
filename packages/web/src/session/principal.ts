/** Who is signed in, as the server describes them after the second factor or at /api/auth/me. */
import { hasPermission, isRole, type Permission, type Role } from '@lantern/core';

export interface Principal {
  user: { id: string; username: string; displayName: string };
  organisation: { id: string; name: string };
  roles: string[];
  permissions: string[];
  csrfToken: string;
  sessionExpiresAt?: string;
  /** Only on the response that completes enrolment: shown once, never again. */
  recoveryCodes?: string[];
}

/** Roles this console knows; an unknown role from a newer server grants nothing here. */
export function knownRoles(principal: Principal): Role[] {
  return principal.roles.filter(isRole);
}

/** Decided from core's permission matrix, the same table the server enforces. */
export function can(principal: Principal, permission: Permission): boolean {
  return hasPermission(knownRoles(principal), permission);
}
