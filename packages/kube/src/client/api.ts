// KubeApi: the client plus the retry policy. Reads retry transient failures; writes are
// read-modify-write attempt functions retried on 409 (with a fresh read) and on transient failures.
import { isNotFound } from '../errors.js';
import type { KubeList } from '../types.js';
import type { KubeClient, RequestOptions } from './http-client.js';
import { kubeRetry, type RetryPolicy } from './retrying.js';

export const FIELD_MANAGER = 'deploy-actions';

export class KubeApi {
  constructor(
    readonly client: KubeClient,
    readonly policy: RetryPolicy,
  ) {}

  /** The same API with another clock/log/signal/deadline (e.g. a shorter budget for cleanup). */
  with(policy: Partial<RetryPolicy>): KubeApi {
    return new KubeApi(this.client, { ...this.policy, ...policy });
  }

  read<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return kubeRetry(
      `GET ${path}`,
      () => this.client.request<T>('GET', path, { query, signal: this.policy.signal }),
      this.policy,
    );
  }

  /** Like read, but a 404 is `undefined`. */
  async readOptional<T>(path: string): Promise<T | undefined> {
    try {
      return await this.read<T>(path);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Lists every page (`limit`/`continue`). */
  async list<T>(path: string, query: RequestOptions['query'] = {}, pageSize = 500): Promise<KubeList<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let last: KubeList<T> | undefined;
    for (let page = 0; page < 100; page++) {
      last = await this.read<KubeList<T>>(path, { ...query, limit: pageSize, continue: continueToken });
      items.push(...(last.items ?? []));
      continueToken = last.metadata?.continue || undefined;
      if (!continueToken) break;
    }
    return { ...last, items };
  }

  /** One raw request without retries (for attempt functions run inside `write`). */
  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.client.request<T>(method, path, { ...options, signal: options.signal ?? this.policy.signal });
  }

  /**
   * Runs `attempt` until it succeeds: it must read what it needs afresh on every call, so a 409
   * means "someone changed it: read again and recompute", and a re-run after a crash converges.
   */
  write<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    return kubeRetry(what, attempt, this.policy);
  }
}
