// Validation of the fields the simulator's behaviour depends on, answering 422 Invalid like the real server.
import { semanticEqual } from '../store/canonical.js';
import { fromLabelSelectorObject, matchesLabels } from '../store/selectors.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../types.js';
import { errors } from './status.js';
import type { ResourceType } from './resources.js';

interface Cause {
  field: string;
  message: string;
}

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validateName(type: ResourceType, name: string, causes: Cause[]): void {
  const dnsLabel = type.kind === 'Namespace' || type.kind === 'Service';
  const ok = dnsLabel ? label.test(name) && name.length <= 63 : subdomain.test(name) && name.length <= 253;
  if (!ok) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${dnsLabel ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
}

function validateLabels(labels: Record<string, string> | undefined, field: string, causes: Cause[]): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !labelValue.test(v)) {
      causes.push({
        field: `${field}`,
        message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.' (label ${k})`,
      });
    }
  }
}

function validatePodSpec(spec: unknown, field: string, causes: Cause[]): void {
  const containers = isPlainObject(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field: `${field}.containers`, message: 'Required value' });
    return;
  }
  containers.forEach((c, i) => {
    if (!isPlainObject(c) || !c.name)
      causes.push({ field: `${field}.containers[${i}].name`, message: 'Required value' });
    if (!isPlainObject(c) || !c.image)
      causes.push({ field: `${field}.containers[${i}].image`, message: 'Required value' });
  });
}

function validateWorkload(obj: KubeObject, existing: KubeObject | undefined, causes: Cause[]): void {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as JsonObject;
  const template = isPlainObject(spec.template) ? spec.template : {};
  const templateMeta = (isPlainObject(template.metadata) ? template.metadata : {}) as {
    labels?: Record<string, string>;
  };
  if (!isPlainObject(spec.selector)) causes.push({ field: 'spec.selector', message: 'Required value' });
  else {
    const selector = fromLabelSelectorObject(spec.selector);
    if (selector.length === 0)
      causes.push({
        field: 'spec.selector',
        message: 'Invalid value: empty selector is invalid for deployment',
      });
    else if (!matchesLabels(selector, templateMeta.labels)) {
      causes.push({
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: `selector` does not match template `labels`',
      });
    }
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    causes.push({ field: 'spec.replicas', message: 'Invalid value: must be greater than or equal to 0' });
  validateLabels(templateMeta.labels, 'spec.template.metadata.labels', causes);
  validatePodSpec(template.spec, 'spec.template.spec', causes);
  const oldSpec = isPlainObject(existing?.spec) ? existing.spec : undefined;
  if (oldSpec && !semanticEqual(oldSpec.selector, spec.selector)) {
    causes.push({ field: 'spec.selector', message: 'Invalid value: field is immutable' });
  }
}

export function validateObject(type: ResourceType, obj: KubeObject, existing: KubeObject | undefined): void {
  const causes: Cause[] = [];
  const name = obj.metadata.name ?? '';
  validateName(type, name, causes);
  validateLabels(obj.metadata.labels, 'metadata.labels', causes);
  if (type.kind === 'Deployment' || type.kind === 'ReplicaSet') validateWorkload(obj, existing, causes);
  if (type.kind === 'Pod') validatePodSpec(obj.spec, 'spec', causes);
  if (type.kind === 'Service') {
    const ports = isPlainObject(obj.spec) ? obj.spec.ports : undefined;
    if (Array.isArray(ports))
      ports.forEach((p, i) => {
        if (!isPlainObject(p) || typeof p.port !== 'number')
          causes.push({ field: `spec.ports[${i}].port`, message: 'Required value' });
      });
  }
  if (causes.length > 0) throw errors.invalid(type.kind, type.group, name, causes);
}
