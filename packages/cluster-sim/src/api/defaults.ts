// Defaulting the way the real apiserver does for the fields clients compare against
// (deployment strategy, container pull policy, service ports and cluster IP, ...).
import type { Random } from '../random.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import type { ResourceType } from './resources.js';

function obj(parent: JsonObject, key: string): JsonObject {
  if (!isPlainObject(parent[key])) parent[key] = {};
  return parent[key] as JsonObject;
}

function setDefault(target: JsonObject, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function defaultContainer(c: JsonObject): void {
  const image = String(c.image ?? '');
  const lastPart = image.split('/').pop() ?? '';
  const tag = lastPart.includes('@')
    ? 'digest'
    : lastPart.includes(':')
      ? lastPart.split(':').pop()
      : 'latest';
  setDefault(c, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const key of ['containers', 'initContainers']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const c of list) if (isPlainObject(c)) defaultContainer(c);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = obj(spec, 'template');
  const meta = obj(template, 'metadata');
  if (meta.creationTimestamp === null) delete meta.creationTimestamp;
  defaultPodSpec(obj(template, 'spec'));
}

function defaultDeployment(o: KubeObject): void {
  const spec = obj(o as JsonObject, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = obj(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxSurge', '25%');
    setDefault(ru, 'maxUnavailable', '25%');
  }
  defaultTemplate(spec);
}

function defaultService(o: KubeObject, random: Random, existing?: KubeObject): void {
  const spec = obj(o as JsonObject, 'spec');
  const old = isPlainObject(existing?.spec) ? existing.spec : undefined;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    const ip =
      old?.clusterIP ?? `10.96.${Math.floor(random.next() * 250) + 1}.${Math.floor(random.next() * 250) + 1}`;
    setDefault(spec, 'clusterIP', ip);
    setDefault(spec, 'clusterIPs', [spec.clusterIP]);
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  const exposed = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  const oldPorts = Array.isArray(old?.ports) ? old.ports.filter(isPlainObject) : [];
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isPlainObject(p)) continue;
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
      if (exposed) {
        const kept = oldPorts.find((q) => q.port === p.port && q.protocol === p.protocol)?.nodePort;
        setDefault(p, 'nodePort', kept ?? 30000 + Math.floor(random.next() * 2768));
      }
    }
  }
  if (exposed) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (!isPlainObject(o.status)) o.status = { loadBalancer: {} };
  const lb = ((o.status as JsonObject).loadBalancer ??= {}) as JsonObject;
  // A LoadBalancer gets an address at once, as a cloud controller would assign one.
  if (spec.type === 'LoadBalancer' && !Array.isArray(lb.ingress))
    lb.ingress = [{ ip: '127.0.0.1', ipMode: 'VIP' }];
}

function defaultSecret(o: KubeObject): void {
  const data = isPlainObject(o.data) ? o.data : {};
  if (isPlainObject(o.stringData)) {
    for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    delete o.stringData;
  }
  o.data = data;
  setDefault(o as JsonObject, 'type', 'Opaque');
}

export function applyDefaults(
  type: ResourceType,
  o: KubeObject,
  random: Random,
  existing?: KubeObject,
): void {
  switch (type.kind) {
    case 'Deployment':
      return defaultDeployment(o);
    case 'ReplicaSet': {
      const spec = obj(o as JsonObject, 'spec');
      setDefault(spec, 'replicas', 1);
      return defaultTemplate(spec);
    }
    case 'Pod':
      defaultPodSpec(obj(o as JsonObject, 'spec'));
      if (!isPlainObject(o.status)) o.status = { phase: 'Pending', qosClass: 'BestEffort' };
      return;
    case 'Service':
      return defaultService(o, random, existing);
    case 'Secret':
      return defaultSecret(o);
    case 'Namespace': {
      const labels = (o.metadata.labels ??= {});
      labels['kubernetes.io/metadata.name'] = o.metadata.name!;
      setDefault(obj(o as JsonObject, 'spec'), 'finalizers', ['kubernetes']);
      if (!isPlainObject(o.status) || !o.status.phase) o.status = { phase: 'Active' };
      return;
    }
    default:
      return;
  }
}
