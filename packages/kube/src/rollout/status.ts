// The rule `kubectl rollout status` applies to a Deployment, as a pure function of the object.
import type { Deployment } from '../types.js';

export type RolloutState =
  | { phase: 'progressing'; message: string }
  | { phase: 'complete'; message: string }
  | { phase: 'failed'; reason: 'ProgressDeadlineExceeded'; message: string };

export function rolloutStatus(deployment: Deployment): RolloutState {
  const name = deployment.metadata.name;
  const generation = deployment.metadata.generation ?? 0;
  const status = deployment.status ?? {};
  if (generation > (status.observedGeneration ?? 0)) {
    return { phase: 'progressing', message: 'Waiting for deployment spec update to be observed...' };
  }
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      phase: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: `deployment "${name}" exceeded its progress deadline`,
    };
  }
  const desired = deployment.spec?.replicas;
  const updated = status.updatedReplicas ?? 0;
  const replicas = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (desired !== undefined && updated < desired) {
    return {
      phase: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  }
  if (replicas > updated) {
    return {
      phase: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      phase: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { phase: 'complete', message: `deployment "${name}" successfully rolled out` };
}
