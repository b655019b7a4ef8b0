import { diagnoseContainer, explainRollout, type KubeEvent } from '../src/index.js';
import { deployment, pod, replicaSet } from './fixtures.js';

const oldRs = replicaSet('web-aaa', 1, 'web:1');
const newRs = replicaSet('web-bbb', 2, 'web:2');

function event(
  object: string,
  kind: string,
  reason: string,
  message: string,
  type = 'Warning',
  time = '2026-01-01T00:00:00Z',
): KubeEvent {
  return {
    metadata: { name: `${object}.1` },
    involvedObject: { kind, name: object },
    reason,
    message,
    type,
    lastTimestamp: time,
  };
}

describe('explainRollout', () => {
  test('crash-looping pods: state, restarts and last termination, plus the warning events', () => {
    const crash = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 4,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
          },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } },
        },
      ],
    };
    const d = explainRollout({
      deployment: deployment(),
      replicaSets: [oldRs, newRs],
      pods: [
        pod('web-bbb-2', newRs, crash),
        pod('web-bbb-1', newRs, crash),
        pod('web-aaa-1', oldRs, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
      ],
      events: [
        event(
          'web-bbb-1',
          'Pod',
          'BackOff',
          'Back-off restarting failed container app',
          'Warning',
          '2026-01-01T00:00:05Z',
        ),
        event(
          'web-bbb-1',
          'Pod',
          'BackOff',
          'Back-off restarting failed container app',
          'Warning',
          '2026-01-01T00:00:04Z',
        ),
        event('web-aaa-1', 'Pod', 'Killing', 'old pod event'),
        event(
          'web-bbb',
          'ReplicaSet',
          'SuccessfulCreate',
          'Created pod: web-bbb-1',
          'Normal',
          '2026-01-01T00:00:01Z',
        ),
      ],
    });
    expect(d.newReplicaSet).toBe('web-bbb');
    expect(d.pods.map((p) => p.name)).toEqual(['web-bbb-1', 'web-bbb-2']);
    expect(d.notReady[0]!.problem).toBe('app: CrashLoopBackOff, 4 restarts, last terminated Error (exit 1)');
    expect(d.events.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'BackOff', 'BackOff']);
    expect(d.headline).toBe(
      '2 of 2 new pods not ready: web-bbb-1 (app: CrashLoopBackOff, 4 restarts, last terminated Error (exit 1)), web-bbb-2 (app: CrashLoopBackOff, 4 restarts, last terminated Error (exit 1)); last events: BackOff pod/web-bbb-1: Back-off restarting failed container app',
    );
  });

  test('image pull failures, OOMKilled and unschedulable pods each name their cause', () => {
    const d = explainRollout({
      deployment: deployment(),
      replicaSets: [newRs],
      pods: [
        pod('web-bbb-1', newRs, {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'app',
              state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "web:2"' } },
            },
          ],
        }),
        pod('web-bbb-2', newRs, {
          phase: 'Running',
          containerStatuses: [
            { name: 'app', restartCount: 1, state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
          ],
        }),
        pod('web-bbb-3', newRs, {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available: 3 Insufficient cpu.',
            },
          ],
        }),
      ],
      events: [],
    });
    expect(d.notReady.map((p) => p.problem)).toEqual([
      'app: ImagePullBackOff',
      'app: OOMKilled (exit 137), 1 restart',
      'unschedulable: 0/3 nodes are available: 3 Insufficient cpu.',
    ]);
    expect(d.headline).toContain('3 of 3 new pods not ready');
    expect(d.headline).toContain('and 1 more');
  });

  test('a running container that is not ready points at the readiness probe', () => {
    expect(diagnoseContainer({ name: 'app', ready: false, state: { running: {} } }).state).toBe(
      'Running, not ready (readiness probe failing)',
    );
  });

  test('no pods of the new revision at all is said plainly', () => {
    expect(
      explainRollout({ deployment: deployment(), replicaSets: [newRs], pods: [], events: [] }).headline,
    ).toBe('no pods of the new revision exist');
  });
});
