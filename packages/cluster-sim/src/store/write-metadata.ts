// Metadata bookkeeping of writes: unknown-field checks, managedFields entries, and the comparison
// that tells a no-op write from a change.
import { pruneUnknownFields, schemasByKind } from '../api/field-schema.js';
import type { ResourceType } from '../api/resources.js';
import { ApiError } from '../api/status.js';
import { kubeTime } from '../time.js';
import type { KubeObject } from '../types.js';
import type { WriteOptions } from './registry.js';

export function checkFields(type: ResourceType, obj: KubeObject, opts: WriteOptions): void {
  const schema = schemasByKind[type.kind];
  if (!schema || type.custom) return;
  const unknown = pruneUnknownFields(obj, schema);
  if (unknown.length === 0) return;
  if (opts.fieldValidation === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw new ApiError(
      400,
      'BadRequest',
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`,
    );
  }
  if (opts.fieldValidation !== 'Ignore') opts.warnings?.push(...unknown.map((f) => `unknown field "${f}"`));
}

export function comparable(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export function managedEntry(obj: KubeObject, opts: WriteOptions, now: number): Record<string, unknown> {
  return {
    manager: opts.manager ?? 'unknown',
    operation: opts.operation ?? 'Update',
    apiVersion: obj.apiVersion,
    time: kubeTime(now),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
}

export function updateManaged(
  existing: KubeObject,
  next: KubeObject,
  opts: WriteOptions,
  now: number,
): unknown[] {
  const entries = (
    Array.isArray(existing.metadata.managedFields) ? existing.metadata.managedFields : []
  ) as Array<Record<string, unknown>>;
  const mine = managedEntry(next, opts, now);
  const others = entries.filter(
    (e) =>
      !(
        e.manager === mine.manager &&
        e.operation === mine.operation &&
        (e.subresource ?? '') === (mine.subresource ?? '')
      ),
  );
  return [...others, mine];
}
