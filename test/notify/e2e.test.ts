// The bundled notify action run as the runner runs it (node dist/notify/index.js, INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against a real HTTP inbox and SMTP server.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundle } from '../../scripts/bundler.js';
import { startHttpInbox, type HttpInbox } from '../harness/http-inbox.js';
import { repoRoot, runBundledAction } from '../harness/run-action.js';
import { startSmtpServer, type SmtpInbox } from '../harness/smtp.js';

let distDir: string;
let inbox: HttpInbox;
let smtp: SmtpInbox;

beforeAll(async () => {
  distDir = await mkdtemp(path.join(os.tmpdir(), 'notify-dist-'));
  [inbox, smtp] = await Promise.all([
    startHttpInbox(),
    startSmtpServer({ users: { mailer: 'mail-pass-0123' } }),
    bundle({ entries: { notify: 'actions/notify/src/index.ts' }, outdir: distDir, root: repoRoot }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([inbox?.close(), smtp?.close(), rm(distDir, { recursive: true, force: true })]);
});

beforeEach(() => inbox.reset());

function scriptServices(): void {
  inbox.script('/slack-api/chat.postMessage', [
    { status: 200, body: { ok: true, channel: 'C0123', ts: '1732921200.000100' } },
  ]);
  inbox.script('/v2/enqueue', [
    { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'org/app/production' } },
  ]);
  inbox.script('/gh/repos/org/app/deployments', [{ status: 201, body: { id: 991 } }]);
  inbox.script('/gh/repos/org/app/deployments/991/statuses', [{ status: 201, body: { id: 1 } }]);
  inbox.script('/teams', [{ status: 202 }]);
}

test('every channel at once: outputs, summary, exit 0', async () => {
  scriptServices();
  const before = smtp.messages.length;
  const run = await runBundledAction(
    'notify',
    {
      status: 'failure',
      environment: 'production',
      version: 'v5.0.0',
      strategy: 'canary',
      message: 'Canary score 41 < 75\n"quoted" `code`',
      details: 'Error rate=7.5%\nP99=1.8s',
      'allow-insecure-http': 'true',
      'slack-token': 'xoxb-e2e-token',
      'slack-channel': 'C0123',
      'slack-api-url': `${inbox.url}/slack-api`,
      'teams-webhook-url': `${inbox.url}/teams`,
      'discord-webhook-url': `${inbox.url}/discord`,
      'webhook-url': `${inbox.url}/hook`,
      'webhook-secret': 'hook-secret-0123',
      'smtp-url': `smtp://mailer:mail-pass-0123@127.0.0.1:${smtp.port}`,
      'email-from': 'ci@example.com',
      'email-to': 'ops@example.com',
      'pagerduty-routing-key': 'R0123456789ABCDEF0123456789ABCDE',
      'pagerduty-api-url': inbox.url,
      'github-token': 'ghs_e2etoken',
      'github-api-url': `${inbox.url}/gh`,
    },
    { distDir, timeoutMs: 30_000 },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.outputs).toEqual({
    sent: 'slack,teams,discord,webhook,email,pagerduty,github',
    failed: '',
    'slack-ts': '1732921200.000100',
    'pagerduty-dedup-key': 'org/app/production',
    'github-deployment-id': '991',
  });
  expect(run.summary).toContain('| pagerduty | ✅ sent | trigger |');
  expect(run.summary).toContain('| github | ✅ sent | deployment 991: failure |');
  expect(smtp.messages.length).toBe(before + 1);
  const hook = inbox
    .requestsTo('/hook')[0]!
    .json<{ details: Record<string, string>; run_url: string; repository: string }>();
  expect(hook.details).toEqual({ 'Error rate': '7.5%', P99: '1.8s' });
  expect(hook.run_url).toBe('https://github.com/org/app/actions/runs/1001');
  expect(hook.repository).toBe('org/app');
});

test('a failing channel with fail-on-error: exit 1, one error line naming channel and status, outputs kept', async () => {
  inbox.script('/hook', [{ status: 500 }]);
  const run = await runBundledAction(
    'notify',
    {
      status: 'success',
      'webhook-url': `${inbox.url}/hook`,
      'discord-webhook-url': `${inbox.url}/discord`,
      retries: '1',
      'fail-on-error': 'true',
      'allow-insecure-http': 'true',
    },
    { distDir, timeoutMs: 30_000 },
  );
  expect(run.code).toBe(1);
  expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
    '::error::notify: could not notify webhook: HTTP 500 (after 2 attempts)',
  ]);
  expect(run.outputs.sent).toBe('discord');
  expect(run.outputs.failed).toBe('webhook');
  expect(inbox.requestsTo('/hook')).toHaveLength(2);
});

describe('a canary secret never reaches stdout or stderr', () => {
  const canary = 'Can4ry-S3cr3t/+=&value';
  const forms = [
    canary,
    Buffer.from(canary).toString('base64'),
    Buffer.from(canary).toString('base64url'),
    encodeURIComponent(canary),
  ];
  const enc = encodeURIComponent(canary);

  function visible(stdout: string, stderr: string): string {
    // The runner consumes ::add-mask:: commands and never shows them.
    return (stdout + stderr)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
  }

  test('in success, retry, rejection and failure paths', async () => {
    scriptServices();
    inbox.script(`/discord/api/webhooks/1/${enc}`, [
      { status: 401, body: { message: `Invalid Webhook Token ${canary}` } },
    ]);
    inbox.script('/hook', [
      { status: 500, body: `echo ${canary}` },
      { status: 403, body: canary },
    ]);
    inbox.script('/teams', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 202 }]);
    const run = await runBundledAction(
      'notify',
      {
        status: 'failure',
        environment: 'production',
        'allow-insecure-http': 'true',
        'fail-on-error': 'true',
        retries: '1',
        'slack-token': canary,
        'slack-channel': 'C0123',
        'slack-api-url': `${inbox.url}/slack-api`,
        'teams-webhook-url': `${inbox.url}/teams?sig=${enc}`,
        'discord-webhook-url': `${inbox.url}/discord/api/webhooks/1/${enc}`,
        'webhook-url': `${inbox.url}/hook?token=${enc}`,
        'webhook-secret': canary,
        'smtp-host': '127.0.0.1',
        'smtp-port': String(smtp.port),
        'smtp-username': 'mailer',
        'smtp-password': canary,
        'email-from': 'ci@example.com',
        'email-to': 'ops@example.com',
        'pagerduty-routing-key': canary,
        'pagerduty-api-url': inbox.url,
        'github-token': canary,
        'github-api-url': `${inbox.url}/gh`,
      },
      { distDir, timeoutMs: 30_000, env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } },
    );
    // The secrets were really used...
    expect(inbox.requestsTo('/slack-api/chat.postMessage')[0]!.headers.authorization).toBe(
      `Bearer ${canary}`,
    );
    expect(inbox.requestsTo('/v2/enqueue')[0]!.json<{ routing_key: string }>().routing_key).toBe(canary);
    expect(run.outputs.failed).toBe('discord,webhook,email');
    expect(run.code).toBe(1);
    // ...and were registered as masks before use, but never printed.
    const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(masks.length).toBeGreaterThan(0);
    const shown = visible(run.stdout, run.stderr);
    expect(shown).toContain('could not notify');
    for (const form of forms) expect(shown).not.toContain(form);
    for (const form of forms) expect(run.summary).not.toContain(form);
  });

  test('in an invalid-URL input error', async () => {
    const run = await runBundledAction(
      'notify',
      { status: 'success', 'webhook-url': `ftp://x/${canary}`, 'webhook-secret': canary },
      { distDir, timeoutMs: 30_000 },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::notify: input 'webhook-url': got ***; expected an https:// URL");
    const shown = visible(run.stdout, run.stderr);
    for (const form of forms) expect(shown).not.toContain(form);
  });
});
