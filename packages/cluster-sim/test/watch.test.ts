// Watch semantics over HTTP: flushed headers, bookmarks, timeoutSeconds, sendInitialEvents, and
// selector transitions reported as ADDED/DELETED.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'node:http';
import { startClusterSim, type ClusterSim } from '../src/index.js';

interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  };
}

/** Opens a watch and collects events until the server ends it or `stopWhen` says so. */
function watch(
  sim: ClusterSim,
  path: string,
  stopWhen: (events: WatchEvent[]) => boolean,
  onOpen?: () => void,
): Promise<{ events: WatchEvent[]; endedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const req = request(
      `${sim.url}${path}`,
      { headers: { Authorization: `Bearer ${sim.token}` }, timeout: 10_000 },
      (res) => {
        onOpen?.();
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buffer.slice(0, nl)) as WatchEvent);
            buffer = buffer.slice(nl + 1);
          }
          if (stopWhen(events)) {
            req.destroy();
            resolve({ events, endedByServer: false });
          }
        });
        res.on('end', () => resolve({ events, endedByServer: true }));
      },
    );
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.end();
  });
}

const cm = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels },
  data: {},
});

describe('watch over HTTP', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startClusterSim({ tls: false, bookmarkIntervalMs: 100, seed: 2 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('headers arrive at once; bookmarks carry the current resourceVersion; timeoutSeconds ends the stream', async () => {
    const t0 = Date.now();
    let openedAfter = -1;
    const { events, endedByServer } = await watch(
      sim,
      '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1',
      () => false,
      () => (openedAfter = Date.now() - t0),
    );
    expect(openedAfter).toBeLessThan(500);
    expect(endedByServer).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(3); // every 100 ms for 1 s, with room for a busy machine
    expect(bookmarks[0]!.object.kind).toBe('ConfigMap');
    expect(Number(bookmarks[0]!.object.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  test('a label change that leaves the selector is a DELETED event, coming back is ADDED', async () => {
    sim.control.apply('configmaps', cm('a', { role: 'x' }));
    const rv = String(sim.control.registry.store.resourceVersion);
    const pending = watch(
      sim,
      `/api/v1/namespaces/default/configmaps?watch=1&labelSelector=role%3Dx&resourceVersion=${rv}`,
      (ev) => ev.length >= 3,
    );
    await new Promise((r) => setTimeout(r, 100));
    sim.control.apply('configmaps', cm('a', { role: 'y' }));
    sim.control.apply('configmaps', cm('b', { role: 'y' }));
    sim.control.apply('configmaps', cm('a', { role: 'x', extra: '1' }));
    sim.control.apply('configmaps', cm('a', { role: 'x', extra: '2' }));
    const { events } = await pending;
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual([
      'DELETED:a',
      'ADDED:a',
      'MODIFIED:a',
    ]);
  });

  test('sendInitialEvents lists current objects then marks the end with a bookmark', async () => {
    const { events } = await watch(
      sim,
      '/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
      (ev) => ev.some((e) => e.type === 'BOOKMARK'),
    );
    const names = events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name);
    expect(names).toEqual(['a', 'b']);
    expect(events.find((e) => e.type === 'BOOKMARK')!.object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });
});

describe('content negotiation', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startClusterSim({ tls: false, seed: 4 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(`${sim.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${sim.token}`, ...headers },
      body,
    });

  test('YAML bodies are accepted, protobuf bodies get 415, a protobuf-only Accept gets 406', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n';
    const created = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { 'Content-Type': 'application/yaml' },
      yaml,
    );
    expect(created.status).toBe(201);
    expect(((await created.json()) as { data: Record<string, string> }).data).toEqual({ a: '1' });
    const proto = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      'k8s\0',
    );
    expect(proto.status).toBe(415);
    expect(((await proto.json()) as { reason: string }).reason).toBe('UnsupportedMediaType');
    const onlyProto = await call('GET', '/api/v1/namespaces/default/configmaps', {
      Accept: 'application/vnd.kubernetes.protobuf',
    });
    expect(onlyProto.status).toBe(406);
    const both = await call('GET', '/api/v1/namespaces/default/configmaps', {
      Accept: 'application/vnd.kubernetes.protobuf, application/json',
    });
    expect(both.status).toBe(200);
    expect(both.headers.get('content-type')).toBe('application/json');
  });
});
