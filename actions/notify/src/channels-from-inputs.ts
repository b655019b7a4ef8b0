// Turns the channel inputs into channel objects: checks that each channel's inputs are complete
// and its URLs allowed, and masks the secret parts of URLs (token paths, query signatures).
import { ConfigurationError, InputError } from '@deploy-actions/action-kit';
import {
  discordChannel,
  emailChannel,
  githubChannel,
  pagerDutyChannel,
  parseEndpoint,
  secretUrlParts,
  slackChannel,
  teamsChannel,
  webhookChannel,
  type Channel,
  type SmtpServer,
} from '@deploy-actions/notify';
import type { NotifyInputs } from './inputs.js';

interface Builder {
  inputs: NotifyInputs;
  env: NodeJS.ProcessEnv;
  mask: (value: string) => void;
}

function endpoint(b: Builder, name: keyof NotifyInputs, value: string, secret: boolean): string {
  const url = parseEndpoint(name, value, { allowInsecureHttp: b.inputs['allow-insecure-http'], secret });
  if (secret) for (const part of secretUrlParts(url)) b.mask(part);
  return url.href;
}

function requireWith(
  name: keyof NotifyInputs,
  value: string | undefined,
  needs: keyof NotifyInputs,
  secret = false,
): void {
  if (value !== undefined) throw new InputError(name, value, `only works together with ${needs}`, { secret });
}

function slack(b: Builder): Channel | undefined {
  const i = b.inputs;
  const webhook = i['slack-webhook-url'];
  const token = i['slack-token'];
  if (webhook && token)
    throw new InputError('slack-token', token, 'give either slack-webhook-url or slack-token, not both', {
      secret: true,
    });
  if (!token) {
    requireWith('slack-thread-ts', i['slack-thread-ts'], 'slack-token');
    requireWith('slack-update-ts', i['slack-update-ts'], 'slack-token');
    if (!webhook) return undefined;
    return slackChannel({ mode: 'webhook', webhookUrl: endpoint(b, 'slack-webhook-url', webhook, true) });
  }
  const channel = i['slack-channel'];
  if (!channel)
    throw new InputError('slack-channel', undefined, 'a channel id or name is required with slack-token');
  const apiUrl = endpoint(b, 'slack-api-url', i['slack-api-url'], false);
  return slackChannel({
    mode: 'api',
    apiUrl,
    token,
    channel,
    threadTs: i['slack-thread-ts'],
    updateTs: i['slack-update-ts'],
  });
}

function urlChannel(b: Builder, name: 'teams-webhook-url' | 'discord-webhook-url'): Channel | undefined {
  const value = b.inputs[name];
  if (!value) return undefined;
  const webhookUrl = endpoint(b, name, value, true);
  return name === 'teams-webhook-url' ? teamsChannel({ webhookUrl }) : discordChannel({ webhookUrl });
}

function webhook(b: Builder): Channel | undefined {
  const { 'webhook-url': url, 'webhook-secret': secret } = b.inputs;
  if (!url) {
    requireWith('webhook-secret', secret, 'webhook-url', true);
    return undefined;
  }
  return webhookChannel({ url: endpoint(b, 'webhook-url', url, true), secret });
}

function smtpServer(b: Builder): SmtpServer | undefined {
  const i = b.inputs;
  if (i['smtp-url'] && i['smtp-host'])
    throw new InputError('smtp-host', i['smtp-host'], 'give either smtp-url or smtp-host, not both');
  if (i['smtp-url']) {
    let url: URL;
    try {
      url = new URL(i['smtp-url'].trim());
    } catch {
      throw new InputError(
        'smtp-url',
        i['smtp-url'],
        'expected smtp://user:pass@host:port or smtps://user:pass@host:port',
        { secret: true },
      );
    }
    if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
      throw new InputError(
        'smtp-url',
        i['smtp-url'],
        'expected smtp://user:pass@host:port or smtps://user:pass@host:port',
        { secret: true },
      );
    }
    for (const part of secretUrlParts(url)) b.mask(part);
    return { url: url.href };
  }
  if (!i['smtp-host']) {
    requireWith('smtp-port', i['smtp-port'] === undefined ? undefined : String(i['smtp-port']), 'smtp-host');
    requireWith('smtp-username', i['smtp-username'], 'smtp-host');
    requireWith('smtp-password', i['smtp-password'], 'smtp-host', true);
    return undefined;
  }
  const port = i['smtp-port'] ?? 587;
  return {
    host: i['smtp-host'],
    port,
    secure: port === 465,
    username: i['smtp-username'],
    password: i['smtp-password'],
  };
}

function email(b: Builder): Channel | undefined {
  const i = b.inputs;
  const smtp = smtpServer(b);
  if (!smtp) {
    if (i['email-to']?.length)
      throw new InputError(
        'smtp-url',
        undefined,
        'email-to is set: give smtp-url or smtp-host to send email',
      );
    return undefined;
  }
  if (!i['email-from'])
    throw new InputError('email-from', undefined, 'a sender address is required to send email');
  if (!i['email-to']?.length)
    throw new InputError('email-to', undefined, 'at least one recipient is required to send email');
  const implicitTls = 'url' in smtp ? smtp.url.startsWith('smtps:') : smtp.secure;
  return emailChannel({
    smtp,
    from: i['email-from'],
    to: i['email-to'],
    requireTls: !implicitTls && !i['allow-insecure-http'],
  });
}

function pagerDuty(b: Builder): Channel | undefined {
  const i = b.inputs;
  const routingKey = i['pagerduty-routing-key'];
  if (!routingKey) return undefined;
  const dedupKey = i['pagerduty-dedup-key'];
  if (dedupKey && dedupKey.length > 255)
    throw new InputError('pagerduty-dedup-key', dedupKey, 'at most 255 characters');
  return pagerDutyChannel({
    apiUrl: endpoint(b, 'pagerduty-api-url', i['pagerduty-api-url'], false),
    routingKey,
    dedupKey,
  });
}

function github(b: Builder): Channel | undefined {
  const i = b.inputs;
  const token = i['github-token'];
  if (!token) {
    requireWith('github-deployment-id', i['github-deployment-id'], 'github-token');
    return undefined;
  }
  const repository = b.env.GITHUB_REPOSITORY;
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new ConfigurationError(
      'GITHUB_REPOSITORY (owner/name) must be set to post GitHub deployment statuses',
    );
  }
  const deploymentId = i['github-deployment-id'];
  if (deploymentId !== undefined && !/^\d+$/.test(deploymentId.trim()))
    throw new InputError('github-deployment-id', deploymentId, 'expected a numeric deployment id');
  if (!deploymentId && !i.environment)
    throw new InputError(
      'environment',
      undefined,
      'required to create a GitHub deployment (or give github-deployment-id)',
    );
  return githubChannel({
    apiUrl: endpoint(b, 'github-api-url', i['github-api-url'], false),
    token,
    repository,
    deploymentId: deploymentId?.trim(),
    ref: i.version ?? b.env.GITHUB_SHA,
    environmentUrl: i['environment-url']?.href,
  });
}

/** Every channel whose credentials are given, in a fixed order. */
export function channelsFromInputs(
  inputs: NotifyInputs,
  env: NodeJS.ProcessEnv,
  mask: (value: string) => void,
): Channel[] {
  const b: Builder = { inputs, env, mask };
  const channels = [
    slack(b),
    urlChannel(b, 'teams-webhook-url'),
    urlChannel(b, 'discord-webhook-url'),
    webhook(b),
    email(b),
    pagerDuty(b),
    github(b),
  ];
  return channels.filter((c): c is Channel => c !== undefined);
}
