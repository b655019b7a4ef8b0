// Starts a real Prometheus (Debian package) on 127.0.0.1 with a temp config and TSDB for tests.
// Bounded polling only: /-/ready first, then waitForData() until a scrape has landed (~6 s first time).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { stopChild } from './stop-child.js';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface PrometheusOptions {
  /** Scrape targets as host:port. */
  targets: string[];
  /** Scrape interval in seconds (default 1). */
  scrapeIntervalSec?: number;
  metricsPath?: string;
  scheme?: 'http' | 'https';
  tlsInsecure?: boolean;
}

export interface PrometheusServer {
  url: string;
  port: number;
  /** Instant query; returns `data.result` (vector/matrix entries). */
  query(promql: string): Promise<unknown[]>;
  /** Polls `query(promql)` until it returns at least one series. */
  waitForData(promql: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function configYaml(opts: PrometheusOptions): string {
  const interval = `${opts.scrapeIntervalSec ?? 1}s`;
  const lines = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: test',
    `    scrape_interval: ${interval}`,
    `    scrape_timeout: ${interval}`,
    `    metrics_path: ${JSON.stringify(opts.metricsPath ?? '/metrics')}`,
    `    scheme: ${opts.scheme ?? 'http'}`,
  ];
  if (opts.tlsInsecure) lines.push('    tls_config:', '      insecure_skip_verify: true');
  lines.push('    static_configs:', `      - targets: ${JSON.stringify(opts.targets)}`);
  return lines.join('\n') + '\n';
}

async function waitReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 20000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited with code ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`prometheus not ready at ${url} after ${timeoutMs} ms:\n${output()}`);
}

async function instantQuery(url: string, promql: string): Promise<unknown[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`, {
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json()) as { status: string; error?: string; data?: { result?: unknown } };
  if (body.status !== 'success') throw new Error(`prometheus query failed: ${body.error ?? res.status}`);
  const result = body.data?.result;
  return Array.isArray(result) ? result : [];
}

export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  if (!existsSync(PROMETHEUS_BINARY)) {
    throw new Error(
      `${PROMETHEUS_BINARY} not found: run \`npm run setup:test-deps\` (Debian package prometheus)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), configYaml(opts));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    query: (promql) => instantQuery(url, promql),
    async waitForData(promql, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null)
          throw new Error(`prometheus exited with code ${child.exitCode}:\n${log}`);
        if ((await instantQuery(url, promql).catch(() => [])).length > 0) return;
        await sleep(250);
      }
      throw new Error(`no data for ${promql} after ${timeoutMs} ms (targets: ${opts.targets.join(', ')})`);
    },
    stop,
  };
}
