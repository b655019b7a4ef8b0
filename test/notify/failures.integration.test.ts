// The acceptance failure cases, run through the action (in this process, real HTTP on 127.0.0.1):
// 429 then 200, 500 four times, connection refused, timeout, invalid URL, fail-on-error.
import { realClock } from '@deploy-actions/action-kit';
import { startHttpInbox, type HttpInbox } from '../harness/http-inbox.js';
import { freePort } from '../harness/free-port.js';
import { createNotifyAction } from '../../actions/notify/src/main.js';
import { memoryRuntime } from './memory-runtime.js';

let inbox: HttpInbox;
beforeAll(async () => {
  inbox = await startHttpInbox();
});
afterAll(() => inbox.close());
beforeEach(() => inbox.reset());

const action = createNotifyAction({
  fetch: (url, init) => fetch(url, init),
  clock: realClock,
  baseDelayMs: 50,
});

async function run(inputs: Record<string, string>) {
  const mem = memoryRuntime({
    status: 'failure',
    environment: 'production',
    version: 'v3',
    'allow-insecure-http': 'true',
    ...inputs,
  });
  const ok = await action.execute(mem.runtime);
  return { ok, ...mem };
}

test('429 with Retry-After: 1 then 200: delivered once, after the wait', async () => {
  inbox.script('/discord/hook', [
    {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'rate limited', retry_after: 1, global: false },
    },
    { status: 200, body: { id: '1' } },
  ]);
  const result = await run({ 'discord-webhook-url': `${inbox.url}/discord/hook` });
  expect(result.ok).toBe(true);
  expect(result.outputs.sent).toBe('discord');
  expect(result.outputs.failed).toBe('');
  const requests = inbox.requestsTo('/discord/hook');
  expect(requests).toHaveLength(2);
  expect(requests[1]!.receivedAt - requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  expect(requests[1]!.text).toBe(requests[0]!.text);
  expect(result.log.text()).toContain('discord: HTTP 429; retrying in 1.0 s (attempt 2 of 4)');
});

test('500 four times: reported in failed, a warning, the step passes', async () => {
  inbox.script('/hook', [{ status: 500, body: 'upstream exploded' }]);
  inbox.script('/teams', [{ status: 202 }]);
  const result = await run({ 'webhook-url': `${inbox.url}/hook`, 'teams-webhook-url': `${inbox.url}/teams` });
  expect(result.ok).toBe(true);
  expect(result.failures).toEqual([]);
  expect(inbox.requestsTo('/hook')).toHaveLength(4);
  expect(result.outputs.sent).toBe('teams');
  expect(result.outputs.failed).toBe('webhook');
  const warnings = result.log.lines.filter((l) => l.level === 'warning').map((l) => l.message);
  expect(warnings).toEqual(['could not notify webhook: HTTP 500 (after 4 attempts)']);
  expect(result.summary()).toContain('| webhook | ❌ failed | HTTP 500 (after 4 attempts) |');
  expect(result.summary()).toContain('| teams | ✅ sent |');
});

test('500 four times with fail-on-error: the step fails naming channel and status, outputs still set', async () => {
  inbox.script('/hook', [{ status: 503 }]);
  const result = await run({ 'webhook-url': `${inbox.url}/hook`, 'fail-on-error': 'true' });
  expect(result.ok).toBe(false);
  expect(result.failures).toEqual(['notify: could not notify webhook: HTTP 503 (after 4 attempts)']);
  expect(result.outputs.failed).toBe('webhook');
  expect(result.outputs.sent).toBe('');
});

test('a 4xx other than 429 is not retried', async () => {
  inbox.script('/hook', [{ status: 404 }]);
  const result = await run({ 'webhook-url': `${inbox.url}/hook` });
  expect(inbox.requestsTo('/hook')).toHaveLength(1);
  expect(result.outputs.failed).toBe('webhook');
  expect(result.log.text()).toContain('could not notify webhook: HTTP 404');
});

test('connection refused: retried, then failed with a reason and without the URL', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hooks/s3cr3t-path-token`;
  const result = await run({ 'webhook-url': url, retries: '1' });
  expect(result.ok).toBe(true);
  expect(result.outputs.failed).toBe('webhook');
  expect(result.log.text()).toContain('could not notify webhook: connection refused (after 2 attempts)');
  expect(result.log.text()).not.toContain('s3cr3t-path-token');
  expect(result.log.text()).not.toContain(String(port));
});

test('timeout: a server slower than timeout fails the channel within the bound', async () => {
  inbox.script('/slow', [{ status: 200, delayMs: 3000 }]);
  const started = Date.now();
  const result = await run({ 'webhook-url': `${inbox.url}/slow`, timeout: '300ms', retries: '1' });
  expect(Date.now() - started).toBeLessThan(2500);
  expect(inbox.requestsTo('/slow')).toHaveLength(2);
  expect(result.outputs.failed).toBe('webhook');
  expect(result.log.text()).toContain(
    'could not notify webhook: no response within 300 ms (after 2 attempts)',
  );
});

test('invalid URL: a clear input error naming the input, value masked, nothing sent', async () => {
  const result = await run({ 'discord-webhook-url': 'discord.com/api/webhooks/1/s3cr3t' });
  expect(result.ok).toBe(false);
  expect(result.failures).toEqual([
    "notify: input 'discord-webhook-url': got ***; expected an http:// or https:// URL",
  ]);
  expect(inbox.requests).toHaveLength(0);
});

test('http:// is refused unless allow-insecure-http is true', async () => {
  const result = await run({ 'webhook-url': `${inbox.url}/hook`, 'allow-insecure-http': 'false' });
  expect(result.ok).toBe(false);
  expect(result.failures).toEqual([
    "notify: input 'webhook-url': got ***; expected an https:// URL (set allow-insecure-http: true for http://)",
  ]);
  expect(inbox.requests).toHaveLength(0);
});

test('incomplete channel inputs are input errors', async () => {
  const noChannel = await run({ 'slack-token': 'xoxb-1234567890' });
  expect(noChannel.failures).toEqual([
    "notify: input 'slack-channel': got empty; a channel id or name is required with slack-token",
  ]);
  const both = await run({
    'slack-token': 'xoxb-1234567890',
    'slack-webhook-url': `${inbox.url}/s`,
    'slack-channel': 'C1',
  });
  expect(both.failures).toEqual([
    "notify: input 'slack-token': got ***; give either slack-webhook-url or slack-token, not both",
  ]);
  const badStatus = await run({ status: 'succeeded' });
  expect(badStatus.failures).toEqual([
    `notify: input 'status': got "succeeded"; expected one of: started, success, failure, cancelled, rolled-back, warning`,
  ]);
});

test('no channel configured: a warning, not a failure (secrets are absent on fork pull requests)', async () => {
  const result = await run({});
  expect(result.ok).toBe(true);
  expect(result.log.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
  expect(result.outputs).toEqual({ sent: '', failed: '' });
});

test('secret URLs are masked whole and by their token-like parts before anything runs', async () => {
  const url = `${inbox.url}/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zm9vYmFyYmF6cXV4`;
  inbox.script('/workflows/abc123def456/triggers/manual/paths/invoke', [{ status: 202 }]);
  const result = await run({ 'teams-webhook-url': url });
  expect(result.outputs.sent).toBe('teams');
  expect(result.secrets).toContain(url);
  expect(result.secrets).toContain('Zm9vYmFyYmF6cXV4');
  expect(result.secrets).toContain('abc123def456');
  expect(result.secrets).not.toContain('triggers');
});

test('message inputs reach the payload: details JSON, started-at duration, default run-url, mentions', async () => {
  const startedAt = new Date(Date.now() - 125_000).toISOString();
  const result = await run({
    'discord-webhook-url': `${inbox.url}/discord`,
    details: '{"Canary score": 41, "Pods": "3/3"}',
    'started-at': startedAt,
    'mention-on-failure': 'discord: ["123456789012345678"]\nslack: [U0123ABC]',
  });
  expect(result.outputs.sent).toBe('discord');
  const body = inbox.requestsTo('/discord')[0]!.json<{
    content: string;
    embeds: Array<{ url: string; fields: Array<{ name: string; value: string }> }>;
  }>();
  const fields = Object.fromEntries(body.embeds[0]!.fields.map((f) => [f.name, f.value]));
  expect(fields).toMatchObject({
    'Canary score': '41',
    Pods: '3/3',
    Environment: 'production',
    Version: 'v3',
  });
  expect(fields.Duration).toMatch(/^2m [56]s$/);
  expect(body.embeds[0]!.url).toBe('https://github.com/org/app/actions/runs/1001');
  expect(body.content).toBe('<@123456789012345678>');
});

test('a malformed mention-on-failure is an input error naming the bad entry', async () => {
  const result = await run({
    'discord-webhook-url': `${inbox.url}/discord`,
    'mention-on-failure': 'discord: [everyone]',
  });
  expect(result.failures).toEqual([
    `notify: input 'mention-on-failure': got "discord: [everyone]"; discord: "everyone" is not valid; expected Discord user ids (digits)`,
  ]);
});

test('a redirect is not followed, so credentials are never resent elsewhere', async () => {
  inbox.script('/moved', [{ status: 302, headers: { location: `${inbox.url}/elsewhere` } }]);
  const result = await run({ 'slack-webhook-url': `${inbox.url}/moved` });
  expect(result.outputs.failed).toBe('slack');
  expect(result.log.text()).toContain('could not notify slack: HTTP 302 (redirects are not followed)');
  expect(inbox.requestsTo('/elsewhere')).toHaveLength(0);
});

test('GitHub needs the repository and either a deployment id or an environment', async () => {
  const noRepo = memoryRuntime(
    { status: 'success', environment: 'production', 'github-token': 'ghs_x1234567' },
    { GITHUB_REPOSITORY: '' },
  );
  expect(await action.execute(noRepo.runtime)).toBe(false);
  expect(noRepo.failures).toEqual([
    'notify: GITHUB_REPOSITORY (owner/name) must be set to post GitHub deployment statuses',
  ]);
  const noEnv = await run({ 'github-token': 'ghs_x1234567', environment: '' });
  expect(noEnv.failures).toEqual([
    "notify: input 'environment': got empty; required to create a GitHub deployment (or give github-deployment-id)",
  ]);
  const badId = await run({ 'github-token': 'ghs_x1234567', 'github-deployment-id': 'abc' });
  expect(badId.failures).toEqual([
    'notify: input \'github-deployment-id\': got "abc"; expected a numeric deployment id',
  ]);
});
