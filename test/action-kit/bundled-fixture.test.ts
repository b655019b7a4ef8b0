// Bundles the fixture action with the project's bundler and runs it as the runner would.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeCommandValue } from '@deploy-actions/cli';
import { bundle } from '../../scripts/bundler.js';
import { repoRoot, runBundledAction } from '../harness/run-action.js';

let distDir: string;

beforeAll(async () => {
  distDir = await mkdtemp(path.join(os.tmpdir(), 'fixture-dist-'));
  await bundle({
    entries: { 'echo-action': 'test/fixtures/echo-action/src/index.ts' },
    outdir: distDir,
    root: repoRoot,
  });
}, 60_000);

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

test('sets outputs and the summary and exits 0', async () => {
  const run = await runBundledAction('echo-action', { who: 'Ada', timeout: '1m30s' }, { distDir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.outputs).toEqual({ message: 'Hello, Ada!', 'timeout-ms': '90000', 'token-length': '0' });
  expect(run.summary).toContain('| message | Hello, Ada! |');
  expect(run.summary).toContain('| timeout-ms | 90000 |');
});

test('a missing required input fails with exit 1 and one error line naming the input', async () => {
  const run = await runBundledAction('echo-action', { greeting: 'Hi' }, { distDir });
  expect(run.code).toBe(1);
  const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
  expect(errors).toEqual(["::error::echo-action: input 'who': got empty; this input is required"]);
  expect(run.outputs).toEqual({});
});

test('a malformed input names the input, the value and what is allowed', async () => {
  const run = await runBundledAction('echo-action', { who: 'Ada', timeout: '5 minutes' }, { distDir });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(
    `::error::echo-action: input 'timeout': got "5 minutes"; expected a duration such as 500ms, 30s, 5m or 1h30m`,
  );
});

test('a failure after outputs keeps the outputs already set and exits 1', async () => {
  const run = await runBundledAction('echo-action', { who: 'Ada', fail: 'yes' }, { distDir });
  expect(run.code).toBe(1);
  expect(run.outputs.message).toBe('Hello, Ada!');
  expect(run.stdout).toContain('::error::echo-action: failing on purpose as asked by input fail');
  expect(run.summary).toContain('Hello, Ada!');
});

test('a secret input never appears in stdout or stderr, nor its base64 or URL-encoded forms', async () => {
  const canary = 'canary-S3cr3t/+=&value';
  const run = await runBundledAction('echo-action', { who: 'Ada', token: canary }, { distDir });
  expect(run.code).toBe(0);
  expect(run.outputs['token-length']).toBe(String(canary.length));
  const forms = [canary, Buffer.from(canary).toString('base64'), encodeURIComponent(canary)];
  // The runner consumes ::add-mask:: commands (their values are %-escaped) and never shows them.
  const lines = (run.stdout + run.stderr).split('\n');
  const maskLines = lines.filter((l) => l.startsWith('::add-mask::'));
  const masked = maskLines.map((l) => decodeCommandValue(l.slice('::add-mask::'.length)));
  for (const form of forms) expect(masked).toContain(form);
  const visible = lines.filter((l) => !l.startsWith('::add-mask::'));
  // The fixture logs the token and its base64 on purpose: both must come out masked.
  expect(visible).toContain('token is ***');
  expect(visible).toContain('token base64 is ***');
  for (const form of forms) expect(visible.join('\n')).not.toContain(form);
  // Masks are registered before the first line the action logs.
  expect(lines.findIndex((l) => l.startsWith('token is'))).toBeGreaterThan(
    lines.lastIndexOf(maskLines.at(-1)!),
  );
  expect(run.summary).not.toContain(canary);
});
