// dist/ and the generated docs are committed: a fresh build and a fresh generation must match them.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../harness/run-action.js';

function runScript(script: string, ...args: string[]) {
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  return spawnSync(tsx, [path.join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

test('dist/ matches a fresh bundle of every action and the CLI', () => {
  const result = runScript('check-dist.ts');
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^dist\/ matches a fresh build \(\d+ files\)\.$/m);
  expect(result.status).toBe(0);
}, 120_000);

test('the action READMEs and action-docs/ match a fresh generation', () => {
  const result = runScript('docs.ts', '--check');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 120_000);
