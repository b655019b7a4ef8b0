// Patch algorithms and selectors, the pure parts of the API server.
import { describe, expect, test } from '@jest/globals';
import { applyJsonPatch } from '../src/api/patch/json-patch.js';
import { applyMergePatch } from '../src/api/patch/merge-patch.js';
import { applyServerSide } from '../src/api/patch/server-side-apply.js';
import { applyStrategicMergePatch } from '../src/api/patch/strategic-merge.js';
import {
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  matchesFields,
} from '../src/store/selectors.js';
import { ObjectStore } from '../src/store/object-store.js';

const pod = {
  spec: {
    containers: [
      { name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'side', image: 's:1' },
    ],
    tolerations: [{ key: 'a' }],
  },
};

describe('strategic merge patch', () => {
  test('merges containers by name and env by name, replaces lists without a merge key', () => {
    const out = applyStrategicMergePatch(pod, {
      spec: {
        containers: [{ name: 'app', image: 'a:2', env: [{ name: 'Y', value: '2' }] }],
        tolerations: [{ key: 'b' }],
      },
    }) as typeof pod;
    expect(out.spec.containers.map((c) => c.image)).toEqual(['a:2', 's:1']);
    expect(out.spec.containers[0]!.env).toEqual([
      { name: 'X', value: '1' },
      { name: 'Y', value: '2' },
    ]);
    expect(out.spec.containers[0]!.ports).toEqual([{ containerPort: 80 }]);
    expect(out.spec.tolerations).toEqual([{ key: 'b' }]);
  });

  test('honours $patch delete, $setElementOrder, $retainKeys and null deletion', () => {
    const out = applyStrategicMergePatch(pod, {
      spec: {
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
        containers: [{ name: 'app', $patch: 'delete' }],
        tolerations: null,
      },
    }) as { spec: Record<string, unknown> };
    expect(out.spec.containers).toEqual([{ name: 'side', image: 's:1' }]);
    expect(out.spec).not.toHaveProperty('tolerations');
    const retained = applyStrategicMergePatch(
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
      {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
      },
    );
    expect(retained).toEqual({ strategy: { type: 'Recreate' } });
  });
});

describe('JSON merge patch and JSON patch', () => {
  test('merge patch: null deletes, lists replace', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: null, b: { c: 5 }, l: [3] })).toEqual(
      { b: { c: 5, d: 3 }, l: [3] },
    );
  });

  test('json patch: add, replace, remove, move, copy, test — and errors on a missing path', () => {
    const doc = { a: { b: 1 }, l: [1, 2] };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/l/-', value: 3 },
      { op: 'replace', path: '/a/b', value: 2 },
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'move', from: '/c/b', path: '/d' },
      { op: 'remove', path: '/l/0' },
      { op: 'test', path: '/d', value: 2 },
    ]);
    expect(out).toEqual({ a: { b: 2 }, l: [2, 3], c: {}, d: 2 });
    expect(doc).toEqual({ a: { b: 1 }, l: [1, 2] });
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/x/y' }])).toThrow(/missing/);
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/a/b', value: 9 }])).toThrow(/failed/);
  });

  test('server-side apply removes fields the same manager stopped applying', () => {
    const live = {
      metadata: { name: 'x', labels: { a: '1', b: '2', other: 'kept' } },
      spec: { replicas: 3 },
    };
    const prev = { metadata: { name: 'x', labels: { a: '1', b: '2' } } };
    const next = { metadata: { name: 'x', labels: { a: '9' } } };
    expect(applyServerSide(live, next, prev)).toEqual({
      metadata: { name: 'x', labels: { a: '9', other: 'kept' } },
      spec: { replicas: 3 },
    });
  });
});

describe('selectors and the store', () => {
  test('label selectors: equality, set-based and existence', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesLabels(parseLabelSelector('app=web,tier in (front,back)'), labels)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app!=web'), labels)).toBe(false);
    expect(matchesLabels(parseLabelSelector('!canary,app'), labels)).toBe(true);
    expect(matchesLabels(parseLabelSelector('tier notin (front)'), labels)).toBe(false);
    expect(() => parseLabelSelector('a in b')).toThrow(/parse/);
  });

  test('field selectors read dotted paths', () => {
    const obj = { metadata: { name: 'web', namespace: 'ns' }, status: { phase: 'Running' } };
    expect(matchesFields(parseFieldSelector('metadata.name=web,status.phase!=Pending'), obj)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name==api'), obj)).toBe(false);
  });

  test('lists page with continue tokens in key order; watch history replays from a version', () => {
    const store = new ObjectStore();
    for (const n of ['c', 'a', 'b']) store.insert('/pods', { metadata: { name: n, namespace: 'ns' } });
    const rv = store.resourceVersion;
    const first = store.list('/pods', { limit: 2 });
    expect(first.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(first.remainingItemCount).toBe(1);
    const second = store.list('/pods', { limit: 2, continueToken: first.continueToken });
    expect(second.items.map((i) => i.metadata.name)).toEqual(['c']);
    expect(second.continueToken).toBeUndefined();
    store.remove('/pods', 'ns', 'a');
    expect(store.eventsSince('/pods', rv)!.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual([
      'DELETED:a',
    ]);
  });
});
