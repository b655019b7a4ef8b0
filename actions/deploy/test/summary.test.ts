import { Summary } from '@deploy-actions/action-kit';
import type { RollingDeployResult } from '@deploy-actions/kube';
import { writeSummary } from '../src/summary.js';

const base: RollingDeployResult = {
  result: 'deployed',
  container: 'app',
  revision: 5,
  previousRevision: 4,
  image: 'app:2',
  previousImage: 'app:1',
  readyReplicas: 3,
  desiredReplicas: 3,
  changed: true,
  applied: [],
  history: [
    { revision: 4, replicaSet: 'web-a', images: ['app:1'], replicas: 0, readyReplicas: 0 },
    { revision: 5, replicaSet: 'web-b', images: ['app:2'], replicas: 3, readyReplicas: 3 },
  ],
  timings: [{ step: 'rollout', ms: 12_340 }],
  lock: { name: 'deploy-actions-web', waitedMs: 1500 },
};

test('shows the revision and image change, timings, lock and history', () => {
  const s = new Summary();
  writeSummary(s, 'web', 'shop', base);
  const text = s.toString();
  expect(text).toContain('## Deploy shop/web: deployed');
  expect(text).toContain('| revision | 4 | 5 |');
  expect(text).toContain('| image (app) | app:1 | app:2 |');
  expect(text).toContain('| ready replicas |  | 3/3 |');
  expect(text).toContain('| rollout | 12.3 |');
  expect(text).toContain('Deploy lock deploy-actions-web: waited 1.5s.');
  expect(text).toContain('| 5 | web-b | app:2 | 3/3 |');
  expect(text).not.toContain('Why the rollout failed');
});

test('a failure lists every container and event, escaping what the cluster reported', () => {
  const s = new Summary();
  writeSummary(s, 'web', 'shop', {
    ...base,
    result: 'rolled-back',
    failure: 'deployment "web" exceeded its progress deadline',
    rollback: {
      toReplicaSet: 'web-a',
      outcome: 'complete',
      message: 'deployment "web" successfully rolled out',
    },
    diagnosis: {
      newReplicaSet: 'web-c',
      headline: '1 of 1 new pods not ready',
      pods: [
        {
          name: 'web-c-1',
          phase: 'Running',
          ready: false,
          problem: 'x',
          containers: [
            {
              name: 'app',
              ready: false,
              state: 'CrashLoopBackOff',
              restarts: 3,
              lastTermination: 'OOMKilled (exit 137)',
              detail: '<script>|pipe',
            },
          ],
        },
      ],
      notReady: [],
      events: [
        {
          type: 'Warning',
          reason: 'BackOff',
          object: 'pod/web-c-1',
          message: 'Back-off restarting',
          count: 4,
          time: '2026-01-01T00:00:00Z',
        },
      ],
    },
  });
  const text = s.toString();
  expect(text).toContain('## Deploy shop/web: rolled-back');
  expect(text).toContain('deployment &quot;web&quot; exceeded its progress deadline');
  expect(text).toContain(
    '| web-c-1 | no | app | CrashLoopBackOff | 3 | OOMKilled (exit 137) | &lt;script&gt;\\|pipe |',
  );
  expect(text).toContain(
    '| 2026-01-01T00:00:00Z | Warning | BackOff | pod/web-c-1 | Back-off restarting | 4 |',
  );
  expect(text).toContain('Rollback to replica set web-a: complete');
});
