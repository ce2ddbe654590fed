/**
 * A real HTTP server on loopback that plays another system (an ambulance service's CAD, the
 * EPS endpoint) in tests: it records every request and answers as the test tells it to, so the
 * outbox is tested over real sockets rather than against a mock of our own code.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Hold the answer this long (a slow or hung receiver). */
  delayMs?: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** How to answer the next requests (the last one given keeps being used). */
  answer(fn: (req: ReceivedRequest) => Answer): void;
  close(): Promise<void>;
}

export async function startHttpReceiver(
  initial: Answer = { status: 200, body: '{}' },
): Promise<HttpReceiver> {
  let respond: (req: ReceivedRequest) => Answer = () => initial;
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(received);
      const a = respond(received);
      const send = () => {
        res.writeHead(a.status, { 'content-type': a.contentType ?? 'application/json', ...a.headers });
        res.end(a.body ?? '');
      };
      if (a.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, a.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    answer(fn) {
      respond = fn;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback address where nothing listens (a receiver that is down). */
export async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}
