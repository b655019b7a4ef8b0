import { rolloutStatus } from '../src/index.js';
import { deployment } from './fixtures.js';

describe('rolloutStatus (the kubectl rollout status rule)', () => {
  test('complete when observed, all updated, no old replicas, all available', () => {
    expect(rolloutStatus(deployment())).toEqual({
      phase: 'complete',
      message: 'deployment "web" successfully rolled out',
    });
  });

  test('waits until the controller observed the new generation, even when counts look done', () => {
    const d = deployment({ metadata: { name: 'web', generation: 3 } });
    expect(rolloutStatus(d)).toEqual({
      phase: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    });
  });

  test('reports updated, old and available replicas in that order', () => {
    const base = deployment();
    expect(
      rolloutStatus({ ...base, status: { ...base.status, updatedReplicas: 1, replicas: 4 } }).message,
    ).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(rolloutStatus({ ...base, status: { ...base.status, replicas: 4 } }).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    expect(rolloutStatus({ ...base, status: { ...base.status, availableReplicas: 2 } }).message).toBe(
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
    );
  });

  test('ProgressDeadlineExceeded fails, but only once the generation is observed', () => {
    const base = deployment();
    const conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
    const failed = rolloutStatus({ ...base, status: { ...base.status, updatedReplicas: 1, conditions } });
    expect(failed).toEqual({
      phase: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: 'deployment "web" exceeded its progress deadline',
    });
    const stale = rolloutStatus({
      ...base,
      metadata: { ...base.metadata, generation: 5 },
      status: { ...base.status, conditions },
    });
    expect(stale.phase).toBe('progressing');
  });

  test('a Progressing condition with another reason does not fail', () => {
    const base = deployment();
    const conditions = [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }];
    expect(
      rolloutStatus({ ...base, status: { ...base.status, availableReplicas: 0, conditions } }).phase,
    ).toBe('progressing');
  });

  test('zero replicas is complete at once', () => {
    const d = deployment({ spec: { replicas: 0 }, status: { observedGeneration: 2 } });
    expect(rolloutStatus(d).phase).toBe('complete');
  });
});
