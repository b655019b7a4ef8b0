// Runs an action's bundle the way the runner does (INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files) and translates what it prints for a terminal.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseOutputFile } from './output-file.js';
import { WorkflowCommandFilter, type CommandSink } from './workflow-commands.js';

export interface CliRunResult {
  exitCode: number;
  outputs: Record<string, string>;
  summary: string;
  errors: string[];
  filter: WorkflowCommandFilter;
}

export async function runActionBundle(options: {
  bundle: string;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  log: CommandSink;
  verbose?: boolean;
}): Promise<CliRunResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'deploy-actions-cli-'));
  try {
    const outputFile = path.join(work, 'output');
    const summaryFile = path.join(work, 'summary');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: options.env.RUNNER_TEMP ?? work,
    };
    for (const [name, value] of Object.entries(options.inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const filter = new WorkflowCommandFilter(options.log, options.verbose);
    const child = spawn(process.execPath, [options.bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [createInterface({ input: child.stdout }), createInterface({ input: child.stderr })];
    for (const rl of lines) rl.on('line', (l) => filter.line(l));
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    const outputs = Object.fromEntries(
      Object.entries(parseOutputFile(await readFile(outputFile, 'utf8'))).map(([k, v]) => [
        k,
        filter.mask(v),
      ]),
    );
    return {
      exitCode,
      outputs,
      summary: filter.mask(await readFile(summaryFile, 'utf8')),
      errors: filter.errors,
      filter,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
