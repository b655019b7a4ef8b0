// The action in-process with a fake runtime: input rules that span several inputs, and the
// whole-operation timeout in simulated time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, MemoryLogger, type ActionRuntime } from '@deploy-actions/action-kit';
import { action, createBackupDbAction } from '../src/main.js';

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'backup-db-action-'));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

function runtime(inputs: Record<string, string>) {
  const failures: string[] = [];
  const outputs: Record<string, string> = {};
  const secrets: string[] = [];
  const log = new MemoryLogger();
  const rt: ActionRuntime = {
    logger: log,
    env: { RUNNER_TEMP: temp, PATH: process.env.PATH, GITHUB_REPOSITORY: 'org/shop' },
    getInput: (name) => inputs[name],
    setOutput: (name, value) => void (outputs[name] = value),
    setSecret: (value) => void secrets.push(value),
    group: (_name, fn) => fn(),
    writeSummary: async () => undefined,
    fail: (message) => void failures.push(message),
  };
  return { rt, failures, outputs, secrets, log };
}

test('encryption age without a key names the input to set', async () => {
  const r = runtime({
    'database-url': 'postgres://u:pw@127.0.0.1:1/app',
    destination: join(temp, 'd'),
    encryption: 'age',
  });
  expect(await action.execute(r.rt)).toBe(false);
  expect(r.failures).toEqual([
    "backup-db: input 'age-recipients': got empty; encryption: age needs age-recipients (age1… public keys) or age-passphrase",
  ]);
});

test('backup without database-url, prune without a policy, and a bad dump-args are refused before any work', async () => {
  const noUrl = runtime({ destination: join(temp, 'd') });
  expect(await action.execute(noUrl.rt)).toBe(false);
  expect(noUrl.failures[0]).toMatch(/input 'database-url': got empty; mode backup needs a database URL/);

  const prune = runtime({ mode: 'prune', destination: join(temp, 'd') });
  expect(await action.execute(prune.rt)).toBe(false);
  expect(prune.failures[0]).toMatch(
    /input 'retention-count': got empty; mode prune needs retention-count and\/or retention-days/,
  );

  const args = runtime({
    'database-url': 'postgres://u:pw@127.0.0.1:1/app',
    destination: join(temp, 'd'),
    'dump-args': '--file=/etc/passwd',
  });
  expect(await action.execute(args.rt)).toBe(false);
  expect(args.failures[0]).toMatch(/dump-args: "--file=\/etc\/passwd" is not allowed/);
});

test('the password inside database-url is masked on its own', async () => {
  const r = runtime({
    'database-url': 'postgres://u:hunter2%21@127.0.0.1:1/app',
    destination: join(temp, 'd'),
  });
  await action.execute(r.rt);
  expect(r.secrets).toContain('hunter2!');
  expect(r.failures.join('\n')).not.toContain('hunter2');
});

test('the timeout stops the operation with a TimeoutError message (simulated time)', async () => {
  const clock = new ManualClock(Date.parse('2026-06-30T12:00:00Z'));
  // A server that accepts the connection and never answers keeps the client waiting.
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const silent = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const port = (silent.address() as { port: number }).port;
  try {
    const r = runtime({
      'database-url': `postgres://u:pw@127.0.0.1:${port}/app`,
      destination: join(temp, 'd'),
      timeout: '90s',
    });
    const running = createBackupDbAction(clock).execute(r.rt);
    // Wait (bounded) until the deadline's sleep is registered, then jump past it.
    for (let i = 0; i < 200 && clock.sleepers === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clock.sleepers).toBe(1);
    await clock.advance(90_000);
    expect(await running).toBe(false);
    expect(r.failures).toEqual(['backup-db: backup did not finish within the timeout of 90 s']);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});
