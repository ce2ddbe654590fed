export {
  checkPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEM_TEXT,
  type PasswordProblem,
} from './passwordPolicy.js';
export {
  hasPermission,
  isPermission,
  isRole,
  PERMISSION_MATRIX,
  PERMISSIONS,
  type Permission,
  permissionsOf,
  ROLE_LABELS,
  ROLES,
  type Role,
} from './permissions.js';
