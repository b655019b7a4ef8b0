// Release size and cold start: the gzipped `git archive` a runner downloads for every `uses:`
// (budget 5 MB), and each bundled action's start-up against `node -e 0` (budget 4×).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle } from '../scripts/bundler.js';
import type { Figure } from './run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time of `node <args>` over RUNS runs, after one warm-up for the file cache. */
function startupMs(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

export default async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: root, maxBuffer: 1 << 30 });
  figures.push({
    name: 'release-tarball-gzip',
    value: gzipSync(archive).length / 1e6,
    unit: 'MB',
    reference: { name: 'budget', value: 5 },
  });

  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-start-'));
  try {
    const outputFile = path.join(work, 'out');
    writeFileSync(outputFile, '');
    // No inputs: every action stops at input validation, so this measures loading its code.
    const env = { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: outputFile };
    const baseline = startupMs(['-e', '0'], env);
    const fixtureDist = path.join(work, 'dist');
    await bundle({
      entries: { 'echo-action': 'test/fixtures/echo-action/src/index.ts' },
      outdir: fixtureDist,
      root,
    });
    const targets: Array<[string, string]> = [
      ['fixture echo-action', path.join(fixtureDist, 'echo-action/index.js')],
    ];
    for (const name of readdirSync(path.join(root, 'dist')).sort()) {
      const entry = path.join(root, 'dist', name, 'index.js');
      if (name !== 'cli' && existsSync(entry)) targets.push([name, entry]);
    }
    for (const [name, entry] of targets) {
      figures.push({
        name: `cold-start ${name}`,
        value: startupMs([entry], env),
        unit: 'ms',
        reference: { name: 'node -e 0', value: baseline },
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
