// `npm run sim -- --port <p> --kubeconfig <file>`: runs the simulator until SIGTERM/SIGINT and
// prints one JSON line ({"url","kubeconfig","appUrl","token"}) once it is ready.
import { parseArgs } from 'node:util';
import { startClusterSim } from './sim.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'app-port': { type: 'string', default: '0' },
    kubeconfig: { type: 'string' },
    insecure: { type: 'boolean', default: false },
    token: { type: 'string' },
    'pod-start-delay-ms': { type: 'string' },
    'pod-termination-ms': { type: 'string' },
    'tick-ms': { type: 'string' },
    seed: { type: 'string' },
  },
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

const sim = await startClusterSim({
  port: num(values.port),
  appPort: num(values['app-port']),
  kubeconfigPath: values.kubeconfig,
  tls: !values.insecure,
  tokens: values.token ? [values.token] : undefined,
  podStartDelayMs: num(values['pod-start-delay-ms']),
  podTerminationMs: num(values['pod-termination-ms']),
  tickMs: num(values['tick-ms']),
  seed: num(values.seed),
});

process.stdout.write(
  JSON.stringify({ url: sim.url, kubeconfig: sim.kubeconfigPath, appUrl: sim.appUrl, token: sim.token }) +
    '\n',
);

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  sim.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
