import { z } from 'zod';
import { defineAction } from '../src/define-action.js';
import { ConfigurationError } from '../src/errors.js';
import { input, secret } from '../src/input-schema.js';
import { MemoryLogger } from '../src/logger.js';
import type { ActionRuntime } from '../src/runtime.js';

function fakeRuntime(inputs: Record<string, string>) {
  const logger = new MemoryLogger();
  const state = {
    outputs: {} as Record<string, string>,
    secrets: [] as string[],
    failures: [] as string[],
    summary: '',
  };
  const runtime: ActionRuntime = {
    env: {},
    logger,
    getInput: (name) => (inputs[name]?.trim() ? inputs[name] : undefined),
    setOutput: (n, v) => (state.outputs[n] = v),
    setSecret: (v) => state.secrets.push(v),
    group: (_n, fn) => fn(),
    writeSummary: async (md) => {
      state.summary += md;
    },
    fail: (m) => state.failures.push(m),
  };
  return { runtime, logger, state };
}

const schema = z.object({
  url: secret(input.url(['https:']).describe('Where')),
  count: input.integer({ min: 1 }).default('3').describe('How many'),
  mode: input
    .oneOf(['a', 'b'] as const)
    .default('a')
    .describe('Mode'),
});

test('parses inputs, sets returned outputs as strings and JSON', async () => {
  const action = defineAction({
    name: 'demo',
    inputs: schema,
    async run(values) {
      return { count: values.count * 2, mode: values.mode, info: { host: 'x' }, empty: undefined };
    },
  });
  const { runtime, state } = fakeRuntime({ url: 'https://example.com/hook', mode: 'b' });
  expect(await action.execute(runtime)).toBe(true);
  expect(state.outputs).toEqual({ count: '6', mode: 'b', info: '{"host":"x"}', empty: '' });
  expect(state.secrets).toContain('https://example.com/hook');
  expect(state.secrets).toContain(Buffer.from('https://example.com/hook').toString('base64'));
});

test('a bad secret input fails naming the input without showing the value', async () => {
  const action = defineAction({ name: 'demo', inputs: schema, run: async () => undefined });
  const { runtime, state } = fakeRuntime({ url: 'http://insecure.example/secret-path' });
  expect(await action.execute(runtime)).toBe(false);
  expect(state.failures).toEqual(["demo: input 'url': got ***; expected a URL starting with https://"]);
});

test('oneOf lists what is allowed', async () => {
  const action = defineAction({ name: 'demo', inputs: schema, run: async () => undefined });
  const { runtime, state } = fakeRuntime({ url: 'https://x.example', mode: 'c' });
  await action.execute(runtime);
  expect(state.failures).toEqual([`demo: input 'mode': got "c"; expected one of: a, b`]);
});

test('any thrown value becomes one failure line, secrets redacted', async () => {
  const action = defineAction({
    name: 'demo',
    inputs: schema,
    async run(values, ctx) {
      ctx.log.info(`calling ${values.url.href}`);
      ctx.summary.paragraph(`target ${values.url.href}`);
      throw { weird: 'object', at: values.url.href };
    },
  });
  const { runtime, state, logger } = fakeRuntime({ url: 'https://example.com/hook' });
  expect(await action.execute(runtime)).toBe(false);
  expect(state.failures).toEqual(['demo: unexpected error: {"weird":"object","at":"***"}']);
  expect(logger.text()).toContain('calling ***');
  expect(state.summary).toContain('target ***');
  expect(state.summary).not.toContain('example.com');
});

test('a typed error keeps its message, multi-line messages become one line', async () => {
  const action = defineAction({
    name: 'demo',
    inputs: schema,
    run: async () => {
      throw new ConfigurationError('cluster unreachable:\n  connection refused');
    },
  });
  const { runtime, state } = fakeRuntime({ url: 'https://x.example' });
  await action.execute(runtime);
  expect(state.failures).toEqual(['demo: cluster unreachable: connection refused']);
});

test('throwing a string is reported too', async () => {
  const action = defineAction({
    name: 'demo',
    inputs: schema,
    run: async () => {
      throw 'plain string';
    },
  });
  const { runtime, state } = fakeRuntime({ url: 'https://x.example' });
  await action.execute(runtime);
  expect(state.failures).toEqual(['demo: unexpected error: plain string']);
});
