/**
 * Recovery codes are shown exactly once, at enrolment. The user must say they have stored
 * them before going on: without them, a lost phone means a call to the administrator.
 */
import { Alert, Button, Checkbox, CopyButton, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

export function RecoveryCodesStep({ codes, onDone }: { codes: readonly string[]; onDone(): void }) {
  const [stored, setStored] = useState(false);
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Your recovery codes
      </Title>
      <Alert color="nhsAmber" variant="outline" title="You will not see these again">
        If you lose your phone or security key, each of these codes lets you sign in once. Store them
        somewhere safe and private, away from your device: a password manager, or printed and locked away. Do
        not share them.
      </Alert>
      <Paper withBorder p="md" bg="var(--lantern-pale-grey)">
        <List
          type="ordered"
          ff="monospace"
          fz="md"
          spacing={2}
          data-testid="recovery-codes"
          style={{ columns: 2, columnGap: '2rem' }}
        >
          {codes.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
      </Paper>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="outline" onClick={copy}>
              {copied ? 'Copied' : 'Copy all codes'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Checkbox
        label="I have stored these codes somewhere safe"
        checked={stored}
        onChange={(e) => setStored(e.currentTarget.checked)}
        size="md"
      />
      <Button onClick={onDone} disabled={!stored} size="md">
        Continue to Lantern
      </Button>
      {!stored && (
        <Text size="sm" c="dimmed">
          Tick the box to continue.
        </Text>
      )}
    </Stack>
  );
}
