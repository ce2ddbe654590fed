/** Where everyone lands: the screens their roles open, each with its shortcut. */
import { Alert, Card, Kbd, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Principal } from '../session/principal.js';
import type { ScreenDef } from '../shell/screens.js';

export function HomeScreen({ principal, screens }: { principal: Principal; screens: ScreenDef[] }) {
  const firstName = principal.user.displayName.split(/\s+/)[0] ?? principal.user.displayName;
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1} size="h2">
          Hello, {firstName}
        </Title>
        <Text c="dimmed">{principal.organisation.name}</Text>
      </div>
      {screens.length === 0 ? (
        <Alert color="nhsGrey" variant="outline" title="Nothing to open here yet">
          Your role has no console screens in this release. If you need one, ask your organisation's
          administrator.
        </Alert>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {screens.map((s) => (
            <Card key={s.path} component={Link} to={s.path} withBorder padding="lg" className="home-card">
              <Text fw={700} fz="lg" c="nhsBlue.6" className="home-card-title">
                {s.label}
              </Text>
              <Text size="sm" mt={4}>
                {s.description}
              </Text>
              <Text size="xs" c="dimmed" mt="sm">
                Shortcut <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">{s.shortcutKey}</Kbd>
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
