/** Providers and the top-level switch between signing in and the signed-in shell. */
import { Center, type CSSVariablesResolver, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../api/client.js';
import { SignInScreen } from '../identity/SignInScreen.js';
import { SessionProvider, useSession } from '../session/SessionProvider.js';
import { Shell } from '../shell/Shell.js';
import { NHS, theme } from './theme.js';

// Mantine's own greys for secondary text and placeholders are below AA contrast on white and
// on NHS pale grey; NHS secondary text is not.
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': NHS.secondaryText, '--mantine-color-placeholder': '#5c6c78' },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal will not change on retry; only a network failure might.
      retry: (count, err) => count < 2 && err instanceof ApiError && err.status === 0,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} forceColorScheme="light" cssVariablesResolver={cssVariables}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <Root />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function Root() {
  const { state } = useSession();
  if (state.status === 'loading')
    return (
      <Center h="100vh">
        <Loader aria-label="Starting Lantern" />
      </Center>
    );
  if (state.status === 'signed-out') return <SignInScreen notice={state.notice} />;
  // A different person signing in remounts everything, so nothing of the last user's remains.
  return <Shell key={state.generation} principal={state.principal} ended={state.ended} />;
}
