/** How long this call has lasted, from when it was answered: on screen through intake and triage. */
import { Text } from '@mantine/core';
import { formatElapsed } from './time.js';
import './call.css';
import { useNow } from './useLiveUpdates.js';

export function CallTimer({ since }: { since: number }) {
  const now = useNow(1000);
  return (
    <Text
      fw={700}
      className="call-timer"
      data-testid="call-timer"
      aria-label={`Call time ${formatElapsed(now - since)}`}
    >
      <span className="call-timer-label">Call</span>{' '}
      <span className="mono-figures">{formatElapsed(now - since)}</span>
    </Text>
  );
}
