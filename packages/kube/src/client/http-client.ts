// A thin REST client for the Kubernetes API: one request, one typed result or one typed error.
// Auth and TLS come from client-node's KubeConfig (see connect); this layer owns timeouts, abort,
// Status parsing, Retry-After and newline-delimited watch streams, which the generated client hides.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { parseRetryAfter } from '@deploy-actions/action-kit';
import { KubeApiError, KubeNetworkError } from '../errors.js';
import type { WatchEvent } from '../types.js';

export interface KubeTransport {
  /** Base URL of the API server, e.g. https://10.0.0.1:6443 (may carry a path prefix). */
  server: string;
  agent: http.Agent;
  /** Headers carrying the credentials; computed per request (exec plugins refresh tokens). */
  authHeaders(): Promise<Record<string, string>>;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export class KubeClient {
  constructor(
    readonly transport: KubeTransport,
    private readonly requestTimeoutMs = 30_000,
  ) {}

  get server(): string {
    return this.transport.server;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const operation = `${method} ${path}`;
    const signal = withTimeout(options.signal, this.requestTimeoutMs);
    const res = await this.send(method, path, options, signal, operation);
    const text = await readBody(res, operation, this.server);
    if (res.statusCode && res.statusCode >= 400) throw apiError(operation, res, text);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * Streams watch events to `onEvent` until the server ends the stream (resolves) or it breaks
   * (rejects). An ERROR event (e.g. 410 Gone) rejects with a KubeApiError.
   */
  async watch<T>(
    path: string,
    query: RequestOptions['query'],
    onEvent: (e: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const operation = `WATCH ${path}`;
    const res = await this.send(
      'GET',
      path,
      { query: { ...query, watch: 'true' }, signal },
      signal,
      operation,
    );
    if (res.statusCode && res.statusCode >= 400)
      throw apiError(operation, res, await readBody(res, operation, this.server));
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        lines.close();
        res.destroy();
        reject(err);
      };
      lines.on('line', (line) => {
        if (!line.trim() || failed) return;
        let event: WatchEvent<T>;
        try {
          event = JSON.parse(line) as WatchEvent<T>;
        } catch {
          return fail(new KubeNetworkError(operation, this.server, new Error('malformed watch event')));
        }
        if (event.type === 'ERROR') {
          const status = event.object as unknown as { code?: number; reason?: string; message?: string };
          return fail(
            new KubeApiError(operation, status.code ?? 500, status.reason ?? 'Error', status.message ?? ''),
          );
        }
        try {
          onEvent(event);
        } catch (err) {
          fail(err);
        }
      });
      res.on('error', (err) =>
        fail(signal?.aborted ? signal.reason : new KubeNetworkError(operation, this.server, err)),
      );
      res.on('aborted', () =>
        fail(new KubeNetworkError(operation, this.server, new Error('watch stream aborted'))),
      );
      lines.on('close', () => {
        if (!failed) resolve();
      });
    });
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    signal: AbortSignal | undefined,
    operation: string,
  ) {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(await this.transport.authHeaders()),
    };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = lib.request(url, { method, headers, agent: this.transport.agent, signal }, resolve);
      req.on('error', (err) =>
        reject(
          signal?.aborted && !isTimeout(signal)
            ? signal.reason
            : new KubeNetworkError(operation, this.server, err),
        ),
      );
      req.end(payload);
    });
  }
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function isTimeout(signal: AbortSignal): boolean {
  return (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
}

function readBody(res: http.IncomingMessage, operation: string, server: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (err) => reject(new KubeNetworkError(operation, server, err)));
    res.on('aborted', () => reject(new KubeNetworkError(operation, server, new Error('response aborted'))));
  });
}

function apiError(operation: string, res: http.IncomingMessage, text: string): KubeApiError {
  let reason = res.statusMessage || http.STATUS_CODES[res.statusCode ?? 500] || 'Error';
  let message: string;
  try {
    const status = JSON.parse(text) as { reason?: string; message?: string };
    if (status.reason) reason = status.reason;
    message = status.message ?? '';
  } catch {
    message = text.slice(0, 200).trim();
  }
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'] as string | undefined, Date.now());
  return new KubeApiError(operation, res.statusCode ?? 500, reason, message, { retryAfterMs });
}
