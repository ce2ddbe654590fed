/**
 * The frame around every screen: who is signed in, for which organisation, in which roles;
 * the screens their permissions allow; sign-out. Keyboard first: Alt plus a letter reaches
 * each screen from anywhere, "?" lists every shortcut, and a skip link jumps to the content.
 */

import { ROLE_LABELS, type Role } from '@lantern/core';
import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Kbd,
  Loader,
  NavLink as MantineNavLink,
  Modal,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { Suspense, useEffect, useState } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { HomeScreen } from '../home/HomeScreen.js';
import { SessionEndedDialog } from '../identity/SessionEndedDialog.js';
import { knownRoles, type Principal } from '../session/principal.js';
import { useSession } from '../session/SessionProvider.js';
import { TriageDraftProvider } from '../triage/TriageDraft.js';
import { LanternMark } from './LanternMark.js';
import { routesFor, type ScreenDef, screensFor } from './screens.js';

const SHORT_ROLE: Record<Role, string> = {
  'call-handler': 'Call handler',
  clinician: 'Clinician',
  prescriber: 'Prescriber',
  dispatcher: 'Dispatcher',
  supervisor: 'Supervisor',
  'org-admin': 'Org admin',
  auditor: 'Auditor',
  'care-home-carer': 'Care-home carer',
  'mental-health-clinician': 'MH clinician',
  'supplier-support': 'Supplier support',
};

export function Shell({ principal, ended }: { principal: Principal; ended: string | null }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const screens = screensFor(principal);
  const [helpOpen, setHelpOpen] = useState(false);
  // Below the sm breakpoint (small windows, or 200% zoom) the navigation folds behind a button.
  const [navOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the folded navigation on every move
  useEffect(() => closeNav(), [pathname, closeNav]);

  useHotkeys(
    [
      ['alt+H', () => navigate('/'), { usePhysicalKeys: true }],
      ...screens.map(
        (s) =>
          [`alt+${s.shortcutKey}`, () => navigate(s.path), { usePhysicalKeys: true }] as [
            string,
            () => void,
            { usePhysicalKeys: boolean },
          ],
      ),
    ],
    [],
  );
  // "?" is Shift+/ on UK and US keyboards, unshifted on some others.
  useHotkeys([
    ['shift+?', () => setHelpOpen(true)],
    ['?', () => setHelpOpen(true)],
  ]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header className="shell-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={navOpen}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={navOpen ? 'Hide navigation' : 'Show navigation'}
            />
            <LanternMark size={30} />
            <Text fw={700} fz="lg" c="white">
              Lantern
            </Text>
            <Text c="white" fz="sm" className="shell-org" data-testid="organisation" visibleFrom="xs">
              {principal.organisation.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text c="white" fz="sm" fw={700} data-testid="user-name">
              {principal.user.displayName}
            </Text>
            <Group gap={4} wrap="nowrap" aria-label="Your roles" visibleFrom="md">
              {knownRoles(principal).map((r) => (
                <Tooltip key={r} label={ROLE_LABELS[r]}>
                  <Badge color="white" c="nhsBlue.9" variant="filled" radius="sm" tt="none" size="md">
                    {SHORT_ROLE[r]}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
            <Button variant="white" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens" className="shell-nav">
        <Stack gap={2} component="nav" aria-label="Main">
          <NavItem to="/" label="Home" shortcutKey="H" />
          {screens.map((s) => (
            <NavItem key={s.path} to={s.path} label={s.label} shortcutKey={s.shortcutKey} />
          ))}
        </Stack>
        <UnstyledButton className="shell-help" onClick={() => setHelpOpen(true)}>
          Keyboard shortcuts <Kbd size="xs">?</Kbd>
        </UnstyledButton>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className="shell-main">
        <TriageDraftProvider>
          <Suspense fallback={<Loader m="xl" aria-label="Loading screen" />}>
            <Routes>
              <Route path="/" element={<HomeScreen principal={principal} screens={screens} />} />
              {screens.map((s) => (
                <Route key={s.path} path={`${s.path}/*`} element={<s.Component />} />
              ))}
              {routesFor(principal).map((r) => (
                <Route key={r.path} path={r.path} element={<r.Component />} />
              ))}
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </TriageDraftProvider>
      </AppShell.Main>
      <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} screens={screens} />
      {ended !== null && <SessionEndedDialog principal={principal} message={ended} />}
    </AppShell>
  );
}

function NavItem({ to, label, shortcutKey }: { to: string; label: string; shortcutKey: string }) {
  return (
    <MantineNavLink
      component={NavLink}
      to={to}
      end={to === '/'}
      label={label}
      rightSection={
        <Text span fz="xs" c="dimmed" aria-label={`shortcut Alt+${shortcutKey}`}>
          Alt+{shortcutKey}
        </Text>
      }
      className="nav-item"
    />
  );
}

function ShortcutHelp({
  opened,
  onClose,
  screens,
}: {
  opened: boolean;
  onClose(): void;
  screens: ScreenDef[];
}) {
  const rows: [string, string][] = [
    ['Alt+H', 'Home'],
    ...screens.map((s): [string, string] => [`Alt+${s.shortcutKey}`, s.label]),
    ['?', 'This list'],
    ['Esc', 'Close a dialog'],
  ];
  const triage: [string, string][] = [
    ['Y / N', 'Answer yes or no'],
    ['1–9', 'Choose an option (tick or untick for several)'],
    ['Enter', 'Confirm a number, text or several choices'],
    ['B', 'Back to the previous question'],
  ];
  const caseKeys: [string, string][] = [
    ['T / R', 'Take the case / release it'],
    ['C', 'Record a call-back'],
    ['N', 'Write a note (Ctrl+Enter saves)'],
    ['W', 'NEWS2 observations'],
    ['O', 'Outcome and close'],
    ['D', 'Override the disposition'],
    ['H', 'History'],
  ];
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <ShortcutTable caption="Everywhere" rows={rows} />
      {screens.some((s) => s.path === '/triage') && <ShortcutTable caption="Triage" rows={triage} />}
      {screens.some((s) => s.path === '/queue') && <ShortcutTable caption="A case" rows={caseKeys} />}
    </Modal>
  );
}

function ShortcutTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <Table mb="md" captionSide="top" verticalSpacing={4}>
      <Table.Caption ta="left" fw={700} c="var(--lantern-text)">
        {caption}
      </Table.Caption>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td w={120}>
              <Kbd>{k}</Kbd>
            </Table.Td>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
