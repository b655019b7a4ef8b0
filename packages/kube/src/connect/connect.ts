// Connects to a cluster: the kubeconfig input (written to a 0600 temp file and removed at the end),
// else KUBECONFIG or ~/.kube/config, else in-cluster credentials. TLS stays verified unless the
// caller allows a kubeconfig's insecure-skip-tls-verify. client-node is loaded here, lazily.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  ConfigurationError,
  realClock,
  silentLogger,
  type Clock,
  type Logger,
} from '@deploy-actions/action-kit';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApi } from '../client/api.js';
import { KubeClient, type KubeTransport } from '../client/http-client.js';
import { defaultRetryPolicy, type RetryPolicy } from '../client/retrying.js';
import { decodeKubeconfig, headerSecrets, kubeconfigSecrets } from './kubeconfig-input.js';

export interface ConnectOptions {
  /** Content of a kubeconfig file or its base64 (the action's secret input). */
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allowInsecureTls?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
}

export interface KubeConnection {
  api: KubeApi;
  namespace: string;
  server: string;
  context: string;
  /** Where the credentials came from: input, KUBECONFIG, ~/.kube/config or in-cluster. */
  source: string;
  /** Credentials found in the kubeconfig and request headers: mask each before logging anything. */
  secrets: string[];
  serverVersion?: string;
  /** Removes the temp kubeconfig and closes connections. */
  close(): Promise<void>;
}

export async function connect(options: ConnectOptions = {}): Promise<KubeConnection> {
  const env = options.env ?? process.env;
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const secrets: string[] = [];
  let tempFile: string | undefined;
  const cleanup = async () => {
    if (tempFile) await rm(tempFile, { force: true });
  };
  try {
    let source: string;
    if (options.kubeconfig) {
      const text = decodeKubeconfig(options.kubeconfig);
      secrets.push(...kubeconfigSecrets(text));
      tempFile = path.join(env.RUNNER_TEMP || os.tmpdir(), `kubeconfig-${randomUUID()}.yaml`);
      await writeFile(tempFile, text, { mode: 0o600, flag: 'wx' });
      kc.loadFromFile(tempFile);
      source = 'input kubeconfig';
    } else {
      source = loadAmbient(kc, env, secrets);
    }
    const context = selectContext(kc, options.context);
    const cluster = kc.getCurrentCluster();
    if (!cluster)
      throw new ConfigurationError(`context "${context}" names a cluster that is not in the kubeconfig`);
    if (cluster.skipTLSVerify && !options.allowInsecureTls) {
      throw new ConfigurationError(
        `the kubeconfig's cluster "${cluster.name}" sets insecure-skip-tls-verify; TLS verification stays on unless you set allow-insecure-tls: true (not recommended)`,
      );
    }
    if (cluster.server.startsWith('http:') && !(cluster.skipTLSVerify && options.allowInsecureTls)) {
      throw new ConfigurationError(
        `the kubeconfig's cluster "${cluster.name}" uses plain http:// (${cluster.server}); only https:// is accepted`,
      );
    }
    const transport = await makeTransport(
      kc,
      cluster.server,
      cluster.skipTLSVerify && !!options.allowInsecureTls,
      cluster.proxyUrl,
    );
    secrets.push(...headerSecrets(await transport.authHeaders()));
    const policy: RetryPolicy = {
      ...defaultRetryPolicy,
      clock: options.clock ?? realClock,
      log: options.log ?? silentLogger,
      signal: options.signal,
      ...options.retry,
    };
    const api = new KubeApi(new KubeClient(transport, options.requestTimeoutMs), policy);
    const namespace = options.namespace ?? kc.getContextObject(context)?.namespace ?? 'default';
    const version = await api.read<{ gitVersion?: string }>('/version');
    return {
      api,
      namespace,
      server: cluster.server,
      context,
      source,
      secrets: [...new Set(secrets)],
      serverVersion: version.gitVersion,
      close: async () => {
        transport.agent.destroy();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function loadAmbient(kc: KubeConfig, env: NodeJS.ProcessEnv, secrets: string[]): string {
  const files = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  const home = env.HOME || os.homedir();
  if (files.length === 0 && home && existsSync(path.join(home, '.kube', 'config')))
    files.push(path.join(home, '.kube', 'config'));
  if (files.length > 0) {
    kc.loadFromFile(files[0]!);
    for (const file of files.slice(1)) {
      const more = new (kc.constructor as typeof KubeConfig)();
      more.loadFromFile(file);
      kc.mergeConfig(more, true);
    }
    for (const file of files) secrets.push(...kubeconfigSecrets(readFileSync(file, 'utf8')));
    return env.KUBECONFIG ? 'KUBECONFIG' : '~/.kube/config';
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
    kc.loadFromCluster();
    return 'in-cluster service account';
  }
  throw new ConfigurationError(
    'no Kubernetes credentials: set the kubeconfig input, or KUBECONFIG / ~/.kube/config (e.g. with azure/k8s-set-context or aws eks update-kubeconfig), or run inside a cluster',
  );
}

function selectContext(kc: KubeConfig, requested: string | undefined): string {
  const names = kc.getContexts().map((c) => c.name);
  if (requested) {
    if (!names.includes(requested))
      throw new ConfigurationError(
        `context "${requested}" is not in the kubeconfig; it has: ${names.join(', ') || 'none'}`,
      );
    kc.setCurrentContext(requested);
    return requested;
  }
  const current = kc.getCurrentContext();
  if (current && names.includes(current)) return current;
  if (names.length === 1) {
    kc.setCurrentContext(names[0]!);
    return names[0]!;
  }
  throw new ConfigurationError(
    `the kubeconfig has no current-context; set the context input to one of: ${names.join(', ') || 'none'}`,
  );
}

async function makeTransport(
  kc: KubeConfig,
  server: string,
  insecure: boolean,
  proxyUrl: string | undefined,
): Promise<KubeTransport> {
  const base: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  // Our own keep-alive agent with the kubeconfig's CA and client certificate; a proxy keeps client-node's.
  const tls = {
    ca: base.ca,
    cert: base.cert,
    key: base.key,
    pfx: base.pfx,
    passphrase: base.passphrase,
    servername: base.servername,
  };
  const agent = proxyUrl
    ? (base.agent as http.Agent)
    : server.startsWith('http:')
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({ ...tls, rejectUnauthorized: !insecure, keepAlive: true });
  return {
    server,
    agent,
    async authHeaders() {
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
      if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return headers;
    },
  };
}
