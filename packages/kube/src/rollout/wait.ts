// Waits for a Deployment rollout by the `kubectl rollout status` rule: a watch on the one object,
// a fresh read whenever the watch ends or drops (then polling until a new watch holds), and a
// deadline. The controller's progress deadline shows up as a failed state; our timeout as 'timeout'.
import { errorMessage, type Clock, type Logger } from '@deploy-actions/action-kit';
import type { KubeApi } from '../client/api.js';
import { deploymentPath } from '../resources.js';
import type { Deployment } from '../types.js';
import { rolloutStatus, type RolloutState } from './status.js';

export interface WaitOptions {
  timeoutMs: number;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  /** Pause before the next read after a watch broke. */
  pollIntervalMs?: number;
  /** Re-read even when the watch is quiet (guards against a silently stalled stream). */
  resyncMs?: number;
}

export interface WaitResult {
  outcome: 'complete' | 'failed' | 'timeout' | 'deleted';
  message: string;
  deployment?: Deployment;
  elapsedMs: number;
  /** Watches that broke before the rollout ended (each one fell back to a read). */
  watchDrops: number;
}

class DeadlinePassed extends Error {}

export async function waitForRollout(
  api: KubeApi,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<WaitResult> {
  const { clock } = options;
  const start = clock.now();
  const timers = new AbortController();
  const deadline = new AbortController();
  clock.sleep(options.timeoutMs, timers.signal).then(
    () => deadline.abort(new DeadlinePassed()),
    () => undefined,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const reader = api.with({ signal });
  const watcher = new RolloutWatcher(api, namespace, name, options, signal);
  const done = (outcome: WaitResult['outcome'], message: string): WaitResult => ({
    outcome,
    message,
    deployment: watcher.latest,
    elapsedMs: clock.now() - start,
    watchDrops: watcher.drops,
  });
  try {
    for (;;) {
      const current = await reader.readOptional<Deployment>(deploymentPath(namespace, name));
      if (!current) return done('deleted', `deployment "${name}" was deleted during the rollout`);
      const state = watcher.evaluate(current);
      if (state) return done(state.phase === 'complete' ? 'complete' : 'failed', state.message);
      const ended = await watcher.watchOnce(current.metadata.resourceVersion);
      if (ended === 'deleted') return done('deleted', `deployment "${name}" was deleted during the rollout`);
      if (ended) return done(ended.phase === 'complete' ? 'complete' : 'failed', ended.message);
      if (watcher.brokeLast) await clock.sleep(options.pollIntervalMs ?? 1000, signal);
    }
  } catch (err) {
    if (deadline.signal.aborted && !options.signal?.aborted) {
      const seconds = Math.round(options.timeoutMs / 1000);
      return done(
        'timeout',
        `timed out after ${seconds}s waiting for deployment "${name}": ${watcher.lastMessage || 'no status yet'}`,
      );
    }
    throw err;
  } finally {
    timers.abort();
  }
}

class RolloutWatcher {
  latest?: Deployment;
  lastMessage = '';
  drops = 0;
  brokeLast = false;

  constructor(
    private readonly api: KubeApi,
    private readonly namespace: string,
    private readonly name: string,
    private readonly options: WaitOptions,
    private readonly signal: AbortSignal,
  ) {}

  /** Records the object; returns the final state once the rollout completed or failed. */
  evaluate(deployment: Deployment): Exclude<RolloutState, { phase: 'progressing' }> | undefined {
    this.latest = deployment;
    const state = rolloutStatus(deployment);
    if (state.message !== this.lastMessage) {
      this.lastMessage = state.message;
      this.options.log.info(state.message);
    }
    return state.phase === 'progressing' ? undefined : state;
  }

  /** One watch from `resourceVersion`; resolves with the final state, 'deleted', or undefined when it ended early. */
  async watchOnce(
    resourceVersion: string | undefined,
  ): Promise<ReturnType<RolloutWatcher['evaluate']> | 'deleted'> {
    const stop = new AbortController();
    const signal = AbortSignal.any([this.signal, stop.signal]);
    const resyncMs = this.options.resyncMs ?? 15_000;
    this.options.clock.sleep(resyncMs, signal).then(
      () => stop.abort(),
      () => undefined,
    );
    let finished: ReturnType<RolloutWatcher['evaluate']> | 'deleted';
    this.brokeLast = false;
    try {
      await this.api.client.watch<Deployment>(
        deploymentPath(this.namespace),
        {
          fieldSelector: `metadata.name=${this.name}`,
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: Math.ceil(resyncMs / 1000) + 5,
        },
        (event) => {
          if (event.type === 'BOOKMARK' || finished) return;
          finished = event.type === 'DELETED' ? 'deleted' : this.evaluate(event.object);
          if (finished) stop.abort();
        },
        signal,
      );
    } catch (err) {
      if (this.signal.aborted) throw this.signal.reason;
      if (!stop.signal.aborted)
        this.options.log.debug(`watch of deployment ${this.name} broke: ${errorMessage(err)}`);
    }
    // Ended by the server or broken (not by us): read afresh, and pause so a flapping watch becomes polling.
    if (!finished && !stop.signal.aborted) {
      this.drops++;
      this.brokeLast = true;
    }
    stop.abort();
    return finished;
  }
}
