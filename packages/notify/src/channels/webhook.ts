// Generic webhook: a stable JSON document, signed GitHub-style (X-Hub-Signature-256 over the raw
// body) when a secret is given, with webhook-id/webhook-timestamp so receivers can drop replays.
import { createHmac } from 'node:crypto';
import { sendHttp } from '../http/sender.js';
import type { DeployMessage } from '../message.js';
import { titleText } from '../templates.js';
import type { Channel } from './channel.js';

export interface WebhookBody {
  id: string;
  status: string;
  environment: string | null;
  version: string | null;
  strategy: string | null;
  title: string;
  message: string | null;
  details: Record<string, string>;
  run_url: string | null;
  repository: string | null;
  sha: string | null;
  timestamp: string;
}

export function webhookBody(message: DeployMessage): WebhookBody {
  return {
    id: message.id,
    status: message.status,
    environment: message.environment ?? null,
    version: message.version ?? null,
    strategy: message.strategy ?? null,
    title: titleText(message),
    message: message.message ?? null,
    details: message.details,
    run_url: message.runUrl ?? null,
    repository: message.repository ?? null,
    sha: message.sha ?? null,
    timestamp: message.timestamp,
  };
}

/** `sha256=<hex HMAC-SHA256 of the exact bytes sent>`, as GitHub signs its webhooks. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export function webhookChannel(config: { url: string; secret?: string }): Channel {
  return {
    name: 'webhook',
    async send(message, deps) {
      const body = JSON.stringify(webhookBody(message));
      const headers: Record<string, string> = {
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(Date.parse(message.timestamp) / 1000)),
      };
      if (config.secret) headers['x-hub-signature-256'] = signature(config.secret, body);
      await sendHttp('webhook', { url: config.url, headers, body }, deps.http);
      return { note: config.secret ? 'signed' : 'unsigned' };
    },
  };
}
