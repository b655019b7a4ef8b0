// The client tools found on the system go into a real runner tool cache, and the next search finds
// the cached copy first — and it runs.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryLogger, runnerToolCache, type ToolCache } from '@deploy-actions/action-kit';
import { findPgClients, pgClientCache, semver } from '../src/index.js';

const SYSTEM_BIN = '/usr/lib/postgresql/15/bin';
let work: string;
const saved = process.env.RUNNER_TOOL_CACHE;

beforeAll(() => {
  if (!existsSync(path.join(SYSTEM_BIN, 'pg_dump'))) {
    throw new Error(`${SYSTEM_BIN}/pg_dump is missing: run npm run setup:test-deps`);
  }
});

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pg-client-cache-'));
  process.env.RUNNER_TOOL_CACHE = work;
});

afterEach(async () => {
  if (saved === undefined) delete process.env.RUNNER_TOOL_CACHE;
  else process.env.RUNNER_TOOL_CACHE = saved;
  await rm(work, { recursive: true, force: true });
});

test('a client picked from the system is cached, then found first, and the copy runs', async () => {
  const log = new MemoryLogger();
  const [system] = await findPgClients([SYSTEM_BIN]);
  expect(system!.major).toBe(15);

  const cache = pgClientCache(runnerToolCache(process.env)!, log);
  expect(await cache.dirs()).toEqual([]);
  await cache.remember(system!);
  expect(log.text()).toMatch(/^info: cached PostgreSQL client 15\.\d+ .* in the runner tool cache/);

  const next = pgClientCache(runnerToolCache(process.env)!, new MemoryLogger());
  const cachedDirs = await next.dirs();
  expect(cachedDirs).toEqual([path.join(work, 'postgresql-client', semver(system!.version), os.arch())]);
  const [first] = await findPgClients([...cachedDirs, SYSTEM_BIN]);
  expect(first!.dir).toBe(cachedDirs[0]);
  expect(first!.version).toBe(system!.version);
});

test('a client already in the cache is not copied again, and a failing cache is only a warning', async () => {
  const calls: string[] = [];
  const failing: ToolCache = {
    findAll: async () => [{ version: '15.0.0', dir: '/cached/15' }],
    cacheDir: async (dir) => {
      calls.push(dir);
      throw new Error('disk full');
    },
  };
  const log = new MemoryLogger();
  const cache = pgClientCache(failing, log);
  await cache.remember({ dir: '/cached/15', major: 15, version: '15.0', bin: (t) => t });
  expect(calls).toEqual([]);
  await cache.remember({ dir: SYSTEM_BIN, major: 15, version: '15.18', bin: (t) => t });
  expect(calls).toEqual([SYSTEM_BIN]);
  expect(log.text()).toBe('warning: could not cache the PostgreSQL client tools: disk full');
});

test('semver keys', () => {
  expect(semver('15.18 (Debian 15.18-0+deb12u1)')).toBe('15.18.0');
  expect(semver('16.4')).toBe('16.4.0');
  expect(semver('17')).toBe('17.0.0');
});
