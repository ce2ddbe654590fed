/**
 * A message's id is derived from the event that promised it, so replaying the log (a rebuild, a
 * restore, an edge node catching up) makes the same message, never a second one, and a
 * receiver that de-duplicates by message id sees one request however often it is re-sent.
 */
import { v5 as uuidv5 } from 'uuid';

/** A fixed namespace for Lantern message ids (a random UUID chosen once; never change it). */
const MESSAGE_NAMESPACE = '3b0c9f4e-8a63-4f5e-9d0b-6c1f2a7e5d49';

export function messageIdFor(sourceEventId: string, index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('message index must be a whole number');
  return uuidv5(`${sourceEventId}/${index}`, MESSAGE_NAMESPACE);
}
