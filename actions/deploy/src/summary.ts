// The deploy job summary: revision and image change, timings, lock, and on failure why (pods,
// container states, events) and what was rolled back.
import { Summary } from '@deploy-actions/action-kit';
import type { RolloutDiagnosis, RollingDeployResult } from '@deploy-actions/kube';

export function writeSummary(
  summary: Summary,
  name: string,
  namespace: string,
  r: RollingDeployResult,
): void {
  summary.heading(`Deploy ${namespace}/${name}: ${r.result}`);
  if (r.failure) summary.paragraph(r.failure);
  summary.table(
    ['', 'before', 'after'],
    [
      ['revision', r.previousRevision ?? '—', r.revision ?? '—'],
      [`image (${r.container})`, r.previousImage ?? '—', r.image ?? '—'],
      ['ready replicas', '', `${r.readyReplicas}/${r.desiredReplicas}`],
    ],
  );
  summary.table(
    ['step', 'seconds'],
    r.timings.map((t) => [t.step, (t.ms / 1000).toFixed(1)]),
  );
  if (r.lock) {
    const takeover = r.lock.tookOverFrom ? `, taken over from ${r.lock.tookOverFrom} (lease expired)` : '';
    summary.paragraph(
      `Deploy lock ${r.lock.name}: waited ${(r.lock.waitedMs / 1000).toFixed(1)}s${takeover}.`,
    );
  }
  if (r.rollback)
    summary.paragraph(
      `Rollback to replica set ${r.rollback.toReplicaSet}: ${r.rollback.outcome} — ${r.rollback.message}`,
    );
  if (r.diagnosis) summary.details('Why the rollout failed', diagnosisSection(r.diagnosis));
  if (r.applied.length)
    summary.details(
      `Applied ${r.applied.length} manifest object(s)`,
      new Summary().table(
        ['kind', 'name', 'namespace'],
        r.applied.map((a) => [a.kind, a.name, a.namespace]),
      ),
    );
  if (r.history.length) {
    summary.details(
      'Revision history',
      new Summary().table(
        ['revision', 'replica set', 'images', 'ready'],
        r.history.map((h) => [
          h.revision,
          h.replicaSet,
          h.images.join(', '),
          `${h.readyReplicas}/${h.replicas}`,
        ]),
      ),
    );
  }
}

function diagnosisSection(d: RolloutDiagnosis): Summary {
  const s = new Summary();
  s.paragraph(d.headline);
  const containers = d.pods.flatMap((p) =>
    p.containers.map((c) => [
      p.name,
      p.ready ? 'yes' : 'no',
      c.name,
      c.state,
      c.restarts,
      c.lastTermination ?? '',
      c.detail ?? '',
    ]),
  );
  if (containers.length)
    s.table(['pod', 'ready', 'container', 'state', 'restarts', 'last termination', 'detail'], containers);
  const podOnly = d.notReady
    .filter((p) => p.containers.length === 0)
    .map((p) => [p.name, p.phase, p.problem]);
  if (podOnly.length) s.table(['pod', 'phase', 'problem'], podOnly);
  if (d.events.length)
    s.table(
      ['time', 'type', 'reason', 'object', 'message', 'count'],
      d.events.slice(-20).map((e) => [e.time ?? '', e.type, e.reason, e.object, e.message, e.count]),
    );
  return s;
}
