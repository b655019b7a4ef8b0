// --help texts, built from each action's metadata (which a test keeps equal to its zod schema).
import type { CatalogEntry } from './catalog.js';

export function generalHelp(catalog: CatalogEntry[]): string {
  const width = Math.max(...catalog.map((c) => c.name.length), 8);
  return [
    'Usage: deploy-actions <action> [--<input> <value> ...] [--summary FILE] [--verbose]',
    '',
    'Runs a deploy-actions action outside GitHub Actions. Inputs come from flags or INPUT_<NAME>',
    'variables; outputs are printed as JSON on stdout, the job summary as Markdown on stderr',
    '(or to --summary FILE). The exit code is 0 on success, 1 on failure.',
    '',
    'Actions:',
    ...catalog.map((c) => `  ${c.name.padEnd(width)}  ${firstLine(c.metadata.description)}`),
    '',
    'Run `deploy-actions <action> --help` for its inputs.',
  ].join('\n');
}

export function actionHelp(entry: CatalogEntry): string {
  const inputs = Object.entries(entry.metadata.inputs ?? {});
  const outputs = Object.entries(entry.metadata.outputs ?? {});
  const lines = [
    `Usage: deploy-actions ${entry.name} [--<input> <value> ...]`,
    '',
    firstLine(entry.metadata.description),
    '',
    'Inputs:',
  ];
  for (const [name, meta] of inputs) {
    const flags = [
      meta.required && meta.default === undefined ? 'required' : undefined,
      meta.default !== undefined ? `default: ${String(meta.default)}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  --${name}${flags ? `  (${flags})` : ''}`, `      ${firstLine(meta.description)}`);
  }
  lines.push('', 'Outputs (JSON keys):');
  for (const [name, meta] of outputs) lines.push(`  ${name}  ${firstLine(meta.description)}`);
  return lines.join('\n');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? '';
}
