// The kubeconfig a client uses to reach the simulator: server URL, CA data and a bearer token.
import { stringify } from 'yaml';

export function buildKubeconfig(opts: {
  server: string;
  token: string;
  caPem?: string;
  context?: string;
}): string {
  const name = opts.context ?? 'cluster-sim';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: opts.server,
          ...(opts.caPem ? { 'certificate-authority-data': Buffer.from(opts.caPem).toString('base64') } : {}),
        },
      },
    ],
    users: [{ name: `${name}-user`, user: { token: opts.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-user`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
