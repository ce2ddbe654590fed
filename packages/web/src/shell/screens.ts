/**
 * The console's screens and the permission each needs, from core's permission matrix: the
 * navigation shows a screen only if the user's roles grant its permission, and the router
 * mounts only those, so a hidden screen is also an unreachable one. The server still decides:
 * this only keeps people away from screens that would answer 403.
 */
import type { Permission } from '@lantern/core';
import { type ComponentType, lazy } from 'react';
import type { Principal } from '../session/principal.js';
import { can } from '../session/principal.js';

export interface ScreenDef {
  path: string;
  label: string;
  /** One line for the home page. */
  description: string;
  permission: Permission;
  /** Physical key used with Alt, e.g. "T" for Alt+T. */
  shortcutKey: string;
  Component: ComponentType;
}

const NewCallScreen = lazy(() => import('../cases/NewCallScreen.js'));
const TriageScreen = lazy(() => import('../triage/TriageScreen.js'));
const QueueScreen = lazy(() => import('../cases/QueueScreen.js'));
const UsersScreen = lazy(() => import('../admin/UsersScreen.js'));
const AuditScreen = lazy(() => import('../audit/AuditScreen.js'));
const PrivacyAlertsScreen = lazy(() => import('../audit/PrivacyAlertsScreen.js'));
const CaseScreen = lazy(() => import('../cases/CaseScreen.js'));
const WallboardScreen = lazy(() => import('../supervisor/WallboardScreen.js'));

export const SCREENS: readonly ScreenDef[] = [
  {
    path: '/calls/new',
    label: 'New call',
    description:
      'Open a case for a caller: who is calling, the call-back number, where the patient is, the problem.',
    permission: 'case:create',
    shortcutKey: 'C',
    Component: NewCallScreen,
  },
  {
    path: '/triage',
    label: 'Triage',
    description: 'Assess a caller: life-threat sieve, presenting-complaint protocol, disposition and advice.',
    permission: 'triage:run',
    shortcutKey: 'T',
    Component: TriageScreen,
  },
  {
    path: '/queue',
    label: 'Queue',
    description:
      'Cases waiting for a clinician, most urgent first, with live breach timers. Take one to work it.',
    permission: 'queue:read',
    shortcutKey: 'Q',
    Component: QueueScreen,
  },
  {
    path: '/wallboard',
    label: 'Wallboard',
    description: 'Calls waiting per queue, the longest wait, cases near and past breach, live.',
    permission: 'wallboard:read',
    shortcutKey: 'W',
    Component: WallboardScreen,
  },
  {
    path: '/admin/users',
    label: 'Users',
    description: 'Create accounts, unlock, end sessions, reset a lost second factor, grant support access.',
    permission: 'user:manage',
    shortcutKey: 'U',
    Component: UsersScreen,
  },
  {
    path: '/audit',
    label: 'Audit log',
    description: 'Who did what, when, to which record: search the tamper-evident audit log.',
    permission: 'audit:read',
    shortcutKey: 'A',
    Component: AuditScreen,
  },
  {
    path: '/privacy-alerts',
    label: 'Privacy alerts',
    description: 'Break-glass access and account lockouts for the privacy officer to review.',
    permission: 'privacy-alert:read',
    shortcutKey: 'P',
    Component: PrivacyAlertsScreen,
  },
];

export function screensFor(principal: Principal): ScreenDef[] {
  return SCREENS.filter((s) => can(principal, s.permission));
}

/**
 * Screens reached from another screen rather than the navigation: a case from the queue, the
 * ambulance request or booking of a case (`/cases/:id/ambulance`, `/cases/:id/book`). Add one
 * here and every link to it appears (`hasScreen`); until then the link is not shown.
 */
export interface RouteDef {
  /** A React Router pattern, e.g. "/cases/:id/book". */
  path: string;
  permission: Permission;
  Component: ComponentType;
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/cases/:id', permission: 'case:read', Component: CaseScreen },
];

export function routesFor(principal: Principal): RouteDef[] {
  return ROUTES.filter((r) => can(principal, r.permission));
}

/** Whether a screen with this pattern is registered and open to the user (parameter names aside). */
export function hasScreen(principal: Principal, pattern: string): boolean {
  const shape = (p: string) => p.replace(/:[A-Za-z_]+/g, ':');
  return [...SCREENS, ...ROUTES].some(
    (s) => shape(s.path) === shape(pattern) && can(principal, s.permission),
  );
}
