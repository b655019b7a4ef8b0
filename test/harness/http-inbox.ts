// A real HTTP server on 127.0.0.1 standing in for webhook endpoints and APIs: it records every
// request (method, path, headers, raw body) and answers from a per-path script of responses.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InboxRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  raw: Buffer;
  text: string;
  /** Milliseconds since the epoch when the body was complete. */
  receivedAt: number;
  json<T = unknown>(): T;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (for timeout tests). */
  delayMs?: number;
}

export type Responder = ScriptedResponse[] | ((request: InboxRequest) => ScriptedResponse);

export interface HttpInbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: InboxRequest[];
  /**
   * Answers requests whose path (without query) is `path`: a list is used in order and its last
   * entry repeats; a function decides per request. Unscripted paths get 200 `{"ok":true}`.
   */
  script(path: string, responder: Responder): void;
  requestsTo(path: string): InboxRequest[];
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_RESPONSE: ScriptedResponse = { status: 200, body: { ok: true } };

export async function startHttpInbox(): Promise<HttpInbox> {
  const requests: InboxRequest[] = [];
  const scripts = new Map<string, { responder: Responder; used: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const pathOf = (p: string) => p.split('?')[0]!;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      const request: InboxRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        raw,
        text,
        receivedAt: Date.now(),
        json: <T>() => JSON.parse(text) as T,
      };
      requests.push(request);
      const answer = pick(scripts.get(pathOf(request.path)), request);
      const send = () => {
        if (res.destroyed) return;
        const body =
          answer.body === undefined
            ? ''
            : typeof answer.body === 'string'
              ? answer.body
              : JSON.stringify(answer.body);
        const headers = {
          ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
          ...answer.headers,
        };
        res.writeHead(answer.status, headers).end(body);
      };
      if (!answer.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(path, responder) {
      scripts.set(path, { responder, used: 0 });
    },
    requestsTo: (path) => requests.filter((r) => pathOf(r.path) === path),
    reset() {
      requests.length = 0;
      scripts.clear();
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pick(
  entry: { responder: Responder; used: number } | undefined,
  request: InboxRequest,
): ScriptedResponse {
  if (!entry) return DEFAULT_RESPONSE;
  if (typeof entry.responder === 'function') return entry.responder(request);
  const list = entry.responder;
  const answer = list[Math.min(entry.used, list.length - 1)] ?? DEFAULT_RESPONSE;
  entry.used++;
  return answer;
}
