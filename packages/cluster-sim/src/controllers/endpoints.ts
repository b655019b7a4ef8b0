// The Endpoints controller: a Service's endpoints are the pods its selector matches, ready ones
// as `addresses` and the rest as `notReadyAddresses`.
import type { Registry } from '../store/registry.js';
import { semanticEqual } from '../store/canonical.js';
import { fromMatchLabels, matchesLabels } from '../store/selectors.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { isPodReady } from './pod-runtime.js';

function resolveTargetPort(port: JsonObject, pods: readonly KubeObject[]): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const pod of pods) {
    const containers =
      isPlainObject(pod.spec) && Array.isArray(pod.spec.containers)
        ? pod.spec.containers.filter(isPlainObject)
        : [];
    for (const c of containers) {
      const found = (Array.isArray(c.ports) ? c.ports.filter(isPlainObject) : []).find(
        (p) => p.name === target,
      );
      if (found && typeof found.containerPort === 'number') return found.containerPort;
    }
  }
  return undefined;
}

function address(pod: KubeObject): JsonObject {
  const ip = isPlainObject(pod.status) ? String(pod.status.podIP ?? '') : '';
  return {
    ip,
    nodeName: isPlainObject(pod.spec) ? pod.spec.nodeName : undefined,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  };
}

export function endpointsSubsets(service: KubeObject, pods: readonly KubeObject[]): JsonObject[] {
  const spec = (isPlainObject(service.spec) ? service.spec : {}) as JsonObject;
  const selector = fromMatchLabels(spec.selector as Record<string, string> | undefined);
  const selected = pods
    .filter((p) => matchesLabels(selector, p.metadata.labels) && !p.metadata.deletionTimestamp)
    .filter((p) => isPlainObject(p.status) && typeof p.status.podIP === 'string')
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  if (selected.length === 0) return [];
  const ports = (Array.isArray(spec.ports) ? spec.ports.filter(isPlainObject) : []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: resolveTargetPort(p, selected),
    protocol: p.protocol ?? 'TCP',
  }));
  const ready = selected.filter(isPodReady).map(address);
  const notReady = selected.filter((p) => !isPodReady(p)).map(address);
  return [
    {
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ports,
    },
  ];
}

export class EndpointsController {
  constructor(private readonly registry: Registry) {}

  sync(): void {
    const epType = this.registry.type('endpoints');
    const services = this.registry.scan(this.registry.type('services'));
    const pods = this.registry.scan(this.registry.type('pods'));
    for (const svc of services) {
      const spec = isPlainObject(svc.spec) ? svc.spec : {};
      if (!isPlainObject(spec.selector)) continue;
      const subsets = endpointsSubsets(
        svc,
        pods.filter((p) => p.metadata.namespace === svc.metadata.namespace),
      );
      const existing = this.registry.tryGet(epType, svc.metadata.namespace, svc.metadata.name!);
      const labels = {
        ...(svc.metadata.labels ?? {}),
        'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
      };
      if (!existing) {
        this.registry.create(
          epType,
          {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels },
            subsets,
          } as KubeObject,
          { manager: 'kube-controller-manager' },
        );
      } else if (
        !semanticEqual(existing.subsets, subsets) ||
        !semanticEqual(existing.metadata.labels, labels)
      ) {
        this.registry.update(
          epType,
          { ...existing, metadata: { ...existing.metadata, labels }, subsets },
          { manager: 'kube-controller-manager' },
        );
      }
    }
    this.removeOrphans(services);
  }

  /** Endpoints the controller made for a Service that no longer exists. */
  private removeOrphans(services: readonly KubeObject[]): void {
    const epType = this.registry.type('endpoints');
    const names = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const ep of this.registry.scan(epType)) {
      if (ep.metadata.labels?.['endpoints.kubernetes.io/managed-by'] !== 'endpoint-controller') continue;
      if (!names.has(`${ep.metadata.namespace}/${ep.metadata.name}`))
        this.registry.delete(epType, ep.metadata.namespace, ep.metadata.name!);
    }
  }
}
