// startClusterSim: the API server (HTTPS + bearer token by default), the controllers, the traffic
// simulation, and a plain-HTTP side server for `/metrics`, `/sim/app/...` and the control API.
import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock, type Clock } from '@deploy-actions/action-kit';
import type { ApiContext } from './api/context.js';
import { createApiHandler } from './api/server.js';
import { ClusterControl } from './control/control-api.js';
import { createControlHandler } from './control/http-control.js';
import { Behaviours } from './controllers/behaviour.js';
import { ControllerManager } from './controllers/manager.js';
import { FaultInjector } from './faults/fault-rules.js';
import { buildKubeconfig } from './kubeconfig.js';
import { seededRandom } from './random.js';
import { Registry } from './store/registry.js';
import { makeTlsMaterial, type TlsMaterial } from './tls.js';
import { Users, type SimUser } from './auth/users.js';
import { TrafficSimulator, type TrafficTarget } from './traffic/traffic.js';

export interface ClusterSimOptions {
  /** API server port; 0 (default) picks a free one. */
  port?: number;
  /** Port of the plain-HTTP side server (`/metrics`, `/sim/...`); 0 (default) picks a free one. */
  appPort?: number;
  /** HTTPS with a generated CA (default true). Plain HTTP only when false. */
  tls?: boolean;
  /** Accepted bearer tokens with every right; default one random token. */
  tokens?: string[];
  /** Tokens with limited rights (RBAC-like allow/deny rules): forbidden requests get a real 403. */
  users?: SimUser[];
  /** Controller tick (ms, default 25). */
  tickMs?: number;
  /** Delay before a healthy pod is Running and Ready (ms, default 200). */
  podStartDelayMs?: number;
  /** How long a deleted pod stays Terminating (ms, default 0: pods go at once). */
  podTerminationMs?: number;
  /** Time source of controllers, watches and traffic (default the real clock). */
  clock?: Clock;
  /** Seed of names, injected errors and latencies (default: time based). */
  seed?: number;
  /** Load generator step (ms, default 100). */
  trafficIntervalMs?: number;
  /** Load to generate from the start. */
  traffic?: TrafficTarget[];
  /** Where to write the kubeconfig (default: a new temp dir). */
  kubeconfigPath?: string;
  /** Watch bookmark interval (ms, default 5000). */
  bookmarkIntervalMs?: number;
}

export interface ClusterSim {
  /** API server URL (`https://127.0.0.1:<port>`). */
  url: string;
  /** Side server URL (`http://127.0.0.1:<port>`): `/metrics`, `/sim/app/<ns>/<svc>`, `/sim/...`. */
  appUrl: string;
  kubeconfigPath: string;
  kubeconfig: string;
  token: string;
  /** PEM of the CA that signed the server certificate (empty without TLS). */
  caPem: string;
  control: ClusterControl;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The in-process parts: storage, controllers, traffic, faults and the control API over them. */
function buildCluster(options: ClusterSimOptions) {
  const clock = options.clock ?? realClock;
  const random = seededRandom(options.seed);
  const registry = new Registry(clock, random, options.podTerminationMs ?? 0);
  const behaviours = new Behaviours();
  const faults = new FaultInjector(random);
  const controllers = new ControllerManager(registry, clock, behaviours, {
    tickMs: options.tickMs ?? 25,
    podStartDelayMs: options.podStartDelayMs ?? 200,
  });
  const traffic = new TrafficSimulator(registry, clock, behaviours, random, options.trafficIntervalMs ?? 100);
  for (const t of options.traffic ?? []) traffic.setTraffic(t);
  const control = new ClusterControl(registry, controllers, behaviours, faults, traffic);
  const ctx: ApiContext = {
    registry,
    clock,
    appliedConfigs: new Map(),
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5000,
    watchDropAfterMs: (target) => faults.watchDropAfterMs(target.type.resource, target.namespace),
  };
  return { clock, faults, controllers, traffic, control, ctx };
}

type Cluster = ReturnType<typeof buildCluster>;

/** The API server (HTTPS unless `tls: false`) and the plain-HTTP side server, not yet listening. */
function createServers(
  cluster: Cluster,
  users: Users,
  tls: TlsMaterial | undefined,
  address: () => string,
): { api: Server; app: Server } {
  const extra = createControlHandler(cluster.control, cluster.clock);
  const apiHandler = createApiHandler({
    ctx: cluster.ctx,
    users,
    faults: cluster.faults,
    get serverAddress() {
      return address();
    },
    extra,
  });
  const api: Server = tls
    ? (createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, apiHandler) as unknown as Server)
    : createHttpServer(apiHandler);
  api.on('connection', (socket) => {
    if (cluster.faults.unreachable) socket.destroy();
  });
  const app = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    extra(req, res, url).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('not found: the Kubernetes API is on the API server URL\n');
        }
      },
      () => res.destroy(),
    );
  });
  // Clients keep connections open between calls; a short idle timeout races with their reuse and
  // shows up as sporadic "socket hang up" errors, so idle connections stay open for a minute.
  for (const server of [api, app]) {
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
  }
  return { api, app };
}

export async function startClusterSim(options: ClusterSimOptions = {}): Promise<ClusterSim> {
  const cluster = buildCluster(options);
  const tokens = options.tokens?.length ? options.tokens : [randomBytes(24).toString('base64url')];
  const users = new Users(tokens);
  for (const user of options.users ?? []) users.add(user);
  const useTls = options.tls !== false;
  const tlsMaterial = useTls ? await makeTlsMaterial() : undefined;
  let serverAddress = '127.0.0.1:0';
  const servers = createServers(cluster, users, tlsMaterial, () => serverAddress);
  const port = await listen(servers.api, options.port ?? 0);
  const appPort = await listen(servers.app, options.appPort ?? 0);
  serverAddress = `127.0.0.1:${port}`;
  const url = `${useTls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfig = buildKubeconfig({ server: url, token: tokens[0]!, caPem: tlsMaterial?.caPem });
  const ownDir = options.kubeconfigPath ? undefined : await mkdtemp(join(tmpdir(), 'cluster-sim-'));
  const kubeconfigPath = options.kubeconfigPath ?? join(ownDir!, 'kubeconfig.yaml');
  await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
  cluster.control.attachUsers(users, (token) =>
    buildKubeconfig({ server: url, token, caPem: tlsMaterial?.caPem }),
  );
  cluster.controllers.start();
  cluster.traffic.start();
  return {
    url,
    appUrl: `http://127.0.0.1:${appPort}`,
    kubeconfigPath,
    kubeconfig,
    token: tokens[0]!,
    caPem: tlsMaterial?.caPem ?? '',
    control: cluster.control,
    async stop() {
      await Promise.all([cluster.controllers.stop(), cluster.traffic.stop()]);
      await Promise.all([close(servers.api), close(servers.app)]);
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
  };
}
