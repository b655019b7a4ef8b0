// What request handlers need: storage, time, and per-request facts.
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '@deploy-actions/action-kit';
import type { Registry } from '../store/registry.js';
import type { JsonObject } from '../types.js';
import type { ResourceTarget } from './router.js';

export interface ApiContext {
  registry: Registry;
  clock: Clock;
  /** Server-side apply: the last configuration each field manager applied, per object. */
  appliedConfigs: Map<string, JsonObject>;
  bookmarkIntervalMs: number;
  /** Faults: a watch stream is cut after this many ms (undefined = never). */
  watchDropAfterMs: (target: ResourceTarget) => number | undefined;
}

export interface ResourceRequest {
  method: string;
  target: ResourceTarget;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function fieldManager(req: ResourceRequest): string {
  const fromQuery = req.query.get('fieldManager');
  if (fromQuery) return fromQuery;
  const agent = String(req.headers['user-agent'] ?? 'unknown');
  return agent.split('/')[0] || 'unknown';
}

export function isDryRun(req: ResourceRequest): boolean {
  return req.query.getAll('dryRun').includes('All');
}

export interface RequestWriteOptions {
  manager: string;
  dryRun: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  warnings: string[];
}

/** Write options from the query (`fieldManager`, `dryRun`, `fieldValidation`); warnings are filled by the registry. */
export function writeOptions(req: ResourceRequest): RequestWriteOptions {
  const fv = req.query.get('fieldValidation');
  return {
    manager: fieldManager(req),
    dryRun: isDryRun(req),
    fieldValidation: fv === 'Strict' || fv === 'Warn' || fv === 'Ignore' ? fv : 'Warn',
    warnings: [],
  };
}

/** `Warning` response headers (RFC 7234 code 299), as kubectl prints them. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  return warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};
}
