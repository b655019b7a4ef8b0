// Manifests from glob patterns: every YAML document of every matched file (Lists unpacked), with
// `{{image}}` replaced by the image being deployed.
import { readFile } from 'node:fs/promises';
import fg from 'fast-glob';
import YAML from 'yaml';
import { ConfigurationError } from '@deploy-actions/action-kit';
import type { KubeObject } from '../types.js';

export interface LoadedManifest {
  object: KubeObject;
  file: string;
}

export async function loadManifests(
  patterns: string[],
  options: { cwd: string; image?: string },
): Promise<LoadedManifest[]> {
  const files = await fg(patterns, { cwd: options.cwd, absolute: true, onlyFiles: true, unique: true });
  if (files.length === 0)
    throw new ConfigurationError(
      `no manifest file matches ${patterns.map((p) => JSON.stringify(p)).join(', ')} (in ${options.cwd})`,
    );
  const out: LoadedManifest[] = [];
  for (const file of files.sort()) {
    let text = await readFile(file, 'utf8');
    if (text.includes('{{image}}')) {
      if (!options.image) throw new ConfigurationError(`${file} uses {{image}} but no image input was given`);
      text = text.split('{{image}}').join(options.image);
    }
    for (const object of parseManifestText(text, file)) out.push({ object, file });
  }
  return out;
}

export function parseManifestText(text: string, file: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      throw new ConfigurationError(`${file}: invalid YAML: ${err.message.split('\n')[0]}`, {
        location: { file, line: err.linePos?.[0]?.line },
      });
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const items = isList(value) ? value.items : [value];
    for (const item of items) {
      const obj = item as KubeObject;
      if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
        throw new ConfigurationError(`${file}: every document needs apiVersion, kind and metadata.name`, {
          location: { file },
        });
      }
      objects.push(obj);
    }
  }
  return objects;
}

function isList(value: unknown): value is { items: unknown[] } {
  const v = value as { kind?: unknown; items?: unknown };
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}
