// Runs the controllers on a timer through the injected Clock (ManualClock in unit tests): each tick
// syncs deployments, then replica sets, then pods, then endpoints, so every tick sees fresh status.
import type { Clock } from '@deploy-actions/action-kit';
import { NODE_NAME } from '../store/node.js';
import type { Registry } from '../store/registry.js';
import { Behaviours } from './behaviour.js';
import { DeploymentController } from './deployment.js';
import { EndpointsController } from './endpoints.js';
import { EventRecorder } from './events.js';
import { PodRuntime } from './pod-runtime.js';
import { PodController } from './pods.js';
import { ReplicaSetController } from './replicaset.js';

export interface ControllerOptions {
  /** How often the controllers run (ms of the clock). */
  tickMs: number;
  /** Pending → Running/Ready delay of a healthy pod (ms). */
  podStartDelayMs: number;
}

export class ControllerManager {
  readonly runtime = new PodRuntime();
  private readonly deployments: DeploymentController;
  private readonly replicaSets: ReplicaSetController;
  private readonly pods: PodController;
  private readonly endpoints: EndpointsController;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  /** Errors a tick raised (kept for the control API; the loop goes on). */
  readonly errors: string[] = [];

  constructor(
    registry: Registry,
    private readonly clock: Clock,
    readonly behaviours: Behaviours,
    private readonly options: ControllerOptions,
  ) {
    const events = new EventRecorder(registry, clock);
    this.deployments = new DeploymentController(registry, clock, events);
    this.replicaSets = new ReplicaSetController(registry, clock, this.runtime, events);
    this.pods = new PodController(
      registry,
      clock,
      behaviours,
      this.runtime,
      { podStartDelayMs: options.podStartDelayMs, nodeName: NODE_NAME },
      events,
    );
    this.endpoints = new EndpointsController(registry);
  }

  /** One pass of every controller. */
  tick(): void {
    for (const step of [this.deployments, this.replicaSets, this.pods, this.endpoints]) {
      try {
        step.sync();
      } catch (err) {
        this.errors.push(err instanceof Error ? err.message : String(err));
        if (this.errors.length > 100) this.errors.shift();
      }
    }
  }

  start(): void {
    if (this.loop) return;
    this.loop = (async () => {
      while (!this.abort.signal.aborted) {
        try {
          await this.clock.sleep(this.options.tickMs, this.abort.signal);
        } catch {
          return;
        }
        this.tick();
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}
