/** The page shown to anyone not signed in. */
import { Box, Paper, Stack, Text, Title } from '@mantine/core';
import { useSession } from '../session/SessionProvider.js';
import { LanternMark } from '../shell/LanternMark.js';
import { SignInFlow } from './SignInFlow.js';

export function SignInScreen({ notice }: { notice: string | null }) {
  const { completeSignIn } = useSession();
  return (
    <Box className="signin-page">
      <header className="signin-brand">
        <LanternMark size={40} />
        <div>
          <Text fw={700} fz={28} lh={1.1} c="white">
            Lantern
          </Text>
          <Text c="white" fz="sm">
            Urgent and emergency care
          </Text>
        </div>
      </header>
      <main className="signin-main">
        <Paper className="signin-card" withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="lg">
            <Title order={1} size="h2">
              Sign in
            </Title>
            <SignInFlow onSignedIn={completeSignIn} notice={notice} />
          </Stack>
        </Paper>
        <Text size="sm" c="dimmed" ta="center" maw={440} mx="auto" mt="md">
          For authorised staff only. Every sign-in and every record you open is logged and audited.
        </Text>
      </main>
    </Box>
  );
}
