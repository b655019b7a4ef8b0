// How fast the deploy engine notices a finished rollout, against the real `kubectl rollout status`
// watching the same rollout on the cluster simulator; and the whole rolling deploy, lock included.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realClock, silentLogger } from '@deploy-actions/action-kit';
import { rollingDeploy, setImage, waitForRollout } from '@deploy-actions/kube';
import {
  connectTo,
  createDeployment,
  deploymentManifest,
  KUBECTL,
  startFastSim,
} from '../test/deploy/sim-fixture.js';
import type { Figure } from './run.js';

const ROUNDS = 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function kubectlRolloutStatus(kubeconfig: string, namespace: string, name: string): Promise<number> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'bench-kubectl-'));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      KUBECTL,
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        path.join(home, 'c'),
        'rollout',
        'status',
        `deployment/${name}`,
        '-n',
        namespace,
        '--timeout=60s',
      ],
      {
        env: { PATH: process.env.PATH, HOME: home },
        stdio: 'ignore',
      },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      if (code === 0) resolve(Date.now() - started);
      else reject(new Error(`kubectl rollout status exited ${code}`));
    });
  });
}

export default async function run(): Promise<Figure[]> {
  const sim = await startFastSim();
  const conn = await connectTo(sim, 'bench');
  try {
    await createDeployment(conn, deploymentManifest('web', 'app:0', { namespace: 'bench' }));
    const engine: number[] = [];
    const kubectl: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      await setImage(conn.api, 'bench', 'web', 'app', `app:${i}`);
      const started = Date.now();
      const [ours, theirs] = await Promise.all([
        waitForRollout(conn.api, 'bench', 'web', {
          timeoutMs: 60_000,
          clock: realClock,
          log: silentLogger,
        }).then(() => Date.now() - started),
        kubectlRolloutStatus(sim.kubeconfigPath, 'bench', 'web'),
      ]);
      engine.push(ours);
      kubectl.push(theirs);
    }
    const deploys: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const started = Date.now();
      const r = await rollingDeploy({
        api: conn.api,
        namespace: 'bench',
        deployment: 'web',
        image: `app:d${i}`,
        timeoutMs: 60_000,
        wait: true,
        undoOnFailure: true,
        lock: { holder: 'bench/1/1', timeoutMs: 10_000 },
        clock: realClock,
        log: silentLogger,
      });
      if (r.result !== 'deployed') throw new Error(`bench deploy ${i}: ${r.result}`);
      deploys.push(Date.now() - started);
    }
    return [
      {
        name: 'rollout wait, 3 replicas (median)',
        value: median(engine),
        unit: 'ms',
        reference: { name: 'kubectl rollout status', value: median(kubectl) },
      },
      {
        name: 'rolling deploy with lock, 3 replicas (median)',
        value: median(deploys),
        unit: 'ms',
        reference: { name: 'rollout wait alone', value: median(engine) },
      },
    ];
  } finally {
    await conn.close();
    await sim.stop();
  }
}
