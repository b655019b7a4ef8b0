// Starts s3rver (an S3-speaking server) on 127.0.0.1 in a child `node` process: it needs
// NODE_OPTIONS=--openssl-legacy-provider (else ListObjectsV2 paging returns 500), which must not
// leak into the jest process. Buckets are created at start.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { stopChild } from './stop-child.js';

export interface S3Server {
  endpoint: string;
  /** Settings an S3Client needs for this server (path style, checksums only when required). */
  clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
    requestChecksumCalculation: 'WHEN_REQUIRED';
    responseChecksumValidation: 'WHEN_REQUIRED';
  };
  /** Env for a child that uses the default AWS credential chain against this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const HOST_SCRIPT = `
const S3rver = require(process.argv[1]);
const [port, directory, buckets] = [Number(process.argv[2]), process.argv[3], process.argv[4].split(',')];
new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) })
  .run().then(() => console.log('ready'), (err) => { console.error(err); process.exit(1); });
`;

export async function startS3(buckets: string[]): Promise<S3Server> {
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-e', HOST_SCRIPT, s3rverPath, String(port), dir, buckets.join(',')],
    {
      env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const stop = () => stopChild(child).then(() => rm(dir, { recursive: true, force: true }));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver not ready after 15 s: ${log}`)), 15000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited with code ${code}: ${log}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    stop,
  };
}

export interface ProxiedRequest {
  method: string;
  url: string;
}

/** What the proxy does with a request: forward it, hold it forever (a stalled upload), or answer itself. */
export type ProxyDecision = 'forward' | 'hold' | { status: number; code: string; message: string };

export interface S3Proxy {
  endpoint: string;
  requests: ProxiedRequest[];
  /** Resolves when the first request is held. */
  held: Promise<ProxiedRequest>;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of an S3 server that can stall or refuse chosen requests: used to kill an
 * upload midway and to simulate AccessDenied, which s3rver (no auth checks) cannot produce.
 */
export async function startS3Proxy(
  upstream: string,
  decide: (req: ProxiedRequest) => ProxyDecision,
): Promise<S3Proxy> {
  const { createServer, request } = await import('node:http');
  const requests: ProxiedRequest[] = [];
  let onHeld: (req: ProxiedRequest) => void = () => undefined;
  const held = new Promise<ProxiedRequest>((resolve) => (onHeld = resolve));
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', url: req.url ?? '/' };
    requests.push(entry);
    const decision = decide(entry);
    if (decision === 'hold') {
      req.resume();
      onHeld(entry);
      return;
    }
    if (decision !== 'forward') {
      req.resume();
      res.writeHead(decision.status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${decision.code}</Code><Message>${decision.message}</Message></Error>`,
      );
      return;
    }
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    held,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
