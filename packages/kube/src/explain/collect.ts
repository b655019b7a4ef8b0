// Reads what explainRollout needs: the Deployment's ReplicaSets, the new revision's pods and the
// events of those objects. Best effort: explaining must never hide the failure it explains.
import { errorMessage, type Logger } from '@deploy-actions/action-kit';
import type { KubeApi } from '../client/api.js';
import { KubeApiError } from '../errors.js';
import { eventsPath, podsPath, selectorString } from '../resources.js';
import { POD_TEMPLATE_HASH_LABEL, type Deployment, type KubeEvent, type Pod } from '../types.js';
import { ownedReplicaSets } from '../workloads/history.js';
import { explainRollout, findNewReplicaSet, type RolloutDiagnosis } from './explain.js';

export async function collectDiagnosis(
  api: KubeApi,
  deployment: Deployment,
  log: Logger,
): Promise<RolloutDiagnosis | undefined> {
  const namespace = deployment.metadata.namespace ?? 'default';
  try {
    const replicaSets = await ownedReplicaSets(api, deployment);
    const newRs = findNewReplicaSet(deployment, replicaSets);
    const hash = newRs?.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
    const selector = [
      selectorString(deployment.spec?.selector),
      hash ? `${POD_TEMPLATE_HASH_LABEL}=${hash}` : '',
    ]
      .filter(Boolean)
      .join(',');
    const pods = (await api.list<Pod>(podsPath(namespace), { labelSelector: selector || undefined })).items;
    const names = [
      deployment.metadata.name,
      newRs?.metadata.name,
      ...pods.slice(0, 10).map((p) => p.metadata.name),
    ].filter((n): n is string => !!n);
    const events = await eventsFor(api, namespace, names);
    return explainRollout({ deployment, replicaSets, pods, events });
  } catch (err) {
    log.warning(`could not collect the reasons of the failure: ${errorMessage(err)}`);
    return undefined;
  }
}

async function eventsFor(api: KubeApi, namespace: string, names: string[]): Promise<KubeEvent[]> {
  const out: KubeEvent[] = [];
  try {
    for (const name of names) {
      const list = await api.list<KubeEvent>(eventsPath(namespace), {
        fieldSelector: `involvedObject.name=${name}`,
      });
      out.push(...list.items.filter((e) => e.involvedObject?.name === name));
    }
    return out;
  } catch (err) {
    // A server that rejects the field selector (400): read the namespace's events and filter here.
    if (!(err instanceof KubeApiError && err.status === 400)) throw err;
    const wanted = new Set(names);
    return (await api.list<KubeEvent>(eventsPath(namespace))).items.filter((e) =>
      wanted.has(e.involvedObject?.name ?? ''),
    );
  }
}
