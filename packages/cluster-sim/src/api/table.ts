// `meta.k8s.io/v1` Table responses for `kubectl get` (which asks with `Accept: ...;as=Table`).
import { parseKubeTime } from '../time.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: number) => unknown;
}

function age(o: KubeObject, now: number): string {
  const created = parseKubeTime(o.metadata.creationTimestamp);
  if (created === undefined) return '<unknown>';
  const s = Math.max(0, Math.floor((now - created) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const field = (o: KubeObject, part: 'spec' | 'status'): JsonObject =>
  isPlainObject(o[part]) ? (o[part] as JsonObject) : {};

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name',
  priority: 0,
  cell: (o) => o.metadata.name,
};
const ageColumn: Column = { name: 'Age', type: 'string', description: 'Age', priority: 0, cell: age };

const columnsByKind: Record<string, Column[]> = {
  Node: [
    nameColumn,
    { name: 'Status', type: 'string', description: 'readiness', priority: 0, cell: nodeStatus },
    {
      name: 'Roles',
      type: 'string',
      description: 'roles',
      priority: 0,
      cell: (o) =>
        Object.keys(o.metadata.labels ?? {})
          .filter((k) => k.startsWith('node-role.kubernetes.io/'))
          .map((k) => k.slice('node-role.kubernetes.io/'.length))
          .join(',') || '<none>',
    },
    ageColumn,
    {
      name: 'Version',
      type: 'string',
      description: 'kubelet version',
      priority: 0,
      cell: (o) =>
        (field(o, 'status').nodeInfo as { kubeletVersion?: string } | undefined)?.kubeletVersion ?? '',
    },
  ],
  Deployment: [
    nameColumn,
    {
      name: 'Ready',
      type: 'string',
      description: 'ready/desired',
      priority: 0,
      cell: (o) => `${num(field(o, 'status').readyReplicas)}/${num(field(o, 'spec').replicas)}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description: 'updated',
      priority: 0,
      cell: (o) => num(field(o, 'status').updatedReplicas),
    },
    {
      name: 'Available',
      type: 'integer',
      description: 'available',
      priority: 0,
      cell: (o) => num(field(o, 'status').availableReplicas),
    },
    ageColumn,
  ],
  ReplicaSet: [
    nameColumn,
    {
      name: 'Desired',
      type: 'integer',
      description: 'desired',
      priority: 0,
      cell: (o) => num(field(o, 'spec').replicas),
    },
    {
      name: 'Current',
      type: 'integer',
      description: 'current',
      priority: 0,
      cell: (o) => num(field(o, 'status').replicas),
    },
    {
      name: 'Ready',
      type: 'integer',
      description: 'ready',
      priority: 0,
      cell: (o) => num(field(o, 'status').readyReplicas),
    },
    ageColumn,
  ],
  Pod: [
    nameColumn,
    { name: 'Ready', type: 'string', description: 'ready containers', priority: 0, cell: podReady },
    { name: 'Status', type: 'string', description: 'phase or reason', priority: 0, cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      description: 'restarts',
      priority: 0,
      cell: (o) => String(containerStatuses(o).reduce((n, c) => n + num(c.restartCount), 0)),
    },
    ageColumn,
  ],
  Service: [
    nameColumn,
    { name: 'Type', type: 'string', description: 'type', priority: 0, cell: (o) => field(o, 'spec').type },
    {
      name: 'Cluster-IP',
      type: 'string',
      description: 'cluster IP',
      priority: 0,
      cell: (o) => field(o, 'spec').clusterIP ?? '<none>',
    },
    { name: 'External-IP', type: 'string', description: 'external IPs', priority: 0, cell: externalIp },
    { name: 'Port(s)', type: 'string', description: 'ports', priority: 0, cell: servicePorts },
    ageColumn,
  ],
};

function nodeStatus(o: KubeObject): string {
  const conditions = Array.isArray(field(o, 'status').conditions)
    ? (field(o, 'status').conditions as unknown[])
    : [];
  const ready = conditions.filter(isPlainObject).find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? 'Ready' : 'NotReady';
}

function externalIp(o: KubeObject): string {
  const lb = field(o, 'status').loadBalancer as
    { ingress?: Array<{ ip?: string; hostname?: string }> } | undefined;
  const ips = (lb?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  if (ips.length) return ips.join(',');
  return field(o, 'spec').type === 'LoadBalancer' ? '<pending>' : '<none>';
}

function servicePorts(o: KubeObject): string {
  const ports = Array.isArray(field(o, 'spec').ports)
    ? (field(o, 'spec').ports as unknown[]).filter(isPlainObject)
    : [];
  const text = (p: JsonObject) =>
    `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`;
  return ports.length ? ports.map(text).join(',') : '<none>';
}

function containerStatuses(o: KubeObject): JsonObject[] {
  const list = field(o, 'status').containerStatuses;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

function podReady(o: KubeObject): string {
  const statuses = containerStatuses(o);
  const total = Array.isArray(field(o, 'spec').containers)
    ? (field(o, 'spec').containers as unknown[]).length
    : 0;
  return `${statuses.filter((c) => c.ready === true).length}/${total}`;
}

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const c of containerStatuses(o)) {
    const waiting = isPlainObject(c.state) && isPlainObject(c.state.waiting) ? c.state.waiting : undefined;
    if (waiting?.reason) return String(waiting.reason);
  }
  return String(field(o, 'status').phase ?? 'Unknown');
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

export function toTable(kind: string, objects: KubeObject[], now: number, listMeta: JsonObject): JsonObject {
  const columns = columnsByKind[kind] ?? [nameColumn, ageColumn];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(({ cell: _c, ...def }) => ({ format: '', ...def })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
