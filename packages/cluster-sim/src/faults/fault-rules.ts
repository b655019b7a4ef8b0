// API faults a test can switch on: error rates, added latency, conflicts, dropped watches, and an
// unreachable API — matched per verb, resource and namespace.
import { ApiError } from '../api/status.js';
import type { Random } from '../random.js';

export type ApiVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface FaultRule {
  /** Verbs the rule applies to; all when omitted. */
  verbs?: ApiVerb[];
  /** Plural resource names (`deployments`, `leases`); all when omitted. */
  resources?: string[];
  namespace?: string;
  /** Fraction (0-1) of matching requests answered with `errorCode`. */
  errorRate?: number;
  /** 500 (default), 503 or 429; 503/429 carry Retry-After: 1. */
  errorCode?: 500 | 503 | 429;
  /** Delay added before handling each matching request. */
  latencyMs?: number;
  /** Fraction (0-1) of matching writes answered with 409 Conflict. */
  conflictRate?: number;
  /** Watches matching the rule are cut after this long. */
  dropWatchAfterMs?: number;
  /** Stop applying after this many injected failures. */
  times?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  injected: number;
}

export interface FaultDecision {
  latencyMs: number;
  error?: ApiError;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  unreachable = false;

  constructor(private readonly random: Random) {}

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { ...rule, id: `fault-${this.nextId++}`, injected: 0 };
    this.rules.push(active);
    return active;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.unreachable = false;
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  private matching(verb: ApiVerb, resource: string, namespace?: string): ActiveFault[] {
    return this.rules.filter(
      (r) =>
        (!r.verbs || r.verbs.includes(verb)) &&
        (!r.resources || r.resources.includes(resource)) &&
        (!r.namespace || r.namespace === namespace) &&
        (r.times === undefined || r.injected < r.times),
    );
  }

  decide(verb: ApiVerb, resource: string, namespace?: string): FaultDecision {
    let latencyMs = 0;
    for (const rule of this.matching(verb, resource, namespace)) {
      latencyMs += rule.latencyMs ?? 0;
      if (rule.errorRate && this.random.next() < rule.errorRate) {
        rule.injected++;
        return { latencyMs, error: injectedError(rule.errorCode ?? 500) };
      }
      const isWrite = verb === 'update' || verb === 'patch' || verb === 'create' || verb === 'delete';
      if (isWrite && rule.conflictRate && this.random.next() < rule.conflictRate) {
        rule.injected++;
        return {
          latencyMs,
          error: new ApiError(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${resource}: the object has been modified; please apply your changes to the latest version and try again (injected fault)`,
          ),
        };
      }
    }
    return { latencyMs };
  }

  watchDropAfterMs(resource: string, namespace?: string): number | undefined {
    const drops = this.matching('watch', resource, namespace).filter((r) => r.dropWatchAfterMs !== undefined);
    if (drops.length === 0) return undefined;
    for (const r of drops) r.injected++;
    return Math.min(...drops.map((r) => r.dropWatchAfterMs!));
  }
}

function injectedError(code: 500 | 503 | 429): ApiError {
  if (code === 503)
    return new ApiError(
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request (injected fault)',
      { retryAfterSeconds: 1 },
    );
  if (code === 429)
    return new ApiError(
      429,
      'TooManyRequests',
      'the server has received too many requests and has asked us to try again later (injected fault)',
      { retryAfterSeconds: 1 },
    );
  return new ApiError(500, 'InternalError', 'Internal error occurred: injected fault');
}
