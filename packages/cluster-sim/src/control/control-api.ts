// The typed, in-process control API of the simulator: behaviours, faults, traffic, request log,
// and direct access to objects for test setup and assertions.
import type { SimUser, Users } from '../auth/users.js';
import type { BehaviourOverride, BehaviourProfile, Behaviours } from '../controllers/behaviour.js';
import type { ControllerManager } from '../controllers/manager.js';
import type { ActiveFault, FaultInjector, FaultRule } from '../faults/fault-rules.js';
import type { Registry } from '../store/registry.js';
import type { RequestFilter, RequestRecord } from '../traffic/request-log.js';
import type { TrafficSimulator, TrafficTarget } from '../traffic/traffic.js';
import type { Via } from '../traffic/routes.js';
import type { KubeObject } from '../types.js';

export interface RequestSummary {
  total: number;
  errors: number;
  /** Requests that reached a pod which was not ready at that moment. */
  toUnreadyPods: number;
  byVersion: Record<string, number>;
}

export class ClusterControl {
  private access?: { users: Users; kubeconfigFor: (token: string) => string };

  constructor(
    readonly registry: Registry,
    private readonly controllers: ControllerManager,
    private readonly behaviours: Behaviours,
    private readonly faults: FaultInjector,
    private readonly traffic: TrafficSimulator,
  ) {}

  /** Wired by startClusterSim once the API server listens. */
  attachUsers(users: Users, kubeconfigFor: (token: string) => string): void {
    this.access = { users, kubeconfigFor };
  }

  /** Adds a token with limited rights; returns it with a kubeconfig that uses it. */
  addUser(user: SimUser): { token: string; kubeconfig: string } {
    if (!this.access) throw new Error('cluster-sim: users need the API server (startClusterSim)');
    const { token } = this.access.users.add(user);
    return { token, kubeconfig: this.access.kubeconfigFor(token) };
  }

  removeUser(token: string): boolean {
    return this.access?.users.remove(token) ?? false;
  }

  /** Runs every controller once, now. */
  tick(): void {
    this.controllers.tick();
  }

  setBehaviour(imageOrTag: string, override: BehaviourOverride): void {
    this.behaviours.set(imageOrTag, override);
  }

  resetBehaviour(imageOrTag?: string): void {
    this.behaviours.reset(imageOrTag);
  }

  behaviourOf(image: string): BehaviourProfile {
    return this.behaviours.profile(image);
  }

  behaviourOverrides(): Record<string, BehaviourOverride> {
    return this.behaviours.entries();
  }

  addFault(rule: FaultRule): ActiveFault {
    return this.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.faults.remove(id);
  }

  faultList(): ActiveFault[] {
    return this.faults.list();
  }

  /** Removes every fault rule and makes the API reachable again. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** While on, the API server drops every connection (clients see a reset). */
  setUnreachable(unreachable: boolean): void {
    this.faults.unreachable = unreachable;
  }

  get unreachable(): boolean {
    return this.faults.unreachable;
  }

  setTraffic(target: TrafficTarget): void {
    this.traffic.setTraffic(target);
  }

  trafficTargets(): TrafficTarget[] {
    return this.traffic.traffic();
  }

  /** Routes one request now (as the /sim/app endpoint does) and returns its record. */
  sendRequest(namespace: string, service: string, via?: Via): RequestRecord {
    return this.traffic.route(namespace, service, via, 'http');
  }

  requests(filter: RequestFilter = {}): RequestRecord[] {
    return this.traffic.log.query(filter);
  }

  summarizeRequests(filter: RequestFilter = {}): RequestSummary {
    const records = this.requests(filter);
    const byVersion: Record<string, number> = {};
    for (const r of records) byVersion[r.version || '(none)'] = (byVersion[r.version || '(none)'] ?? 0) + 1;
    return {
      total: records.length,
      errors: records.filter((r) => r.code >= 500).length,
      toUnreadyPods: records.filter((r) => r.pod !== '' && !r.podReady).length,
      byVersion,
    };
  }

  clearRequests(): void {
    this.traffic.log.clear();
  }

  metricsText(): string {
    return this.traffic.metrics.render();
  }

  /** Reads an object (`resource` plural, `group` '' for core), or undefined. */
  get(resource: string, namespace: string | undefined, name: string, group = ''): KubeObject | undefined {
    return this.registry.tryGet(this.registry.type(resource, group), namespace, name);
  }

  list(resource: string, namespace?: string, group = ''): KubeObject[] {
    return this.registry.list(this.registry.type(resource, group), { namespace }).items;
  }

  /** Creates the object or replaces its spec/metadata (test setup without going through HTTP). */
  apply(resource: string, obj: KubeObject, group = ''): KubeObject {
    const type = this.registry.type(resource, group);
    const existing = this.registry.tryGet(type, obj.metadata.namespace, obj.metadata.name!);
    if (!existing) return this.registry.create(type, obj, { manager: 'sim-control' });
    return this.registry.update(
      type,
      { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } },
      { manager: 'sim-control' },
    );
  }

  controllerErrors(): string[] {
    return [...this.controllers.errors];
  }
}
