// Runs a bundled action the way the GitHub runner does: `node dist/<name>/index.js` with INPUT_*
// variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and reads back what it wrote.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutputFile } from '@deploy-actions/cli';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunActionOptions {
  /** Folder holding `<name>/index.js`; default `<repo>/dist`. */
  distDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  cwd?: string;
}

export async function runBundledAction(
  name: string,
  inputs: Record<string, string>,
  options: RunActionOptions = {},
): Promise<ActionRun> {
  const work = await mkdtemp(path.join(os.tmpdir(), `run-${name}-`));
  const outputFile = path.join(work, 'output');
  const summaryFile = path.join(work, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    ...options.env,
  };
  for (const [key, value] of Object.entries(inputs))
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  const script = path.join(options.distDir ?? path.join(repoRoot, 'dist'), name, 'index.js');
  try {
    const { code, stdout, stderr } = await runNode(
      script,
      env,
      options.cwd ?? work,
      options.timeoutMs ?? 120_000,
    );
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runNode(script: string, env: Record<string, string>, cwd: string, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
