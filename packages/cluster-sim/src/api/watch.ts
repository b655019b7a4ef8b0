// Watch streams: newline-delimited JSON events, resumable from a resourceVersion, with bookmarks,
// `sendInitialEvents`, `timeoutSeconds`, and selector transitions turned into ADDED/DELETED.
import type { ServerResponse } from 'node:http';
import { matchesQuery, type StoreEvent } from '../store/object-store.js';
import {
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelSelector,
} from '../store/selectors.js';
import type { KubeObject } from '../types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { apiVersionOf, typeKey } from './resources.js';
import { errors } from './status.js';
import { toTable, wantsTable } from './table.js';

interface Filter {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldRequirement[];
}

const MAX_TIMEOUT_SECONDS = 1800;

function buildFilter(req: ResourceRequest): Filter {
  const fieldSelector = parseFieldSelector(req.query.get('fieldSelector'));
  if (req.target.name) fieldSelector.push({ path: 'metadata.name', equal: true, value: req.target.name });
  return {
    namespace: req.target.namespace,
    labelSelector: parseLabelSelector(req.query.get('labelSelector')),
    fieldSelector,
  };
}

/** Maps a store event onto what this watcher sees: selector transitions become ADDED/DELETED. */
function project(event: StoreEvent, filter: Filter): { type: string; object: KubeObject } | undefined {
  const now = matchesQuery(event.object, filter);
  const before = event.previous ? matchesQuery(event.previous, filter) : false;
  if (event.type === 'ADDED') return now ? { type: 'ADDED', object: event.object } : undefined;
  if (event.type === 'DELETED') return before || now ? { type: 'DELETED', object: event.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: event.object };
  return undefined;
}

export function handleWatch(ctx: ApiContext, req: ResourceRequest, res: ServerResponse): void {
  const key = typeKey(req.target.type);
  const filter = buildFilter(req);
  const rvParam = req.query.get('resourceVersion') ?? '';
  const sendInitial = req.query.get('sendInitialEvents') === 'true';
  const fromNow = rvParam === '' || rvParam === '0' || sendInitial;
  const replay = fromNow ? [] : ctx.registry.store.eventsSince(key, Number(rvParam));
  if (replay === undefined) {
    // The real server answers 200 and then an ERROR event carrying a 410 Status.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        type: 'ERROR',
        object: errors
          .expired(`too old resource version: ${rvParam} (${ctx.registry.store.oldestResumable})`)
          .toStatus(),
      }) + '\n',
    );
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  const stream = watchWriter(ctx, req, res);
  if (fromNow) {
    for (const obj of ctx.registry.list(req.target.type, { ...filter, copy: false }).items)
      stream.write('ADDED', obj);
    if (sendInitial) stream.bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const event of replay) stream.event(event, filter);
  }
  const unsubscribe = ctx.registry.store.subscribe(key, (event) => stream.event(event, filter));
  armLifetime(ctx, req, res, unsubscribe, stream.bookmark);
}

/** Writes events (as Table rows when asked) and bookmarks carrying the last resourceVersion seen. */
function watchWriter(ctx: ApiContext, req: ResourceRequest, res: ServerResponse) {
  const { type } = req.target;
  const asTable = wantsTable(req.headers.accept);
  let columnsSent = false;
  let lastRv = ctx.registry.store.resourceVersion;
  const write = (eventType: string, object: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    if (asTable && eventType !== 'BOOKMARK' && eventType !== 'ERROR') {
      // `kubectl get -w` asks for Table rows; like the real server, column definitions come once.
      const table = toTable(type.kind, [object as KubeObject], ctx.clock.now(), {
        resourceVersion: (object as KubeObject).metadata.resourceVersion,
      });
      if (columnsSent) table.columnDefinitions = [];
      columnsSent = true;
      object = table;
    }
    res.write(JSON.stringify({ type: eventType, object }) + '\n');
  };
  return {
    write,
    event(event: StoreEvent, filter: Filter) {
      lastRv = Math.max(lastRv, event.resourceVersion);
      const seen = project(event, filter);
      if (seen) write(seen.type, seen.object);
    },
    bookmark(annotations?: Record<string, string>) {
      write('BOOKMARK', {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(lastRv), ...(annotations ? { annotations } : {}) },
      });
    },
  };
}

/** Ends the stream on client disconnect, `timeoutSeconds`, or an injected drop; sends bookmarks meanwhile. */
function armLifetime(
  ctx: ApiContext,
  req: ResourceRequest,
  res: ServerResponse,
  unsubscribe: () => void,
  bookmark: () => void,
): void {
  const abort = new AbortController();
  const finish = () => {
    if (abort.signal.aborted) return;
    abort.abort();
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  res.on('close', finish);
  const timeout = Math.min(
    Number(req.query.get('timeoutSeconds') ?? MAX_TIMEOUT_SECONDS) || MAX_TIMEOUT_SECONDS,
    MAX_TIMEOUT_SECONDS,
  );
  ctx.clock.sleep(timeout * 1000, abort.signal).then(finish, () => undefined);
  const dropAfter = ctx.watchDropAfterMs(req.target);
  if (dropAfter !== undefined) {
    ctx.clock.sleep(dropAfter, abort.signal).then(
      () => {
        finish();
        res.destroy();
      },
      () => undefined,
    );
  }
  if (req.query.get('allowWatchBookmarks') === 'true') void bookmarkLoop(ctx, abort.signal, () => bookmark());
}

async function bookmarkLoop(ctx: ApiContext, signal: AbortSignal, send: () => void): Promise<void> {
  while (!signal.aborted) {
    try {
      await ctx.clock.sleep(ctx.bookmarkIntervalMs, signal);
    } catch {
      return;
    }
    send();
  }
}
