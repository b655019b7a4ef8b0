// Every HTTP channel against a real HTTP server on 127.0.0.1 that stands in for the service:
// the exact request each service documents (path, headers, JSON shape) and how its answer is read.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MemoryLogger, realClock } from '@deploy-actions/action-kit';
import {
  NO_MENTIONS,
  discordChannel,
  githubChannel,
  notify,
  pagerDutyChannel,
  slackChannel,
  teamsChannel,
  webhookChannel,
  type ChannelDeps,
  type DeployMessage,
} from '@deploy-actions/notify';
import { startHttpInbox, type HttpInbox } from '../harness/http-inbox.js';

let inbox: HttpInbox;
beforeAll(async () => {
  inbox = await startHttpInbox();
});
afterAll(() => inbox.close());
beforeEach(() => inbox.reset());

const message = (overrides: Partial<DeployMessage> = {}): DeployMessage => ({
  id: 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b',
  status: 'failure',
  environment: 'production',
  version: 'v2.0.1',
  strategy: 'blue-green',
  message: 'Line one with "quotes"\nline two 🚀',
  details: { 'Error rate': '7.5%' },
  runUrl: 'https://github.com/org/app/actions/runs/1001',
  repository: 'org/app',
  sha: '0123456789abcdef0123456789abcdef01234567',
  timestamp: '2026-11-29T23:00:00.000Z',
  mentions: NO_MENTIONS,
  ...overrides,
});

function deps(log = new MemoryLogger()): ChannelDeps {
  const policy = { retries: 2, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5000, clock: realClock };
  return {
    http: { fetch: (url, init) => fetch(url, init), timeoutMs: 2000, policy, log },
    log,
    clock: realClock,
  };
}

test('Slack incoming webhook receives Block Kit JSON', async () => {
  inbox.script('/slack/T0/B0/tok', [{ status: 200, body: 'ok' }]);
  const report = await notify(
    message(),
    [slackChannel({ mode: 'webhook', webhookUrl: `${inbox.url}/slack/T0/B0/tok` })],
    deps(),
  );
  expect(report.sent).toEqual(['slack']);
  const [req] = inbox.requestsTo('/slack/T0/B0/tok');
  expect(req!.method).toBe('POST');
  expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = req!.json<{ text: string; blocks: Array<{ type: string }> }>();
  expect(body.text).toBe('❌ Deployment failed: app v2.0.1 → production');
  expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
  expect(JSON.stringify(body.blocks[2])).toContain('Line one with \\"quotes\\"\\nline two 🚀');
});

test('Slack Web API: chat.postMessage with bearer token into a thread, slack-ts from the answer', async () => {
  inbox.script('/api/chat.postMessage', [
    { status: 200, body: { ok: true, channel: 'C0123', ts: '1732921200.000100' } },
  ]);
  const channel = slackChannel({
    mode: 'api',
    apiUrl: `${inbox.url}/api`,
    token: 'xoxb-test-token',
    channel: 'C0123',
    threadTs: '1732920000.000001',
  });
  const report = await notify(message(), [channel], deps());
  expect(report.sent).toEqual(['slack']);
  expect(report.outputs['slack-ts']).toBe('1732921200.000100');
  const [req] = inbox.requestsTo('/api/chat.postMessage');
  expect(req!.headers.authorization).toBe('Bearer xoxb-test-token');
  expect(req!.json()).toMatchObject({
    channel: 'C0123',
    thread_ts: '1732920000.000001',
    text: expect.any(String),
    blocks: expect.any(Array),
  });
});

test('Slack Web API: chat.update of an earlier message; {ok:false} is a failure with Slack’s error code', async () => {
  inbox.script('/api/chat.update', [
    { status: 200, body: { ok: true, channel: 'C0123', ts: '1732921200.000100' } },
  ]);
  const update = slackChannel({
    mode: 'api',
    apiUrl: `${inbox.url}/api`,
    token: 'xoxb-t',
    channel: 'C0123',
    updateTs: '1732921200.000100',
  });
  const updated = await notify(message({ status: 'success' }), [update], deps());
  expect(updated.outputs['slack-ts']).toBe('1732921200.000100');
  expect(inbox.requestsTo('/api/chat.update')[0]!.json()).toMatchObject({
    channel: 'C0123',
    ts: '1732921200.000100',
  });

  inbox.script('/api/chat.postMessage', [{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
  const post = slackChannel({ mode: 'api', apiUrl: `${inbox.url}/api`, token: 'xoxb-t', channel: 'C404' });
  const failed = await notify(message(), [post], deps());
  expect(failed.failed).toEqual(['slack']);
  expect(failed.results[0]!.detail).toBe('chat.postMessage failed: channel_not_found');
  expect(inbox.requestsTo('/api/chat.postMessage')).toHaveLength(1);
});

test('Teams Workflows webhook gets a message with an Adaptive Card 1.5 (202 Accepted)', async () => {
  inbox.script('/teams/workflows/abc/triggers/manual/paths/invoke', [{ status: 202 }]);
  const url = `${inbox.url}/teams/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=c2lnbmF0dXJl`;
  const report = await notify(message(), [teamsChannel({ webhookUrl: url })], deps());
  expect(report.sent).toEqual(['teams']);
  const [req] = inbox.requestsTo('/teams/workflows/abc/triggers/manual/paths/invoke');
  expect(req!.path).toContain('sig=c2lnbmF0dXJl');
  const body = req!.json<{
    type: string;
    attachments: Array<{ contentType: string; content: { type: string; version: string; body: unknown[] } }>;
  }>();
  expect(body.type).toBe('message');
  expect(body.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(body.attachments[0]!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
});

test('Discord webhook: wait=true, one embed, allowed_mentions limited to the listed users', async () => {
  inbox.script('/discord/api/webhooks/111/tok', [{ status: 200, body: { id: '999', type: 0 } }]);
  const mentions = { ...NO_MENTIONS, discord: ['123456789012345678'] };
  const report = await notify(
    message({ mentions, message: 'hey @everyone' }),
    [discordChannel({ webhookUrl: `${inbox.url}/discord/api/webhooks/111/tok` })],
    deps(),
  );
  expect(report.sent).toEqual(['discord']);
  const [req] = inbox.requestsTo('/discord/api/webhooks/111/tok');
  expect(req!.path).toBe('/discord/api/webhooks/111/tok?wait=true');
  const body = req!.json<{
    content: string;
    embeds: Array<{ color: number; description: string }>;
    allowed_mentions: unknown;
  }>();
  expect(body.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  expect(body.content).toBe('<@123456789012345678>');
  expect(body.embeds).toHaveLength(1);
  expect(body.embeds[0]!.color).toBe(0xe01e5a);
  expect(body.embeds[0]!.description).not.toContain('@everyone');
});

test('webhook: documented body, HMAC over the raw bytes verified with timingSafeEqual, id and timestamp headers', async () => {
  const secret = 'whsec-test-0123456789';
  const report = await notify(message(), [webhookChannel({ url: `${inbox.url}/hook`, secret })], deps());
  expect(report.sent).toEqual(['webhook']);
  const [req] = inbox.requestsTo('/hook');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(req!.raw).digest('hex')}`);
  const received = Buffer.from(String(req!.headers['x-hub-signature-256']));
  expect(received.length).toBe(expected.length);
  expect(timingSafeEqual(received, expected)).toBe(true);
  expect(req!.headers['webhook-id']).toBe('a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b');
  expect(req!.headers['webhook-timestamp']).toBe(String(Date.parse('2026-11-29T23:00:00.000Z') / 1000));
  expect(req!.json()).toEqual({
    id: 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b',
    status: 'failure',
    environment: 'production',
    version: 'v2.0.1',
    strategy: 'blue-green',
    title: 'Deployment failed: app v2.0.1 → production',
    message: 'Line one with "quotes"\nline two 🚀',
    details: { 'Error rate': '7.5%' },
    run_url: 'https://github.com/org/app/actions/runs/1001',
    repository: 'org/app',
    sha: '0123456789abcdef0123456789abcdef01234567',
    timestamp: '2026-11-29T23:00:00.000Z',
  });
  // A tampered body does not verify.
  const forged = Buffer.from(
    `sha256=${createHmac('sha256', secret)
      .update(Buffer.concat([req!.raw, Buffer.from(' ')]))
      .digest('hex')}`,
  );
  expect(timingSafeEqual(received, forged)).toBe(false);
});

test('webhook without a secret sends no signature', async () => {
  await notify(message(), [webhookChannel({ url: `${inbox.url}/plain` })], deps());
  expect(inbox.requestsTo('/plain')[0]!.headers['x-hub-signature-256']).toBeUndefined();
});

test('PagerDuty: trigger on failure then resolve on success with the same dedup key', async () => {
  inbox.script('/v2/enqueue', (req) => ({
    status: 202,
    body: {
      status: 'success',
      message: 'Event processed',
      dedup_key: req.json<{ dedup_key: string }>().dedup_key,
    },
  }));
  const channel = pagerDutyChannel({ apiUrl: inbox.url, routingKey: 'R0123456789ABCDEF0123456789ABCDE' });
  const triggered = await notify(message(), [channel], deps());
  const resolved = await notify(message({ status: 'success' }), [channel], deps());
  expect(triggered.outputs['pagerduty-dedup-key']).toBe('org/app/production');
  expect(resolved.outputs['pagerduty-dedup-key']).toBe('org/app/production');
  const [trigger, resolve] = inbox.requestsTo('/v2/enqueue').map((r) => r.json<Record<string, unknown>>());
  expect(trigger).toMatchObject({
    routing_key: 'R0123456789ABCDEF0123456789ABCDE',
    event_action: 'trigger',
    dedup_key: 'org/app/production',
  });
  expect(trigger!.payload).toMatchObject({
    summary: 'Deployment failed: app v2.0.1 → production',
    severity: 'critical',
    source: 'production',
  });
  expect(resolve).toEqual({
    routing_key: 'R0123456789ABCDEF0123456789ABCDE',
    event_action: 'resolve',
    dedup_key: 'org/app/production',
  });
});

test('PagerDuty: started is skipped, neither sent nor failed', async () => {
  const report = await notify(
    message({ status: 'started' }),
    [pagerDutyChannel({ apiUrl: inbox.url, routingKey: 'R0123456789ABCDEF0123456789ABCDE' })],
    deps(),
  );
  expect(report.sent).toEqual([]);
  expect(report.failed).toEqual([]);
  expect(report.results[0]!.state).toBe('skipped');
  expect(report.outputs['pagerduty-dedup-key']).toBe('org/app/production');
  expect(inbox.requests).toHaveLength(0);
});

test('GitHub: creates a deployment for the version, then posts its status with log_url and environment_url', async () => {
  inbox.script('/api/v3/repos/org/app/deployments', [
    { status: 201, body: { id: 4242, ref: 'v2.0.1', environment: 'production' } },
  ]);
  inbox.script('/api/v3/repos/org/app/deployments/4242/statuses', [
    { status: 201, body: { id: 1, state: 'failure' } },
  ]);
  const channel = githubChannel({
    apiUrl: `${inbox.url}/api/v3`,
    token: 'ghs_testtoken',
    repository: 'org/app',
    ref: 'v2.0.1',
    environmentUrl: 'https://app.example.com',
  });
  const report = await notify(message(), [channel], deps());
  expect(report.sent).toEqual(['github']);
  expect(report.outputs['github-deployment-id']).toBe('4242');
  const [create] = inbox.requestsTo('/api/v3/repos/org/app/deployments');
  expect(create!.headers.authorization).toBe('Bearer ghs_testtoken');
  expect(create!.headers.accept).toBe('application/vnd.github+json');
  expect(create!.headers['x-github-api-version']).toBe('2022-11-28');
  expect(create!.json()).toMatchObject({
    ref: 'v2.0.1',
    environment: 'production',
    auto_merge: false,
    required_contexts: [],
  });
  const [status] = inbox.requestsTo('/api/v3/repos/org/app/deployments/4242/statuses');
  expect(status!.json()).toEqual({
    state: 'failure',
    description: 'Deployment failed: app v2.0.1 → production',
    log_url: 'https://github.com/org/app/actions/runs/1001',
    environment_url: 'https://app.example.com',
    environment: 'production',
  });
});

test('GitHub: an existing deployment id gets only a status', async () => {
  inbox.script('/repos/org/app/deployments/77/statuses', [{ status: 201, body: { id: 2 } }]);
  const channel = githubChannel({
    apiUrl: inbox.url,
    token: 'ghs_t',
    repository: 'org/app',
    deploymentId: '77',
  });
  const report = await notify(message({ status: 'started' }), [channel], deps());
  expect(report.outputs['github-deployment-id']).toBe('77');
  expect(inbox.requests.map((r) => r.path)).toEqual(['/repos/org/app/deployments/77/statuses']);
  expect(inbox.requests[0]!.json()).toMatchObject({ state: 'in_progress' });
});

test('all channels at once: one failing does not stop the others', async () => {
  inbox.script('/teams', [{ status: 400, body: 'Bad payload' }]);
  const report = await notify(
    message(),
    [
      webhookChannel({ url: `${inbox.url}/hook` }),
      teamsChannel({ webhookUrl: `${inbox.url}/teams` }),
      discordChannel({ webhookUrl: `${inbox.url}/discord` }),
    ],
    deps(),
  );
  expect(report.sent).toEqual(['webhook', 'discord']);
  expect(report.failed).toEqual(['teams']);
  expect(report.results.find((r) => r.channel === 'teams')!.detail).toBe('HTTP 400');
});
