// The Deployment controller: one ReplicaSet per pod template (named `<deployment>-<pod-template-hash>`),
// revisions, rolling update / recreate, pause, revision history cleanup and status.
import type { Clock } from '@deploy-actions/action-kit';
import { semanticEqual } from '../store/canonical.js';
import type { Registry } from '../store/registry.js';
import { deepClone, isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { computeDeploymentStatus, type ProgressEvent } from './deployment-status.js';
import { DESIRED_REPLICAS, isScalingEvent, MAX_REPLICAS, scalingTargets } from './deployment-scaling.js';
import { surgeAndUnavailable } from './int-or-percent.js';
import type { EventRecorder } from './events.js';
import { adoptOrphans, controllerRef, isControlledBy } from './owner.js';
import { fromLabelSelectorObject } from '../store/selectors.js';
import { HASH_LABEL, podTemplateHash, templatesEqualIgnoringHash } from './pod-template-hash.js';
import { recreatePlan, rollingScaleDown, rollingScaleUp, type RsSnapshot } from './rollout-math.js';

export const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = DESIRED_REPLICAS;
const MAX = MAX_REPLICAS;
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  DESIRED,
  MAX,
]);

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;

export class DeploymentController {
  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly events?: EventRecorder,
  ) {}

  private get rsType() {
    return this.registry.type('replicasets', 'apps');
  }

  sync(): void {
    // One listing of ReplicaSets per pass, grouped by owner; a Deployment re-reads its own only after writing.
    const byOwner = new Map<string, KubeObject[]>();
    const orphans: KubeObject[] = [];
    for (const rs of this.registry.scan(this.rsType)) {
      const owner = rs.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
      if (!owner) {
        orphans.push(rs);
        continue;
      }
      if (!byOwner.has(owner)) byOwner.set(owner, []);
      byOwner.get(owner)!.push(rs);
    }
    for (const d of this.registry.scan(this.registry.type('deployments', 'apps'))) {
      const adopted = orphans.length
        ? adoptOrphans(
            this.registry,
            this.rsType,
            d,
            orphans,
            fromLabelSelectorObject((d.spec as JsonObject).selector),
          )
        : [];
      this.syncOne(d, [...(byOwner.get(d.metadata.uid!) ?? []), ...adopted]);
    }
  }

  private ownedReplicaSets(d: KubeObject): KubeObject[] {
    return this.registry
      .scan(this.rsType, { namespace: d.metadata.namespace })
      .filter((rs) => isControlledBy(rs, d));
  }

  syncOne(d: KubeObject, owned: readonly KubeObject[]): void {
    const spec = d.spec as JsonObject;
    const desired = num(spec.replicas);
    let all = owned.filter((rs) => isControlledBy(rs, d));
    let seen = this.registry.store.resourceVersion;
    const refresh = () => {
      if (this.registry.store.resourceVersion === seen) return;
      all = this.ownedReplicaSets(d);
      seen = this.registry.store.resourceVersion;
    };
    let newRs = all.find((rs) => templatesEqualIgnoringHash((rs.spec as JsonObject).template, spec.template));
    let event: ProgressEvent | undefined;
    if (spec.paused === true || isScalingEvent(d, all)) {
      // Upstream `sync`: no new ReplicaSet, only sizes (and history cleanup unless paused).
      const { maxSurge } = surgeAndUnavailable(spec.strategy, desired);
      for (const [name, size] of scalingTargets(d, newRs, all)) {
        const rs = all.find((r) => r.metadata.name === name);
        if (rs) this.setReplicas(d, rs, size, desired, desired + maxSurge);
      }
      refresh();
      if (spec.paused !== true && newRs) this.cleanupHistory(all, d, newRs);
      refresh();
      newRs = newRs && all.find((rs) => rs.metadata.uid === newRs!.metadata.uid);
    } else {
      const maxOld = Math.max(0, ...all.filter((rs) => rs !== newRs).map(revisionOf));
      if (!newRs) {
        newRs = this.createReplicaSet(d, maxOld + 1, all);
        event = {
          reason: 'NewReplicaSetCreated',
          message: `Created new replica set "${newRs.metadata.name}"`,
        };
      } else if (revisionOf(newRs) <= maxOld) {
        newRs = this.setRevision(newRs, maxOld + 1, d);
        const hasProgressing = Array.isArray((d.status as JsonObject | undefined)?.conditions);
        if (!hasProgressing)
          event = { reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRs.metadata.name}"` };
      }
      refresh();
      newRs = all.find((rs) => rs.metadata.uid === newRs!.metadata.uid);
      this.scale(
        d,
        newRs!,
        all.filter((rs) => rs.metadata.uid !== newRs!.metadata.uid),
      );
      refresh();
      this.cleanupHistory(all, d, newRs!);
      refresh();
      newRs = all.find((rs) => rs.metadata.uid === newRs!.metadata.uid);
    }
    if (newRs) this.syncRevisionAnnotation(d, newRs);
    const fresh = this.registry.tryGet(
      this.registry.type('deployments', 'apps'),
      d.metadata.namespace,
      d.metadata.name!,
    );
    if (!fresh) return;
    const status = computeDeploymentStatus(fresh, newRs, all, this.clock.now(), event);
    if (semanticEqual(fresh.status, status)) return;
    if (desired >= 0)
      this.registry.update(
        this.registry.type('deployments', 'apps'),
        { ...fresh, status },
        { manager: 'kube-controller-manager', subresource: 'status' },
      );
  }

  private createReplicaSet(d: KubeObject, revision: number, existing: readonly KubeObject[]): KubeObject {
    const spec = d.spec as JsonObject;
    let collision = 0;
    let hash = podTemplateHash(spec.template, collision);
    while (
      existing.some((rs) => rs.metadata.name === `${d.metadata.name}-${hash}`) ||
      this.registry.tryGet(this.rsType, d.metadata.namespace, `${d.metadata.name}-${hash}`)
    ) {
      hash = podTemplateHash(spec.template, ++collision);
    }
    const template = deepClone(spec.template) as JsonObject;
    const tmeta = (
      isPlainObject(template.metadata) ? template.metadata : (template.metadata = {})
    ) as JsonObject;
    tmeta.labels = { ...((tmeta.labels as Record<string, string>) ?? {}), [HASH_LABEL]: hash };
    const selector = deepClone(spec.selector) as JsonObject;
    selector.matchLabels = {
      ...((selector.matchLabels as Record<string, string>) ?? {}),
      [HASH_LABEL]: hash,
    };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...((tmeta.labels as Record<string, string>) ?? {}) },
        annotations: { ...this.copiedAnnotations(d), [REVISION]: String(revision) },
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: 0, minReadySeconds: num(spec.minReadySeconds), selector, template },
    };
    return this.registry.create(this.rsType, rs, { manager: 'kube-controller-manager' });
  }

  private copiedAnnotations(d: KubeObject): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!notCopied.has(k)) out[k] = v;
    return out;
  }

  private setRevision(stored: KubeObject, revision: number, d: KubeObject): KubeObject {
    const rs = this.registry.get(this.rsType, stored.metadata.namespace, stored.metadata.name!);
    const history = [
      rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'],
      rs.metadata.annotations?.[REVISION],
    ]
      .filter(Boolean)
      .join(',');
    rs.metadata.annotations = {
      ...(rs.metadata.annotations ?? {}),
      ...this.copiedAnnotations(d),
      [REVISION]: String(revision),
    };
    if (history) rs.metadata.annotations['deployment.kubernetes.io/revision-history'] = history;
    return this.registry.update(this.rsType, rs, { manager: 'kube-controller-manager' });
  }

  private snapshot(rs: KubeObject): RsSnapshot {
    const status = (rs.status ?? {}) as JsonObject;
    return {
      name: rs.metadata.name!,
      replicas: num((rs.spec as JsonObject).replicas),
      current: num(status.replicas),
      available: num(status.availableReplicas),
      order: revisionOf(rs),
    };
  }

  private scale(d: KubeObject, newRs: KubeObject, old: KubeObject[]): void {
    const spec = d.spec as JsonObject;
    const desired = num(spec.replicas);
    const strategy = (spec.strategy ?? {}) as JsonObject;
    const oldSnaps = old.map((rs) => this.snapshot(rs));
    const newSnap = this.snapshot(newRs);
    let oldTargets: Map<string, number>;
    let newTarget: number;
    let maxSurge = 0;
    if (strategy.type === 'Recreate') {
      const plan = recreatePlan(newSnap, oldSnaps, desired);
      oldTargets = plan.old;
      newTarget = plan.newReplicas;
    } else {
      const params = { desired, ...surgeAndUnavailable(strategy, desired) };
      maxSurge = params.maxSurge;
      newTarget = rollingScaleUp(newSnap, oldSnaps, params);
      oldTargets = rollingScaleDown({ ...newSnap, replicas: newTarget }, oldSnaps, params);
    }
    this.setReplicas(d, newRs, newTarget, desired, desired + maxSurge);
    for (const rs of old)
      this.setReplicas(
        d,
        rs,
        oldTargets.get(rs.metadata.name!) ?? num((rs.spec as JsonObject).replicas),
        desired,
        desired + maxSurge,
      );
  }

  private setReplicas(d: KubeObject, rs: KubeObject, replicas: number, desired: number, max: number): void {
    const spec = rs.spec as JsonObject;
    const annotations = rs.metadata.annotations ?? {};
    if (
      spec.replicas === replicas &&
      annotations[DESIRED] === String(desired) &&
      annotations[MAX] === String(max)
    )
      return;
    const before = num(spec.replicas);
    if (before !== replicas) {
      const verb = replicas > before ? 'up' : 'down';
      this.events?.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${verb} replica set ${rs.metadata.name} from ${before} to ${replicas}`,
        'deployment-controller',
      );
    }
    const current = this.registry.get(this.rsType, rs.metadata.namespace, rs.metadata.name!);
    (current.spec as JsonObject).replicas = replicas;
    current.metadata.annotations = {
      ...(current.metadata.annotations ?? {}),
      [DESIRED]: String(desired),
      [MAX]: String(max),
    };
    this.registry.update(this.rsType, current, { manager: 'kube-controller-manager' });
  }

  private cleanupHistory(owned: readonly KubeObject[], d: KubeObject, newRs: KubeObject): void {
    const limit = (d.spec as JsonObject).revisionHistoryLimit;
    if (typeof limit !== 'number') return;
    const idle = owned
      .filter(
        (rs) =>
          rs.metadata.uid !== newRs.metadata.uid &&
          num((rs.spec as JsonObject).replicas) === 0 &&
          num((rs.status as JsonObject | undefined)?.replicas) === 0,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      this.registry.delete(this.rsType, rs.metadata.namespace, rs.metadata.name!);
    }
  }

  private syncRevisionAnnotation(d: KubeObject, newRs: KubeObject): void {
    const revision = newRs.metadata.annotations?.[REVISION];
    if (!revision || d.metadata.annotations?.[REVISION] === revision) return;
    const fresh = this.registry.get(
      this.registry.type('deployments', 'apps'),
      d.metadata.namespace,
      d.metadata.name!,
    );
    fresh.metadata.annotations = { ...(fresh.metadata.annotations ?? {}), [REVISION]: revision };
    this.registry.update(this.registry.type('deployments', 'apps'), fresh, {
      manager: 'kube-controller-manager',
    });
  }
}
