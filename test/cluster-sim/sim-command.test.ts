// `npm run sim` (src/bin.ts): prints one JSON line when ready, writes a working kubeconfig, exits on SIGTERM.
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as k8s from '@kubernetes/client-node';

describe('npm run sim', () => {
  let child: ChildProcess | undefined;
  let dir = '';
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('starts, serves the kubeconfig it wrote, and stops on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-bin-'));
    const kubeconfigPath = join(dir, 'kubeconfig');
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/cluster-sim/src/bin.ts', '--port', '0', '--kubeconfig', kubeconfigPath],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line after 20 s: ${stderr}`)), 20_000);
      createInterface({ input: child!.stdout! }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
    const ready = JSON.parse(line) as { url: string; kubeconfig: string };
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.kubeconfig).toBe(kubeconfigPath);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(await readFile(kubeconfigPath, 'utf8'));
    expect(kc.getCurrentCluster()?.server).toBe(ready.url);
    const namespaces = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('default');
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
