// Reads an action.yml and checks it against the action's zod schema: same input names, required
// flags, defaults, and a description on every input and output.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { InputSpec } from './input-schema.js';

export interface ActionYml {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string; post?: string };
}

export function loadActionYml(path: string): ActionYml {
  return YAML.parse(readFileSync(path, 'utf8')) as ActionYml;
}

/** Every disagreement between schema and metadata, one readable line each; empty when they agree. */
export function compareWithActionYml(specs: InputSpec[], yml: ActionYml, outputNames?: string[]): string[] {
  const problems: string[] = [];
  const ymlInputs = yml.inputs ?? {};
  for (const spec of specs) {
    const meta = ymlInputs[spec.name];
    if (!meta) {
      problems.push(`input '${spec.name}' is in the schema but not in action.yml`);
      continue;
    }
    if (!meta.description?.trim()) problems.push(`input '${spec.name}' has no description in action.yml`);
    const ymlRequired = meta.required === true && meta.default === undefined;
    if (ymlRequired !== spec.required) {
      problems.push(
        `input '${spec.name}': action.yml says required=${ymlRequired}, the schema says ${spec.required}`,
      );
    }
    const ymlDefault = meta.default === undefined ? undefined : String(meta.default);
    if (ymlDefault !== spec.default) {
      problems.push(
        `input '${spec.name}': action.yml default ${JSON.stringify(ymlDefault)} differs from the schema's ${JSON.stringify(spec.default)}`,
      );
    }
  }
  for (const name of Object.keys(ymlInputs)) {
    if (!specs.some((s) => s.name === name))
      problems.push(`input '${name}' is in action.yml but not in the schema`);
  }
  for (const [name, meta] of Object.entries(yml.outputs ?? {})) {
    if (!meta?.description?.trim()) problems.push(`output '${name}' has no description in action.yml`);
  }
  if (outputNames) {
    for (const name of outputNames) {
      if (!(name in (yml.outputs ?? {})))
        problems.push(`output '${name}' is set by the action but not in action.yml`);
    }
  }
  return problems;
}
