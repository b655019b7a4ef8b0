// The HTTP face of the control API (`/sim/...`), the per-Service application endpoint
// (`/sim/app/<namespace>/<service>`) and `/metrics`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@deploy-actions/action-kit';
import { readBody, sendJson } from '../api/http-util.js';
import type { SimUser } from '../auth/users.js';
import type { FaultRule } from '../faults/fault-rules.js';
import type { RequestFilter } from '../traffic/request-log.js';
import type { TrafficTarget } from '../traffic/traffic.js';
import type { Via } from '../traffic/routes.js';
import { isPlainObject, type JsonObject } from '../types.js';
import type { ClusterControl } from './control-api.js';

async function jsonBody(req: IncomingMessage): Promise<JsonObject> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  if (!isPlainObject(parsed)) throw new Error('body must be a JSON object');
  return parsed;
}

function filterFrom(url: URL): RequestFilter {
  const q = url.searchParams;
  const num = (k: string) => (q.get(k) !== null ? Number(q.get(k)) : undefined);
  return {
    namespace: q.get('namespace') ?? undefined,
    target: q.get('target') ?? undefined,
    service: q.get('service') ?? undefined,
    version: q.get('version') ?? undefined,
    since: num('since'),
    until: num('until'),
  };
}

export function createControlHandler(control: ClusterControl, clock: Clock) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(control.metricsText());
      return true;
    }
    if (!path.startsWith('/sim/')) return false;
    try {
      await route(control, clock, req, res, url);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
    return true;
  };
}

interface ControlRequest {
  control: ClusterControl;
  method: string;
  /** Path segments after `/sim/<area>/`. */
  args: string[];
  url: URL;
  req: IncomingMessage;
  res: ServerResponse;
}

type AreaHandler = (r: ControlRequest) => Promise<boolean | void> | boolean | void;

const areas: Record<string, AreaHandler> = {
  state: ({ control, method, res }) => {
    if (method !== 'GET') return false;
    sendJson(res, 200, {
      resourceVersion: control.registry.store.resourceVersion,
      unreachable: control.unreachable,
      faults: control.faultList(),
      behaviours: control.behaviourOverrides(),
      traffic: control.trafficTargets(),
      controllerErrors: control.controllerErrors(),
    });
  },
  tick: ({ control, method, res }) => {
    if (method !== 'POST') return false;
    control.tick();
    sendJson(res, 200, { ok: true });
  },
  behaviours: async ({ control, method, args: [target], req, res }) => {
    if (method === 'GET')
      return sendJson(res, 200, target ? control.behaviourOf(target) : control.behaviourOverrides());
    if ((method === 'POST' || method === 'PUT') && target) {
      control.setBehaviour(target, await jsonBody(req));
      return sendJson(res, 200, control.behaviourOf(target));
    }
    if (method !== 'DELETE') return false;
    control.resetBehaviour(target);
    sendJson(res, 200, { ok: true });
  },
  faults: async ({ control, method, args: [id], req, res }) => {
    if (method === 'GET') return sendJson(res, 200, control.faultList());
    if (method === 'POST') return sendJson(res, 201, control.addFault((await jsonBody(req)) as FaultRule));
    if (method !== 'DELETE') return false;
    if (id) return sendJson(res, control.removeFault(id) ? 200 : 404, { ok: true });
    control.clearFaults();
    sendJson(res, 200, { ok: true });
  },
  unreachable: async ({ control, method, req, res }) => {
    if (method !== 'POST') return false;
    const body = await jsonBody(req);
    control.setUnreachable(body.unreachable !== false);
    sendJson(res, 200, { unreachable: control.unreachable });
  },
  traffic: async ({ control, method, req, res }) => {
    if (method === 'GET') return sendJson(res, 200, control.trafficTargets());
    if (method !== 'POST') return false;
    const body = await jsonBody(req);
    control.setTraffic({
      namespace: String(body.namespace ?? 'default'),
      service: String(body.service),
      rps: Number(body.rps ?? 0),
      via: body.via as TrafficTarget['via'],
    });
    sendJson(res, 200, control.trafficTargets());
  },
  users: async ({ control, method, args: [token], req, res }) => {
    if (method === 'POST') return sendJson(res, 201, control.addUser((await jsonBody(req)) as SimUser));
    if (method === 'DELETE' && token)
      return sendJson(res, control.removeUser(token) ? 200 : 404, { ok: true });
    return false;
  },
  requests: ({ control, method, args: [what], url, res }) => {
    if (method === 'DELETE') {
      control.clearRequests();
      return sendJson(res, 200, { ok: true });
    }
    if (what === 'summary') return sendJson(res, 200, control.summarizeRequests(filterFrom(url)));
    sendJson(res, 200, control.requests(filterFrom(url)));
  },
};

async function route(
  control: ClusterControl,
  clock: Clock,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const [, area = '', ...args] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['sim', area, ...]
  if (area === 'app' && args[0] && args[1])
    return appRequest(control, clock, res, args[0], args[1], viaFrom(url));
  const handler = areas[area];
  const handled = handler ? await handler({ control, method, args, url, req, res }) : false;
  if (handled === false) sendJson(res, 404, { error: `no control route ${method} ${url.pathname}` });
}

/** A real HTTP answer from the routed pod: after its sampled latency, with its status code. */
/** `?via=Ingress/web-canary` (or `HTTPRoute/…`, `VirtualService/…`, `Service/…`) forces the entry point. */
function viaFrom(url: URL): Via | undefined {
  const raw = url.searchParams.get('via');
  if (!raw) return undefined;
  const [kind, name] = raw.split('/');
  if (!name || !['Service', 'Ingress', 'HTTPRoute', 'VirtualService'].includes(kind!)) {
    throw new Error(`via must be Service|Ingress|HTTPRoute|VirtualService/<name>, got "${raw}"`);
  }
  return { kind: kind as Via['kind'], name };
}

async function appRequest(
  control: ClusterControl,
  clock: Clock,
  res: ServerResponse,
  namespace: string,
  service: string,
  via?: Via,
): Promise<void> {
  const record = control.sendRequest(namespace, service, via);
  if (record.latencyMs > 0) await clock.sleep(record.latencyMs);
  sendJson(
    res,
    record.code,
    {
      pod: record.pod,
      version: record.version,
      service: record.service,
      route: record.route,
      code: record.code,
    },
    {
      'X-Sim-Pod': record.pod,
      'X-Sim-Version': record.version,
    },
  );
}
