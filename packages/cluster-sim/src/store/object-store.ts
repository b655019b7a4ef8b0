// In-memory object storage: one global resourceVersion counter, ordered listing with selectors and
// paging, and an event history that watches replay from and fan out to.
import { deepClone, type KubeObject } from '../types.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelSelector } from './selectors.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  typeKey: string;
  resourceVersion: number;
  object: KubeObject;
  /** The object before this change (MODIFIED/DELETED), to turn selector transitions into ADDED/DELETED. */
  previous?: KubeObject;
}

export interface ListQuery {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldRequirement[];
  limit?: number;
  continueToken?: string;
  /** false: return the stored, frozen objects (for serializing only). Default true. */
  copy?: boolean;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

type Listener = (event: StoreEvent) => void;

const HISTORY_LIMIT = 20000;

function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function matchesQuery(
  obj: KubeObject,
  q: Pick<ListQuery, 'namespace' | 'labelSelector' | 'fieldSelector'>,
): boolean {
  if (q.namespace && obj.metadata.namespace !== q.namespace) return false;
  if (q.labelSelector && !matchesLabels(q.labelSelector, obj.metadata.labels)) return false;
  if (q.fieldSelector && !matchesFields(q.fieldSelector, obj)) return false;
  return true;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class ObjectStore {
  private revision = 1000;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<{ typeKey: string | '*'; fn: Listener }>();

  get resourceVersion(): number {
    return this.revision;
  }

  /** Oldest resourceVersion a watch can still resume from. */
  get oldestResumable(): number {
    return this.history.length === 0 ? this.revision : this.history[0]!.resourceVersion - 1;
  }

  private bucket(typeKey: string): Map<string, KubeObject> {
    let b = this.objects.get(typeKey);
    if (!b) {
      b = new Map();
      this.objects.set(typeKey, b);
    }
    return b;
  }

  get(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(typeKey).get(`${namespace ?? ''}/${name}`);
    return found ? deepClone(found) : undefined;
  }

  /**
   * The stored objects themselves (deep-frozen, never copied) matching a query: for controllers and
   * the traffic router, which read far more than they write. Copy before changing anything.
   */
  scan(
    typeKey: string,
    query: Pick<ListQuery, 'namespace' | 'labelSelector' | 'fieldSelector'> = {},
  ): readonly KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.bucket(typeKey).values()) if (matchesQuery(obj, query)) out.push(obj);
    return out.sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0));
  }

  /** The stored object itself (deep-frozen), or undefined. */
  peek(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(typeKey).get(`${namespace ?? ''}/${name}`);
  }

  /** Objects in key order (namespace/name), the order etcd returns. */
  list(typeKey: string, query: ListQuery = {}): ListResult {
    const all = [...this.bucket(typeKey).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const start = query.continueToken ? decodeContinue(query.continueToken).lastKey : undefined;
    const matching = all.filter(
      ([key, obj]) => (start === undefined || key > start) && matchesQuery(obj, query),
    );
    const limit = query.limit && query.limit > 0 ? query.limit : matching.length;
    const page = matching.slice(0, limit);
    const more = matching.length > page.length;
    return {
      items: page.map(([, obj]) => (query.copy === false ? obj : deepClone(obj))),
      resourceVersion: this.revision,
      ...(more
        ? {
            continueToken: encodeContinue(page[page.length - 1]![0], this.revision),
            remainingItemCount: matching.length - page.length,
          }
        : {}),
    };
  }

  /** Every object of every type (for garbage collection and namespace deletion); stored, frozen objects. */
  allObjects(): Array<{ typeKey: string; object: KubeObject }> {
    const out: Array<{ typeKey: string; object: KubeObject }> = [];
    for (const [typeKey, bucket] of this.objects)
      for (const obj of bucket.values()) out.push({ typeKey, object: obj });
    return out;
  }

  /** Stores a new object (metadata already complete except resourceVersion). */
  insert(typeKey: string, obj: KubeObject): KubeObject {
    const stored = deepClone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    deepFreeze(stored);
    this.bucket(typeKey).set(objectKey(stored), stored);
    this.emit({ type: 'ADDED', typeKey, resourceVersion: this.revision, object: stored });
    return deepClone(stored);
  }

  replace(typeKey: string, obj: KubeObject): KubeObject {
    const key = objectKey(obj);
    const previous = this.bucket(typeKey).get(key);
    const stored = deepClone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    deepFreeze(stored);
    this.bucket(typeKey).set(key, stored);
    this.emit({ type: 'MODIFIED', typeKey, resourceVersion: this.revision, object: stored, previous });
    return deepClone(stored);
  }

  remove(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = `${namespace ?? ''}/${name}`;
    const previous = this.bucket(typeKey).get(key);
    if (!previous) return undefined;
    this.bucket(typeKey).delete(key);
    const final = deepClone(previous);
    final.metadata.resourceVersion = String(++this.revision);
    this.emit({
      type: 'DELETED',
      typeKey,
      resourceVersion: this.revision,
      object: deepFreeze(deepClone(final)),
      previous,
    });
    return final;
  }

  /** Events of a type after `resourceVersion`, or undefined when that version is too old to replay. */
  eventsSince(typeKey: string, resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.oldestResumable) return undefined;
    return this.history.filter((e) => e.typeKey === typeKey && e.resourceVersion > resourceVersion);
  }

  subscribe(typeKey: string | '*', fn: Listener): () => void {
    const entry = { typeKey, fn };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    for (const l of [...this.listeners]) {
      if (l.typeKey !== '*' && l.typeKey !== event.typeKey) continue;
      try {
        l.fn(event);
      } catch {
        // A broken listener (a closed watch) must not break the write that triggered it.
      }
    }
  }
}
