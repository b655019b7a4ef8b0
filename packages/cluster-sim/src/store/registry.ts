// Type-aware storage: the semantics the real apiserver's registry adds on top of etcd — defaults,
// validation, uid/generation/timestamps, spec vs status updates, optimistic concurrency, cascading delete.
import type { Clock } from '@deploy-actions/action-kit';
import { applyDefaults } from '../api/defaults.js';
import { resourceTypes, typeKey, type ResourceType } from '../api/resources.js';
import { ApiError, errors } from '../api/status.js';
import { validateObject } from '../api/validation.js';
import type { Random } from '../random.js';
import { kubeTime } from '../time.js';
import { deepClone, type JsonObject, type KubeObject } from '../types.js';
import { FieldOwners } from './field-owners.js';
import { simNode } from './node.js';
import { semanticEqual } from './canonical.js';
import { ObjectStore, type ListQuery, type ListResult } from './object-store.js';
import { checkFields, comparable, managedEntry, updateManaged } from './write-metadata.js';

export interface WriteOptions {
  /** fieldManager, or the client's user agent. */
  manager?: string;
  dryRun?: boolean;
  subresource?: 'status';
  operation?: 'Update' | 'Apply';
  /** `Strict` rejects unknown fields with 400; otherwise they are dropped and reported in `warnings`. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Collects `unknown field "…"` warnings for the response's Warning headers. */
  warnings?: string[];
  /** Server-side apply: the applied configuration, and whether to take over conflicting fields. */
  applied?: JsonObject;
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  /** Pods: 0 deletes at once; otherwise the pod is Terminating for the simulator's termination time. */
  gracePeriodSeconds?: number;
}

function withoutMetaAndStatus(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export class Registry {
  readonly store = new ObjectStore();
  readonly fieldOwners = new FieldOwners();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    /** How long a deleted pod stays Terminating (0: pods go at once). */
    readonly podTerminationMs = 0,
  ) {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.create(this.type('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    this.create(this.type('nodes'), simNode(clock.now()), { manager: 'kubelet' });
  }

  type(resource: string, group = ''): ResourceType {
    const t = resourceTypes.find((r) => r.resource === resource && r.group === group);
    if (!t) throw new Error(`unknown resource ${group}/${resource}`);
    return t;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(typeKey(type), type.namespaced ? namespace : undefined, name);
    if (!found) throw errors.notFound(type.resource, type.group, name);
    return found;
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(typeKey(type), type.namespaced ? namespace : undefined, name);
  }

  list(type: ResourceType, query: ListQuery = {}): ListResult {
    return this.store.list(typeKey(type), query);
  }

  /** Stored objects without copying (deep-frozen): read-only access for controllers. */
  scan(
    type: ResourceType,
    query: Pick<ListQuery, 'namespace' | 'labelSelector' | 'fieldSelector'> = {},
  ): readonly KubeObject[] {
    return this.store.scan(typeKey(type), query);
  }

  /** The stored object without copying (deep-frozen), or undefined. */
  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.peek(typeKey(type), type.namespaced ? namespace : undefined, name);
  }

  create(type: ResourceType, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const obj = deepClone(input);
    obj.apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    obj.kind = type.kind;
    obj.metadata = obj.metadata ?? {};
    if (!type.namespaced) delete obj.metadata.namespace;
    checkFields(type, obj, opts);
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = `${obj.metadata.generateName}${this.random.suffix(5)}`;
    if (!obj.metadata.name)
      throw errors.invalid(type.kind, type.group, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    if (type.namespaced) this.requireNamespace(obj.metadata.namespace);
    if (this.store.get(typeKey(type), obj.metadata.namespace, obj.metadata.name))
      throw errors.alreadyExists(type.resource, type.group, obj.metadata.name);
    if (obj.metadata.resourceVersion)
      throw errors.badRequest('resourceVersion should not be set on objects to be created');
    const now = this.clock.now();
    obj.metadata.uid = this.random.uuid();
    obj.metadata.creationTimestamp = kubeTime(now);
    if (type.hasGeneration) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    delete obj.metadata.deletionTimestamp;
    obj.metadata.managedFields = [managedEntry(obj, opts, now)];
    const requested = deepClone(obj);
    applyDefaults(type, obj, this.random);
    validateObject(type, obj, undefined);
    if (opts.dryRun) return obj;
    this.trackOwnership(obj.metadata.uid, {}, requested, opts);
    obj.metadata.managedFields = this.withFieldSets(
      obj.metadata.uid,
      obj.metadata.managedFields as unknown[],
    );
    return this.store.insert(typeKey(type), obj);
  }

  update(type: ResourceType, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const name = input.metadata?.name ?? '';
    const namespace = type.namespaced ? input.metadata?.namespace : undefined;
    const existing = this.get(type, namespace, name);
    const incomingRv = input.metadata?.resourceVersion;
    if (incomingRv && incomingRv !== existing.metadata.resourceVersion)
      throw errors.conflict(type.resource, type.group, name);
    if (opts.operation === 'Apply' && !opts.force && opts.subresource !== 'status')
      this.checkApplyConflicts(type, existing, opts);
    const incoming = deepClone(input);
    checkFields(type, incoming, opts);
    const next = this.mergeForUpdate(type, existing, incoming, opts.subresource);
    if (opts.subresource !== 'status') applyDefaults(type, next, this.random, existing);
    validateObject(type, next, existing);
    if (type.hasGeneration && !semanticEqual(withoutMetaAndStatus(existing), withoutMetaAndStatus(next))) {
      next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    }
    if (semanticEqual(comparable(existing), comparable(next))) {
      // A no-op write keeps the resourceVersion, as the real server does; an apply still claims its fields.
      if (opts.operation === 'Apply' && !opts.dryRun)
        this.trackOwnership(existing.metadata.uid!, existing, next, opts);
      return existing;
    }
    next.metadata.managedFields = updateManaged(existing, next, opts, this.clock.now());
    if (opts.dryRun) return next;
    this.trackOwnership(existing.metadata.uid!, existing, next, opts);
    next.metadata.managedFields = this.withFieldSets(
      existing.metadata.uid!,
      next.metadata.managedFields as unknown[],
    );
    return this.store.replace(typeKey(type), next);
  }

  private trackOwnership(uid: string, before: unknown, after: unknown, opts: WriteOptions): void {
    if (opts.subresource === 'status') return;
    const manager = opts.manager ?? 'unknown';
    if (opts.operation === 'Apply') this.fieldOwners.claim(uid, before, opts.applied ?? after, manager);
    else this.fieldOwners.recordUpdate(uid, before, after, manager);
  }

  /** managedFields entries with each manager's fields; managers left owning nothing are dropped. */
  private withFieldSets(uid: string, entries: unknown[]): unknown[] {
    return (entries as Array<Record<string, unknown>>)
      .map((e) =>
        e.subresource
          ? e
          : {
              ...e,
              fieldsV1: this.fieldOwners.fieldsV1(
                uid,
                String(e.manager),
                e.operation === 'Apply' ? 'Apply' : 'Update',
              ),
            },
      )
      .filter((e) => e.subresource || Object.keys(e.fieldsV1 as object).length > 0);
  }

  private checkApplyConflicts(type: ResourceType, live: KubeObject, opts: WriteOptions): void {
    const conflicts = this.fieldOwners.conflicts(
      live.metadata.uid!,
      live,
      opts.applied ?? {},
      opts.manager ?? 'unknown',
    );
    if (conflicts.length === 0) return;
    const using = type.group ? `${type.group}/${type.version}` : type.version;
    const list = conflicts.map((c) => `conflict with "${c.manager}" using ${using}: ${c.field}`).join('\n- ');
    throw new ApiError(
      409,
      'Conflict',
      `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.length > 1 ? '\n- ' : ''}${list}`,
      {
        name: live.metadata.name,
        group: type.group,
        kind: type.resource,
        causes: conflicts.map((c) => ({
          reason: 'FieldManagerConflict',
          message: `conflict with "${c.manager}"`,
          field: c.field,
        })),
      },
    );
  }

  private mergeForUpdate(
    type: ResourceType,
    existing: KubeObject,
    input: KubeObject,
    subresource?: 'status',
  ): KubeObject {
    const hasStatus = type.subresources.includes('status');
    let next: KubeObject;
    if (subresource === 'status') {
      next = deepClone(existing);
      next.status = input.status;
    } else {
      next = input;
      next.metadata = { ...(input.metadata ?? {}) };
      if (hasStatus) next.status = deepClone(existing.status);
    }
    next.apiVersion = existing.apiVersion;
    next.kind = existing.kind;
    const keep = [
      'uid',
      'creationTimestamp',
      'generation',
      'deletionTimestamp',
      'managedFields',
      'name',
      'namespace',
    ] as const;
    for (const k of keep) {
      if (existing.metadata[k] === undefined) delete next.metadata[k];
      else (next.metadata as Record<string, unknown>)[k] = deepClone(existing.metadata[k]);
    }
    delete next.metadata.resourceVersion;
    return next;
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KubeObject {
    const existing = this.get(type, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid)
      throw errors.conflict(
        type.resource,
        type.group,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion)
      throw errors.conflict(
        type.resource,
        type.group,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    if (opts.dryRun) return existing;
    if (type.kind === 'Pod' && this.podTerminationMs > 0 && opts.gracePeriodSeconds !== 0)
      return this.markTerminating(type, existing, opts);
    const removed = this.store.remove(typeKey(type), type.namespaced ? namespace : undefined, name)!;
    this.fieldOwners.forget(removed.metadata.uid!);
    removed.metadata.deletionTimestamp = kubeTime(this.clock.now());
    if (type.resource === 'namespaces') this.deleteNamespaceContents(name);
    this.collectDependents(removed.metadata.uid!, opts.propagationPolicy ?? 'Background');
    return removed;
  }

  /** Graceful pod deletion: the pod gets a deletionTimestamp and stays until the kubelet lets it go. */
  private markTerminating(type: ResourceType, pod: KubeObject, opts: DeleteOptions): KubeObject {
    if (pod.metadata.deletionTimestamp) return pod;
    const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number };
    const grace = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    pod.metadata.deletionTimestamp = kubeTime(this.clock.now() + grace * 1000);
    pod.metadata.deletionGracePeriodSeconds = grace;
    return this.store.replace(typeKey(type), pod);
  }

  /** Garbage collection by ownerReferences: dependents go too, unless the policy orphans them. */
  private collectDependents(ownerUid: string, policy: 'Background' | 'Foreground' | 'Orphan'): void {
    for (const { typeKey: key, object } of this.store.allObjects()) {
      const refs = object.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === ownerUid)) continue;
      const type = resourceTypes.find((t) => typeKey(t) === key)!;
      const current = this.tryGet(type, object.metadata.namespace, object.metadata.name!);
      if (!current) continue;
      const remaining = refs.filter((r) => r.uid !== ownerUid);
      if (policy === 'Orphan' || remaining.length > 0) {
        current.metadata.ownerReferences = remaining.length ? remaining : undefined;
        if (!current.metadata.ownerReferences) delete current.metadata.ownerReferences;
        this.store.replace(key, current);
      } else {
        this.delete(type, current.metadata.namespace, current.metadata.name!, { propagationPolicy: policy });
      }
    }
  }

  private deleteNamespaceContents(namespace: string): void {
    for (const { typeKey: key, object } of this.store.allObjects()) {
      if (object.metadata.namespace !== namespace) continue;
      const type = resourceTypes.find((t) => typeKey(t) === key)!;
      if (this.tryGet(type, namespace, object.metadata.name!))
        this.delete(type, namespace, object.metadata.name!, { gracePeriodSeconds: 0 });
    }
  }

  private requireNamespace(namespace: string | undefined): void {
    if (!namespace)
      throw errors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    if (!this.store.get('/namespaces', undefined, namespace)) {
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  }
}
