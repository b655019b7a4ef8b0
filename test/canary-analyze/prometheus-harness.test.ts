// Checks the shared Prometheus harness against a minimal /metrics endpoint.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPrometheus } from '../harness/prometheus.js';

test('startPrometheus scrapes a target and answers queries', async () => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE harness_probe gauge\nharness_probe 42\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const prom = await startPrometheus({ targets: [`127.0.0.1:${port}`] });
  try {
    await prom.waitForData('harness_probe', 30000);
    const result = (await prom.query('harness_probe')) as Array<{ value: [number, string] }>;
    expect(result[0]!.value[1]).toBe('42');
    expect(hits).toBeGreaterThan(0);
  } finally {
    await prom.stop();
    server.close();
  }
});
