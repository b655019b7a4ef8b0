// Slack: an incoming webhook, or the Web API with a bot token (chat.postMessage, or chat.update of
// an earlier message) so a pipeline can keep one message up to date and thread replies under it.
import { DeliveryError } from '../http/delivery-error.js';
import { sendHttp } from '../http/sender.js';
import type { Channel, ChannelDeps, ChannelOutcome } from './channel.js';
import { slackMessage } from './slack-blocks.js';
import type { DeployMessage } from '../message.js';

export type SlackConfig =
  | { mode: 'webhook'; webhookUrl: string }
  | { mode: 'api'; apiUrl: string; token: string; channel: string; threadTs?: string; updateTs?: string };

export function slackChannel(config: SlackConfig): Channel {
  return {
    name: 'slack',
    send: (message, deps) =>
      config.mode === 'webhook'
        ? viaWebhook(config.webhookUrl, message, deps)
        : viaApi(config, message, deps),
  };
}

async function viaWebhook(url: string, message: DeployMessage, deps: ChannelDeps): Promise<ChannelOutcome> {
  await sendHttp('slack', { url, body: JSON.stringify(slackMessage(message)) }, deps.http);
  return { note: 'incoming webhook' };
}

async function viaApi(
  config: Extract<SlackConfig, { mode: 'api' }>,
  message: DeployMessage,
  deps: ChannelDeps,
): Promise<ChannelOutcome> {
  const method = config.updateTs ? 'chat.update' : 'chat.postMessage';
  const payload = config.updateTs
    ? { channel: config.channel, ts: config.updateTs, ...slackMessage(message) }
    : {
        channel: config.channel,
        ...slackMessage(message),
        ...(config.threadTs ? { thread_ts: config.threadTs } : {}),
        unfurl_links: false,
      };
  const reply = await sendHttp(
    'slack',
    {
      url: `${config.apiUrl.replace(/\/+$/, '')}/${method}`,
      headers: { authorization: `Bearer ${config.token}` },
      body: JSON.stringify(payload),
    },
    deps.http,
  );
  // The Web API answers 200 with {"ok": false, "error": "channel_not_found"} for its own errors.
  const body = reply.json as { ok?: boolean; error?: unknown; ts?: unknown } | undefined;
  if (!body?.ok) {
    const code =
      typeof body?.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? body.error : 'unknown_error';
    throw new DeliveryError('slack', `${method} failed: ${code}`, { status: reply.status });
  }
  const ts = typeof body.ts === 'string' ? body.ts : (config.updateTs ?? '');
  return { outputs: { 'slack-ts': ts }, note: method };
}
