// Known field names of the built-in types whose fields users write by hand (Deployment, ReplicaSet,
// Pod template, Service, ...). The real apiserver drops unknown fields (with a warning) or, with
// `fieldValidation=Strict` (kubectl's default), rejects the request; this table lets the simulator
// do the same for typos such as `spec.replica`. Custom resources keep every field.
import { isPlainObject } from '../types.js';

/** A schema node: `true` = any value; an object maps field names to nodes; `[node]` = list of node. */
export type FieldSchema = true | { [field: string]: FieldSchema } | [FieldSchema];

const any = true as const;
const fields = (names: string[], nested: Record<string, FieldSchema> = {}): FieldSchema =>
  Object.fromEntries([...names.map((n) => [n, any] as const), ...Object.entries(nested)]);

const objectMeta = fields([
  'annotations',
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'finalizers',
  'generateName',
  'generation',
  'labels',
  'managedFields',
  'name',
  'namespace',
  'ownerReferences',
  'resourceVersion',
  'selfLink',
  'uid',
]);

const containerPort = fields(['containerPort', 'hostIP', 'hostPort', 'name', 'protocol']);
const envVar = fields(['name', 'value', 'valueFrom']);
const container = fields(
  [
    'args',
    'command',
    'envFrom',
    'image',
    'imagePullPolicy',
    'lifecycle',
    'livenessProbe',
    'name',
    'readinessProbe',
    'resizePolicy',
    'resources',
    'restartPolicy',
    'securityContext',
    'startupProbe',
    'stdin',
    'stdinOnce',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'tty',
    'volumeDevices',
    'volumeMounts',
    'workingDir',
  ],
  { ports: [containerPort], env: [envVar] },
);

const podSpec = fields(
  [
    'activeDeadlineSeconds',
    'affinity',
    'automountServiceAccountToken',
    'dnsConfig',
    'dnsPolicy',
    'enableServiceLinks',
    'ephemeralContainers',
    'hostAliases',
    'hostIPC',
    'hostNetwork',
    'hostPID',
    'hostUsers',
    'hostname',
    'imagePullSecrets',
    'nodeName',
    'nodeSelector',
    'os',
    'overhead',
    'preemptionPolicy',
    'priority',
    'priorityClassName',
    'readinessGates',
    'resourceClaims',
    'resources',
    'restartPolicy',
    'runtimeClassName',
    'schedulerName',
    'schedulingGates',
    'securityContext',
    'serviceAccount',
    'serviceAccountName',
    'setHostnameAsFQDN',
    'shareProcessNamespace',
    'subdomain',
    'terminationGracePeriodSeconds',
    'tolerations',
    'topologySpreadConstraints',
    'volumes',
  ],
  { containers: [container], initContainers: [container] },
);

const podTemplate = fields([], { metadata: objectMeta, spec: podSpec });

const workloadTop = (spec: FieldSchema) =>
  fields(['apiVersion', 'kind', 'status'], { metadata: objectMeta, spec });

const deploymentSpec = fields(
  ['minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector'],
  {
    strategy: fields(['type'], { rollingUpdate: fields(['maxSurge', 'maxUnavailable']) }),
    template: podTemplate,
  },
);

const serviceSpec = fields(
  [
    'allocateLoadBalancerNodePorts',
    'clusterIP',
    'clusterIPs',
    'externalIPs',
    'externalName',
    'externalTrafficPolicy',
    'healthCheckNodePort',
    'internalTrafficPolicy',
    'ipFamilies',
    'ipFamilyPolicy',
    'loadBalancerClass',
    'loadBalancerIP',
    'loadBalancerSourceRanges',
    'publishNotReadyAddresses',
    'selector',
    'sessionAffinity',
    'sessionAffinityConfig',
    'trafficDistribution',
    'type',
  ],
  { ports: [fields(['appProtocol', 'name', 'nodePort', 'port', 'protocol', 'targetPort'])] },
);

export const schemasByKind: Record<string, FieldSchema> = {
  Deployment: workloadTop(deploymentSpec),
  ReplicaSet: workloadTop(fields(['minReadySeconds', 'replicas', 'selector'], { template: podTemplate })),
  Pod: workloadTop(podSpec),
  Service: workloadTop(serviceSpec),
  ConfigMap: fields(['apiVersion', 'kind', 'data', 'binaryData', 'immutable'], { metadata: objectMeta }),
  Secret: fields(['apiVersion', 'kind', 'data', 'stringData', 'type', 'immutable'], { metadata: objectMeta }),
  Lease: fields(['apiVersion', 'kind'], {
    metadata: objectMeta,
    spec: fields([
      'acquireTime',
      'holderIdentity',
      'leaseDurationSeconds',
      'leaseTransitions',
      'preferredHolder',
      'renewTime',
      'strategy',
    ]),
  }),
};

/** Removes fields the schema does not know; returns their paths (`spec.replica`). */
export function pruneUnknownFields(value: unknown, schema: FieldSchema, path = ''): string[] {
  if (schema === true) return [];
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) => pruneUnknownFields(item, schema[0], `${path}[${i}]`));
  }
  if (!isPlainObject(value)) return [];
  const unknown: string[] = [];
  for (const key of Object.keys(value)) {
    const child = schema[key];
    const childPath = path ? `${path}.${key}` : key;
    if (child === undefined) {
      unknown.push(childPath);
      delete value[key];
    } else unknown.push(...pruneUnknownFields(value[key], child, childPath));
  }
  return unknown;
}
