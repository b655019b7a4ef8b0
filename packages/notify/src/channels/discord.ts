// Discord webhook: one embed coloured by status; `allowed_mentions` lists exactly the users to
// ping on failure, so neither @everyone in a commit message nor a role mention can page a server.
import { sendHttp } from '../http/sender.js';
import { activeMentions, statusLook, type DeployMessage } from '../message.js';
import { toDiscordMarkdown } from '../markdown.js';
import { facts, titleText } from '../templates.js';
import { truncate } from '../truncate.js';
import type { Channel } from './channel.js';

export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};

export function discordPayload(message: DeployMessage): Record<string, unknown> {
  const look = statusLook(message.status);
  const users = activeMentions(message).discord;
  const title = truncate(`${look.emoji} ${titleText(message)}`, DISCORD_LIMITS.title);
  const description = message.message
    ? truncate(toDiscordMarkdown(message.message), DISCORD_LIMITS.description)
    : undefined;
  const footer = message.repository ? truncate(message.repository, DISCORD_LIMITS.footer) : undefined;
  // The total of title, description, field names and values and footer must stay under 6,000.
  let budget = DISCORD_LIMITS.total - title.length - (description?.length ?? 0) - (footer?.length ?? 0);
  const fields: Array<{ name: string; value: string; inline: boolean }> = [];
  for (const f of facts(message).slice(0, DISCORD_LIMITS.fields)) {
    const name = truncate(f.label, DISCORD_LIMITS.fieldName);
    const value = truncate(toDiscordMarkdown(f.value), DISCORD_LIMITS.fieldValue);
    if (name.length + value.length > budget) break;
    budget -= name.length + value.length;
    fields.push({ name, value, inline: value.length <= 40 });
  }
  const embed: Record<string, unknown> = { title, color: look.colour, fields, timestamp: message.timestamp };
  if (description) embed.description = description;
  if (message.runUrl) embed.url = message.runUrl;
  if (footer) embed.footer = { text: footer };
  const payload: Record<string, unknown> = { embeds: [embed], allowed_mentions: { parse: [], users } };
  if (users.length > 0)
    payload.content = truncate(users.map((id) => `<@${id}>`).join(' '), DISCORD_LIMITS.content);
  return payload;
}

/** Discord's 429 body: `{"retry_after": 1.5, "global": false}` in seconds. */
export function discordRetryAfter(body: unknown): number | undefined {
  const seconds = (body as { retry_after?: unknown } | undefined)?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds * 1000)
    : undefined;
}

export function discordChannel(config: { webhookUrl: string }): Channel {
  return {
    name: 'discord',
    async send(message, deps) {
      // wait=true makes Discord answer 200 with the created message instead of 204, confirming delivery.
      const url = new URL(config.webhookUrl);
      url.searchParams.set('wait', 'true');
      await sendHttp(
        'discord',
        {
          url: url.href,
          body: JSON.stringify(discordPayload(message)),
          retryAfterFromBody: discordRetryAfter,
        },
        deps.http,
      );
      return { note: 'embed' };
    },
  };
}
