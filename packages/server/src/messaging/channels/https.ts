/**
 * The HTTPS channel: POSTs the rendered message to the step's endpoint.
 *
 * 1) The message id travels as `X-Request-ID` and `Idempotency-Key`, so a receiver that sees the
 *    same message twice (a retry after a lost answer, or a second step) can keep one.
 * 2) Each attempt has its own timeout, well inside the outbox's attempt lease, so a hung
 *    receiver costs one attempt, not the delivery.
 * 3) Only what retrying could mend is retryable: network errors, timeouts, 408, 425, 429 and 5xx.
 *    Any other refusal moves the message to the next step at once.
 */
import type { DeliveryResult, HttpAnswer } from '../topics.js';
import type { Channel, DeliveryAttempt } from './channel.js';

/** An answer body larger than this is not read further (it only needs the acknowledgement). */
const MAX_ANSWER_BYTES = 256 * 1024;
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

export interface HttpsChannelOptions {
  timeoutMs?: number;
  /** Plain http:// is refused unless allowed (loopback tests, a site's private network). */
  allowInsecure?: boolean;
}

export function httpsChannel(options: HttpsChannelOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    kind: 'https',
    async deliver({ message, step, topic }: DeliveryAttempt): Promise<DeliveryResult> {
      const endpoint = step.endpoint;
      if (!endpoint)
        return { outcome: 'failed', error: 'this step has no endpoint configured', retryable: false };
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return { outcome: 'failed', error: `the endpoint is not a URL: ${endpoint}`, retryable: false };
      }
      if (url.protocol !== 'https:' && !(options.allowInsecure && url.protocol === 'http:'))
        return {
          outcome: 'failed',
          error: `refused to send over ${url.protocol} (https only)`,
          retryable: false,
        };
      const rendered = topic.render(message, step);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': rendered.contentType,
            accept: 'application/fhir+json, application/json',
            'x-request-id': message.id,
            'idempotency-key': message.id,
            'x-correlation-id': message.subject.id,
          },
          body: rendered.body,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const reason =
          err instanceof Error && err.name === 'TimeoutError'
            ? `no answer in ${timeoutMs} ms`
            : describe(err);
        return { outcome: 'failed', error: reason, retryable: true };
      }
      const answer: HttpAnswer = {
        status: response.status,
        contentType: response.headers.get('content-type'),
        location: response.headers.get('location'),
        body: await readCapped(response),
      };
      return topic.interpretHttpAnswer ? topic.interpretHttpAnswer(answer) : defaultInterpretation(answer);
    },
  };
}

export function defaultInterpretation(answer: HttpAnswer): DeliveryResult {
  const { status } = answer;
  if (status === 200 || status === 201)
    return {
      outcome: 'acknowledged',
      ...(answer.location ? { reference: answer.location.slice(0, 200) } : {}),
    };
  if (status === 202)
    return { outcome: 'sent', detail: 'accepted for processing; waiting for the acknowledgement' };
  const retryable = status >= 500 || RETRYABLE_STATUSES.has(status);
  return { outcome: 'failed', error: `HTTP ${status}${summary(answer.body)}`, retryable };
}

function summary(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? `: ${text.slice(0, 300)}` : '';
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES);
}
