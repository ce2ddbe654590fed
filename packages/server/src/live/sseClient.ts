/**
 * A minimal server-sent-events client for tests and benchmarks: connects with a session cookie,
 * collects events as they arrive, and waits for one that matches.
 */
import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
  receivedAt: number;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  /** Raw text received, heartbeats included. */
  text(): string;
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  closed: Promise<void>;
  close(): void;
}

export function connectSse(baseUrl: string, cookie: string, path = '/api/stream'): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let raw = '';
      let buffer = '';
      const closed = new Promise<void>((done) => res.once('close', () => done()));
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data !== undefined)
            events.push({ event, data: JSON.parse(data), receivedAt: Date.now() });
        }
        for (const w of waiters) w();
      });
      resolve({
        status: res.statusCode ?? 0,
        events,
        text: () => raw,
        closed,
        close: () => req.destroy(),
        waitFor(match, timeoutMs = 2000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const found = events.find(match);
              if (!found) return false;
              waiters.delete(check);
              clearTimeout(timer);
              ok(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`,
                ),
              );
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
      });
    });
    req.on('error', reject);
  });
}
