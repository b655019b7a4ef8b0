// Runs the real kubectl against a simulator: own HOME and cache dir, bounded time, output captured.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StreamingKubectl {
  /** Resolves once stdout matches `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Stops kubectl and returns everything it printed. */
  stop(): Promise<string>;
}

/** Starts a long-running kubectl (`get -w`) whose output is read while it runs. */
export function streamKubectl(kubeconfigPath: string, home: string, args: string[]): StreamingKubectl {
  const child = spawn(
    KUBECTL,
    ['--kubeconfig', kubeconfigPath, '--cache-dir', join(home, 'cache'), ...args],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async waitFor(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`kubectl ${args.join(' ')} never printed ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return out;
    },
  };
}

export function kubectlRunner(kubeconfigPath: string) {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const run = (args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(
        KUBECTL,
        ['--kubeconfig', kubeconfigPath, '--cache-dir', join(home, 'cache'), ...args],
        {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
          timeout: opts.timeoutMs ?? 30_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  return Object.assign(run, { stream: (args: string[]) => streamKubectl(kubeconfigPath, home, args) });
}
