import { applyUndoPlan, chooseReplicaSet, equalIgnoreHash, planUndo } from '../src/index.js';
import { deployment, replicaSet } from './fixtures.js';

const rs1 = replicaSet('web-aaa', 1, 'web:1', {
  'kubernetes.io/change-cause': 'first',
  'deployment.kubernetes.io/desired-replicas': '3',
});
const rs2 = replicaSet('web-bbb', 2, 'web:2', { 'kubernetes.io/change-cause': 'second' });
const rs3 = replicaSet('web-ccc', 3, 'web:3');

describe('chooseReplicaSet (kubectl rsForRevision)', () => {
  test('revision 0 picks the highest revision below the latest, whatever the list order', () => {
    expect(chooseReplicaSet('web', [rs3, rs1, rs2]).metadata.name).toBe('web-bbb');
    expect(chooseReplicaSet('web', [rs1, rs3, rs2]).metadata.name).toBe('web-bbb');
  });
  test('a given revision is found, a missing one is named', () => {
    expect(chooseReplicaSet('web', [rs1, rs2, rs3], 1).metadata.name).toBe('web-aaa');
    expect(() => chooseReplicaSet('web', [rs1, rs2], 7)).toThrow(
      'unable to find specified revision 7 in history of deployment "web"',
    );
  });
  test('a single revision has no previous one', () => {
    expect(() => chooseReplicaSet('web', [rs1])).toThrow('no rollout history found for deployment "web"');
  });
});

describe('planUndo (kubectl rollout undo)', () => {
  test('copies the template without pod-template-hash and takes the ReplicaSet annotations', () => {
    const d = deployment({ image: 'web:3' });
    d.metadata.annotations = {
      'deployment.kubernetes.io/revision': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}',
      'kubernetes.io/change-cause': 'third',
      team: 'payments',
    };
    const plan = planUndo(d, [rs1, rs2, rs3]);
    if (plan.action !== 'rollback') throw new Error('expected a rollback');
    expect(plan.revision).toBe(2);
    expect(plan.template.metadata?.labels).toEqual({ app: 'web' });
    expect(plan.template.spec?.containers?.[0]?.image).toBe('web:2');
    // Deployment keeps its skip-listed annotations; everything else comes from the ReplicaSet.
    expect(plan.annotations).toEqual({
      'deployment.kubernetes.io/revision': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}',
      'kubernetes.io/change-cause': 'second',
    });
    const next = applyUndoPlan(d, plan);
    expect(next.spec?.template?.spec?.containers?.[0]?.image).toBe('web:2');
    expect(next.metadata.annotations?.team).toBeUndefined();
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe('web:3');
  });

  test('skip-listed annotations on the ReplicaSet are not copied', () => {
    const plan = planUndo(deployment({ image: 'web:3' }), [rs1, rs3], { toRevision: 1 });
    if (plan.action !== 'rollback') throw new Error('expected a rollback');
    expect(plan.annotations['deployment.kubernetes.io/desired-replicas']).toBeUndefined();
    expect(plan.annotations['kubernetes.io/change-cause']).toBe('first');
  });

  test('skips when the Deployment already runs that template', () => {
    expect(planUndo(deployment({ image: 'web:2' }), [rs1, rs2, rs3], { toRevision: 2 })).toEqual({
      action: 'skip',
      revision: 2,
      replicaSet: 'web-bbb',
    });
  });

  test('by ReplicaSet name, stable across the renumbering of a rollback', () => {
    const renumbered = replicaSet('web-bbb', 4, 'web:2');
    const plan = planUndo(deployment({ image: 'web:3' }), [rs1, renumbered, rs3], { replicaSet: 'web-bbb' });
    expect(plan).toMatchObject({ action: 'rollback', revision: 4, replicaSet: 'web-bbb' });
    expect(() => planUndo(deployment(), [rs1], { replicaSet: 'web-zzz' })).toThrow(
      'replica set "web-zzz" is no longer in the history',
    );
  });

  test('refuses a paused Deployment as kubectl does', () => {
    const d = deployment({ image: 'web:3' });
    d.spec = { ...d.spec, paused: true };
    expect(() => planUndo(d, [rs1, rs2, rs3])).toThrow(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web'",
    );
  });

  test('equalIgnoreHash treats missing and empty fields alike and ignores only the hash label', () => {
    const a = {
      metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } },
      spec: { containers: [{ name: 'app', image: 'i', env: [] }] },
    };
    const b = {
      metadata: { labels: { app: 'web' }, annotations: {} },
      spec: { containers: [{ name: 'app', image: 'i' }] },
    };
    expect(equalIgnoreHash(a, b)).toBe(true);
    expect(equalIgnoreHash(a, { ...b, metadata: { labels: { app: 'api' } } })).toBe(false);
  });
});
