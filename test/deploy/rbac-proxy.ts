// An authorizing TLS proxy in front of the cluster simulator, in the role kube-rbac-proxy plays:
// requests its rules deny get the kube-apiserver's 403 Status, the rest pass through unchanged
// (watches stream). Stands in until the simulator itself has tokens with limited rights.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ClusterSim } from '@deploy-actions/cluster-sim';

export interface DenyRule {
  verbs: string[];
  resource: string;
  group: string;
}

export interface RbacProxy {
  kubeconfig: string;
  stop(): Promise<void>;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rbac-proxy-'));
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=rbac-proxy',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ]);
    return {
      key: await readFile(path.join(dir, 'key.pem'), 'utf8'),
      cert: await readFile(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function verbOf(req: http.IncomingMessage, url: URL): string {
  if (req.method !== 'GET') return VERBS[req.method ?? ''] ?? 'unknown';
  if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') return 'watch';
  return /\/namespaces\/[^/]+\/[^/]+\/[^/]+$/.test(url.pathname) ? 'get' : 'list';
}

function denied(req: http.IncomingMessage, url: URL, rules: DenyRule[], user: string) {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?/.exec(
    url.pathname,
  );
  if (!m) return undefined;
  const [, group = '', namespace, resource, name] = m;
  const verb = verbOf(req, url);
  if (!rules.some((r) => r.resource === resource && r.group === group && r.verbs.includes(verb)))
    return undefined;
  const qualified = group ? `${resource}.${group}` : resource;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualified}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${namespace}"`,
    reason: 'Forbidden',
    details: { name, group, kind: resource },
    code: 403,
  };
}

export async function startRbacProxy(
  sim: ClusterSim,
  rules: DenyRule[],
  user = 'system:serviceaccount:ci:deployer',
): Promise<RbacProxy> {
  const tls = await selfSignedCert();
  const upstream = new URL(sim.url);
  const agent = new https.Agent({ ca: sim.caPem, keepAlive: true });
  const server = https.createServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', sim.url);
    const status = denied(req, url, rules, user);
    if (status) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(status));
    }
    const forward = https.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = sim.kubeconfig
    .replace(sim.url, `https://127.0.0.1:${port}`)
    .replace(
      /certificate-authority-data: .*/,
      `certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`,
    );
  return {
    kubeconfig,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
