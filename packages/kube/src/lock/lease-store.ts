// Where a Lease lives: the Kubernetes API (coordination.k8s.io/v1), or memory in unit tests.
// create() fails with a 409 when the Lease exists; update() with a 409 on a stale resourceVersion.
import type { KubeApi } from '../client/api.js';
import { KubeApiError } from '../errors.js';
import { leasePath } from '../resources.js';
import type { Lease } from '../types.js';

export interface LeaseStore {
  get(name: string): Promise<Lease | undefined>;
  create(lease: Lease): Promise<Lease>;
  update(lease: Lease): Promise<Lease>;
}

/** Raw calls (no retries): the lock's own loop decides what a failure means. */
export class KubeLeaseStore implements LeaseStore {
  constructor(
    private readonly api: KubeApi,
    private readonly namespace: string,
  ) {}

  async get(name: string): Promise<Lease | undefined> {
    try {
      return await this.api.request<Lease>('GET', leasePath(this.namespace, name));
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  create(lease: Lease): Promise<Lease> {
    return this.api.request<Lease>('POST', leasePath(this.namespace), {
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease },
    });
  }

  update(lease: Lease): Promise<Lease> {
    return this.api.request<Lease>('PUT', leasePath(this.namespace, lease.metadata.name!), {
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease },
    });
  }
}

/** An in-memory store with the API's resourceVersion rules, for tests of the lock. */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Lease>();
  private version = 0;
  /** Set to make the next calls fail (to test retries). */
  failNext: Array<KubeApiError> = [];

  async get(name: string): Promise<Lease | undefined> {
    this.maybeFail('GET');
    const lease = this.leases.get(name);
    return lease && structuredClone(lease);
  }

  async create(lease: Lease): Promise<Lease> {
    this.maybeFail('POST');
    const name = lease.metadata.name!;
    if (this.leases.has(name))
      throw new KubeApiError(`POST leases/${name}`, 409, 'AlreadyExists', `leases "${name}" already exists`);
    return this.store(lease);
  }

  async update(lease: Lease): Promise<Lease> {
    this.maybeFail('PUT');
    const name = lease.metadata.name!;
    const current = this.leases.get(name);
    if (!current) throw new KubeApiError(`PUT leases/${name}`, 404, 'NotFound', `leases "${name}" not found`);
    if (current.metadata.resourceVersion !== lease.metadata.resourceVersion) {
      throw new KubeApiError(
        `PUT leases/${name}`,
        409,
        'Conflict',
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    return this.store(lease);
  }

  private store(lease: Lease): Lease {
    const copy = structuredClone(lease);
    copy.metadata.resourceVersion = String(++this.version);
    this.leases.set(copy.metadata.name!, copy);
    return structuredClone(copy);
  }

  private maybeFail(_verb: string): void {
    const err = this.failNext.shift();
    if (err) throw err;
  }
}
