// The CLI runs a real bundle (the fixture action) from a temporary deploy-actions root.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundle } from '../../../scripts/bundler.js';
import { repoRoot } from '../../../test/harness/run-action.js';
import { main } from '../src/main.js';
import { parseArgs } from '../src/args.js';
import { WorkflowCommandFilter } from '../src/workflow-commands.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cli-root-'));
  await writeFile(path.join(root, 'package.json'), '{"name":"deploy-actions"}');
  await mkdir(path.join(root, 'echo-action'));
  await copyFile(
    path.join(repoRoot, 'test/fixtures/echo-action/action.yml'),
    path.join(root, 'echo-action/action.yml'),
  );
  await bundle({
    entries: { 'echo-action': 'test/fixtures/echo-action/src/index.ts' },
    outdir: path.join(root, 'dist'),
    root: repoRoot,
  });
}, 60_000);

afterAll(() => rm(root, { recursive: true, force: true }));

async function cli(argv: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { root, env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('runs an action with flags and prints its outputs as JSON, the summary on stderr', async () => {
  const run = await cli(['echo-action', '--who', 'Ada', '--timeout=2m']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    message: 'Hello, Ada!',
    'timeout-ms': '120000',
    'token-length': '0',
  });
  expect(run.stderr).toContain('| message | Hello, Ada! |');
});

test('inputs can come from INPUT_* variables, and --summary writes the summary to a file', async () => {
  const summary = path.join(root, 'summary.md');
  const run = await cli(['echo-action', '--summary', summary], {
    PATH: process.env.PATH,
    INPUT_WHO: 'Grace',
  });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).message).toBe('Hello, Grace!');
  expect(await readFile(summary, 'utf8')).toContain('Hello, Grace!');
  expect(run.stderr).not.toContain('Hello, Grace!');
});

test('a failing action exits 1 with its error line, and secrets are masked in everything printed', async () => {
  const secret = 'tok-SUPER-secret-123';
  const run = await cli(['echo-action', '--who', 'Ada', '--token', secret, '--fail']);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('error: echo-action: failing on purpose as asked by input fail');
  expect(run.stderr).toContain('token is ***');
  expect(run.stdout + run.stderr).not.toContain(secret);
  expect(run.stdout + run.stderr).not.toContain(Buffer.from(secret).toString('base64'));
});

test('--help lists actions; <action> --help lists its inputs with defaults', async () => {
  const general = await cli(['--help']);
  expect(general.code).toBe(0);
  expect(general.stdout).toMatch(/^ {2}echo-action +A tiny action/m);
  const own = await cli(['echo-action', '--help']);
  expect(own.stdout).toContain('--who  (required)');
  expect(own.stdout).toContain('--greeting  (default: Hello)');
  expect(own.stdout).toContain('timeout-ms  The timeout in milliseconds.');
});

test('unknown actions and inputs are one clear line each', async () => {
  const action = await cli(['nope']);
  expect(action.code).toBe(2);
  expect(action.stderr).toBe("deploy-actions: unknown action 'nope'; one of: echo-action\n");
  const input = await cli(['echo-action', '--whom', 'x']);
  expect(input.code).toBe(2);
  expect(input.stderr).toBe(
    "deploy-actions: echo-action has no input 'whom'; its inputs: who, greeting, token, timeout, fail\n",
  );
});

test('argument parsing', () => {
  expect(parseArgs(['deploy', '--image', 'a:1', '--wait=false', '--dry-run', '--verbose'])).toEqual({
    action: 'deploy',
    help: false,
    verbose: true,
    inputs: { image: 'a:1', wait: 'false', 'dry-run': 'true' },
  });
  expect(() => parseArgs(['a', 'b'])).toThrow("input 'arguments'");
});

test('workflow commands become plain lines with masks applied', () => {
  const lines: string[] = [];
  const filter = new WorkflowCommandFilter({ write: (l) => lines.push(l) });
  for (const l of [
    '::add-mask::p%25ss',
    'using p%ss',
    '::group::Apply',
    '::warning file=a,line=1::careful p%ss',
    '::endgroup::',
    '::debug::hidden',
  ]) {
    filter.line(l);
  }
  expect(lines).toEqual(['using ***', '▶ Apply', 'warning: careful ***']);
});
