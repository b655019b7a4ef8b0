import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runnerToolCache } from '../src/tool-cache.js';

let work: string;
const saved = process.env.RUNNER_TOOL_CACHE;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'tool-cache-'));
  process.env.RUNNER_TOOL_CACHE = path.join(work, 'cache');
});

afterEach(async () => {
  if (saved === undefined) delete process.env.RUNNER_TOOL_CACHE;
  else process.env.RUNNER_TOOL_CACHE = saved;
  await rm(work, { recursive: true, force: true });
});

test('there is no tool cache outside a runner', () => {
  expect(runnerToolCache({})).toBeUndefined();
});

test('caches a directory and finds every cached version, newest first', async () => {
  const cache = runnerToolCache(process.env)!;
  for (const version of ['9.6.0', '15.18.0', '15.2.0']) {
    const source = path.join(work, `src-${version}`);
    await mkdir(source);
    await writeFile(path.join(source, 'tool'), `tool ${version}`);
    const cached = await cache.cacheDir(source, 'demo-tool', version);
    expect(cached.startsWith(process.env.RUNNER_TOOL_CACHE!)).toBe(true);
  }
  const found = await cache.findAll('demo-tool');
  expect(found.map((f) => f.version)).toEqual(['15.18.0', '15.2.0', '9.6.0']);
  expect(await readFile(path.join(found[0]!.dir, 'tool'), 'utf8')).toBe('tool 15.18.0');
  expect(await cache.findAll('other-tool')).toEqual([]);
});
