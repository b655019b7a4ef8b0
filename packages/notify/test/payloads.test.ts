// The JSON each service documents, built from one message; long and hostile texts stay valid and within limits.
import {
  DISCORD_LIMITS,
  PAGERDUTY_LIMITS,
  SLACK_LIMITS,
  deploymentState,
  deploymentStatusBody,
  discordPayload,
  discordRetryAfter,
  mailContent,
  pagerDutyEvent,
  signature,
  slackMessage,
  teamsPayload,
  webhookBody,
} from '../src/index.js';
import { NASTY, sampleMessage } from './sample.js';

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('Slack Block Kit', () => {
  test('header with status emoji, facts as fields, message, button to the run', () => {
    const msg = slackMessage(sampleMessage({ status: 'failure' }));
    expect(msg.text).toBe('❌ Deployment failed: app v1.4.2 → production');
    expect(msg.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: msg.text, emoji: true },
    });
    expect(msg.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Environment*\nproduction' },
        { type: 'mrkdwn', text: '*Version*\nv1.4.2' },
        { type: 'mrkdwn', text: '*Strategy*\ncanary' },
        { type: 'mrkdwn', text: '*Duration*\n2m 5s' },
        { type: 'mrkdwn', text: '*Repository*\norg/app' },
        { type: 'mrkdwn', text: '*Commit*\n0123456' },
        { type: 'mrkdwn', text: '*Canary score*\n97' },
      ],
    });
    expect(msg.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Shipped *fast* path.\nSee <https://example.com/notes?a=1&amp;b=2|notes>.',
      },
    });
    expect(msg.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'View run' },
          url: 'https://github.com/org/app/actions/runs/1001',
          action_id: 'view-run',
        },
      ],
    });
  });

  test('user text cannot inject mentions or links; mentions only on failure', () => {
    const mentions = { slack: ['U0123ABC', 'S0456DEF'], discord: [], teams: [], email: [] };
    const ok = slackMessage(sampleMessage({ message: '<!channel> <@U999>', mentions }));
    expect(JSON.stringify(ok)).not.toContain('<!channel>');
    expect(JSON.stringify(ok)).not.toContain('<@U0123ABC>');
    const failed = slackMessage(sampleMessage({ status: 'failure', message: undefined, mentions }));
    expect(failed.blocks).toContainEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<@U0123ABC> <!subteam^S0456DEF>' },
    });
  });

  test('a 10 kB hostile message stays valid JSON and is cut to 3,000 per block with …', () => {
    const msg = roundTrip(
      slackMessage(sampleMessage({ message: NASTY, title: NASTY, details: { big: NASTY } })),
    );
    const texts = msg.blocks.flatMap((b) =>
      'text' in b && b.text ? [b.text.text] : 'fields' in b && b.fields ? b.fields.map((f) => f.text) : [],
    );
    expect((msg.blocks[0] as { text: { text: string } }).text.text).toHaveLength(SLACK_LIMITS.header);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const body = msg.blocks.find((b) => b.type === 'section' && 'text' in b && b.text) as {
      text: { text: string };
    };
    expect(body.text.text).toHaveLength(3000);
    expect(body.text.text.endsWith('…')).toBe(true);
    expect(body.text.text).toContain('&lt;/script&gt;');
  });
});

describe('Teams Workflows', () => {
  test('a message activity with one Adaptive Card 1.5 attachment', () => {
    const payload = teamsPayload(sampleMessage({ status: 'failure' })) as {
      type: string;
      attachments: Array<{ contentType: string; contentUrl: null; content: Record<string, unknown> }>;
    };
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const { contentType, contentUrl, content } = payload.attachments[0]!;
    expect(contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(contentUrl).toBeNull();
    expect(content).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    const body = content.body as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({
      type: 'TextBlock',
      text: '❌ Deployment failed: app v1.4.2 → production',
      color: 'attention',
      wrap: true,
    });
    expect(body[1]).toMatchObject({ type: 'FactSet' });
    expect((body[1]!.facts as Array<{ title: string; value: string }>)[1]).toEqual({
      title: 'Environment',
      value: 'production',
    });
    expect(content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'View run', url: 'https://github.com/org/app/actions/runs/1001' },
    ]);
  });

  test('mentions carry a matching msteams entity on failure only', () => {
    const mentions = { slack: [], discord: [], teams: ['ada@example.com'], email: [] };
    const card = (
      teamsPayload(sampleMessage({ status: 'failure', mentions })) as {
        attachments: Array<{ content: { msteams: { entities?: unknown[] } } }>;
      }
    ).attachments[0]!.content;
    expect(card.msteams.entities).toEqual([
      {
        type: 'mention',
        text: '<at>ada@example.com</at>',
        mentioned: { id: 'ada@example.com', name: 'ada@example.com' },
      },
    ]);
    const quiet = (
      teamsPayload(sampleMessage({ mentions })) as {
        attachments: Array<{ content: { msteams: { entities?: unknown[] } } }>;
      }
    ).attachments[0]!.content;
    expect(quiet.msteams.entities).toBeUndefined();
  });
});

describe('Discord', () => {
  test('one embed coloured by status, and allowed_mentions that pings nobody by default', () => {
    const payload = discordPayload(sampleMessage({ status: 'rolled-back' })) as {
      embeds: Array<Record<string, unknown>>;
      allowed_mentions: unknown;
      content?: string;
    };
    expect(payload.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(payload.content).toBeUndefined();
    expect(payload.embeds[0]).toMatchObject({
      title: '⏪ Deployment rolled back: app v1.4.2 → production',
      color: 0xf2711c,
      url: 'https://github.com/org/app/actions/runs/1001',
      timestamp: '2026-11-29T23:00:00.000Z',
      footer: { text: 'org/app' },
    });
    expect((payload.embeds[0]!.fields as unknown[])[1]).toEqual({
      name: 'Environment',
      value: 'production',
      inline: true,
    });
  });

  test('on failure only the listed users may be pinged; @everyone in text is defused', () => {
    const mentions = { slack: [], discord: ['123456789012345678'], teams: [], email: [] };
    const payload = discordPayload(
      sampleMessage({ status: 'failure', message: 'ping @everyone', mentions }),
    ) as {
      embeds: Array<{ description: string }>;
      allowed_mentions: unknown;
      content: string;
    };
    expect(payload.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
    expect(payload.content).toBe('<@123456789012345678>');
    expect(payload.embeds[0]!.description).toBe('ping @\u200beveryone');
  });

  test('long texts are cut: description 4,096, title 256, whole embed under 6,000', () => {
    const payload = roundTrip(
      discordPayload(sampleMessage({ message: NASTY, title: NASTY, details: { a: NASTY, b: NASTY } })),
    ) as {
      embeds: Array<{
        title: string;
        description: string;
        fields: Array<{ name: string; value: string }>;
        footer: { text: string };
      }>;
    };
    const embed = payload.embeds[0]!;
    expect(embed.description).toHaveLength(DISCORD_LIMITS.description);
    expect(embed.description.endsWith('…')).toBe(true);
    expect(embed.title).toHaveLength(DISCORD_LIMITS.title);
    const total =
      embed.title.length +
      embed.description.length +
      embed.footer.text.length +
      embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    for (const f of embed.fields) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  });

  test('retry_after in a 429 body is read as seconds', () => {
    expect(
      discordRetryAfter({ message: 'You are being rate limited.', retry_after: 0.25, global: false }),
    ).toBe(250);
    expect(discordRetryAfter({ message: 'nope' })).toBeUndefined();
    expect(discordRetryAfter(undefined)).toBeUndefined();
  });
});

describe('PagerDuty Events API v2', () => {
  const config = { apiUrl: 'https://events.pagerduty.com', routingKey: 'R0UTINGKEY0000000000000000000000' };

  test('failure triggers a critical alert with a default dedup key of <repository>/<environment>', () => {
    const event = pagerDutyEvent(sampleMessage({ status: 'failure' }), config);
    expect(event).toMatchObject({
      routing_key: config.routingKey,
      event_action: 'trigger',
      dedup_key: 'org/app/production',
      payload: {
        summary: 'Deployment failed: app v1.4.2 → production',
        source: 'production',
        severity: 'critical',
        timestamp: '2026-11-29T23:00:00.000Z',
        component: 'org/app',
        group: 'production',
        class: 'deployment',
      },
      client: 'deploy-actions',
      client_url: 'https://github.com/org/app/actions/runs/1001',
      links: [{ href: 'https://github.com/org/app/actions/runs/1001', text: 'Workflow run' }],
    });
  });

  test('rolled-back triggers with severity error; success resolves the same key; started sends nothing', () => {
    expect(
      (pagerDutyEvent(sampleMessage({ status: 'rolled-back' }), config)?.payload as { severity: string })
        .severity,
    ).toBe('error');
    expect(
      pagerDutyEvent(sampleMessage({ status: 'success' }), { ...config, dedupKey: 'deploy-42' }),
    ).toEqual({
      routing_key: config.routingKey,
      event_action: 'resolve',
      dedup_key: 'deploy-42',
    });
    expect(pagerDutyEvent(sampleMessage({ status: 'started' }), config)).toBeUndefined();
  });

  test('summary is cut to 1,024 characters', () => {
    const summary = (
      pagerDutyEvent(sampleMessage({ status: 'failure', title: NASTY }), config)?.payload as {
        summary: string;
      }
    ).summary;
    // One short when the cut would split an emoji.
    expect(summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
    expect(summary.length).toBeGreaterThanOrEqual(PAGERDUTY_LIMITS.summary - 1);
    expect(summary).not.toContain('\n');
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('generic webhook', () => {
  test('the documented keys, with null for what is unknown', () => {
    const body = webhookBody(sampleMessage({ strategy: undefined }));
    expect(Object.keys(body)).toEqual([
      'id',
      'status',
      'environment',
      'version',
      'strategy',
      'title',
      'message',
      'details',
      'run_url',
      'repository',
      'sha',
      'timestamp',
    ]);
    expect(body).toMatchObject({
      id: '7f1c2a9e-0000-4000-8000-000000000001',
      status: 'success',
      strategy: null,
      run_url: 'https://github.com/org/app/actions/runs/1001',
    });
  });

  test('signature is the hex HMAC-SHA256 of the raw body (GitHub test vector)', () => {
    // From GitHub's "Validating webhook deliveries" documentation.
    expect(signature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });
});

describe('GitHub deployment status', () => {
  test('statuses map onto the deployment states', () => {
    expect(deploymentState('started')).toBe('in_progress');
    expect(deploymentState('success')).toBe('success');
    expect(deploymentState('failure')).toBe('failure');
    expect(deploymentState('rolled-back')).toBe('inactive');
    expect(deploymentState('cancelled')).toBe('inactive');
  });

  test('log_url, environment_url and a description of at most 140 characters', () => {
    const body = deploymentStatusBody(sampleMessage({ title: NASTY }), 'https://app.example.com');
    expect(body).toMatchObject({
      state: 'success',
      log_url: 'https://github.com/org/app/actions/runs/1001',
      environment_url: 'https://app.example.com',
      environment: 'production',
      auto_inactive: true,
    });
    expect(body.description).toHaveLength(140);
  });
});

describe('email content', () => {
  test('text and HTML parts with user data escaped; mentions copied in on failure', () => {
    const mentions = { slack: [], discord: [], teams: [], email: ['oncall@example.com', 'ops@example.com'] };
    const mail = mailContent(
      sampleMessage({ status: 'failure', message: '<b>x</b> & **y**', mentions }),
      'ci@example.com',
      ['ops@example.com'],
    );
    expect(mail.subject).toBe('[failure] org/app v1.4.2 → production');
    expect(mail.cc).toEqual(['oncall@example.com']);
    expect(mail.text).toContain('Environment: production\n');
    expect(mail.text).toContain('<b>x</b> & **y**');
    expect(mail.html).toContain('<p>&lt;b&gt;x&lt;/b&gt; &amp; <strong>y</strong></p>');
    expect(mail.html).not.toContain('<b>x</b>');
    expect(mail.html).toContain('<a href="https://github.com/org/app/actions/runs/1001">');
  });
});
