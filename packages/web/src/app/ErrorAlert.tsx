import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client.js';

/** A server refusal in the server's own words, with the fields it named. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  // A session that ended is explained by the sign-in dialog over the screen, not here.
  if (!error || (error instanceof ApiError && error.handledBySession)) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details =
    error instanceof ApiError ? error.details.filter((d) => d.message && d.message !== message) : [];
  return (
    <Alert color="nhsRed" variant="outline" title={title ?? 'That did not work'} role="alert">
      {message}
      {details.length > 0 && (
        <List size="sm" mt={4}>
          {details.map((d) => (
            <List.Item key={`${d.path}:${d.message}`}>
              {d.path ? `${d.path}: ` : ''}
              {d.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
