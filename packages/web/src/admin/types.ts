/** An account as GET /api/admin/users describes it. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  status: string;
  mfaEnrolled: boolean;
  lockedUntil: string | null;
  expiresAt: string | null;
}
