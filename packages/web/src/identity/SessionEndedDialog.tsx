/**
 * Shown over the screen the user was on when their session ended, so what they were doing
 * is still there when they sign back in.
 */
import { Alert, Button, Modal, Stack } from '@mantine/core';
import type { Principal } from '../session/principal.js';
import { useSession } from '../session/SessionProvider.js';
import { SignInFlow } from './SignInFlow.js';

export function SessionEndedDialog({ principal, message }: { principal: Principal; message: string }) {
  const { completeSignIn, signOut } = useSession();
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title="Sign in again to carry on"
      size="md"
      centered
    >
      <Stack gap="md">
        <Alert color="nhsAmber" variant="outline" role="alert">
          {message} Your work on this screen has been kept.
        </Alert>
        <SignInFlow onSignedIn={completeSignIn} username={principal.user.username} />
        <Button variant="subtle" onClick={() => void signOut()}>
          Sign in as someone else
        </Button>
      </Stack>
    </Modal>
  );
}
