// Microsoft Teams through a Workflows ("Post to a channel when a webhook request is received")
// webhook: a message activity carrying one Adaptive Card 1.5.
import { sendHttp } from '../http/sender.js';
import { activeMentions, statusLook, type DeployMessage } from '../message.js';
import { facts, headline } from '../templates.js';
import { truncate } from '../truncate.js';
import type { Channel } from './channel.js';

// Teams rejects payloads over ~28 KB; these keep a card well under it.
export const TEAMS_LIMITS = { title: 256, message: 12_000, factValue: 1_000, facts: 30 };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

type CardElement = Record<string, unknown>;

export function teamsPayload(message: DeployMessage): Record<string, unknown> {
  const look = statusLook(message.status);
  const mentions = activeMentions(message).teams;
  const body: CardElement[] = [
    {
      type: 'TextBlock',
      text: truncate(headline(message), TEAMS_LIMITS.title),
      size: 'Large',
      weight: 'Bolder',
      color: look.teamsColour,
      wrap: true,
    },
    {
      type: 'FactSet',
      facts: facts(message)
        .slice(0, TEAMS_LIMITS.facts)
        .map((f) => ({ title: f.label, value: truncate(f.value, TEAMS_LIMITS.factValue) })),
    },
  ];
  if (message.message)
    body.push({ type: 'TextBlock', text: truncate(message.message, TEAMS_LIMITS.message), wrap: true });
  if (mentions.length > 0)
    body.push({ type: 'TextBlock', text: mentions.map((m) => `<at>${m}</at>`).join(' '), wrap: true });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    msteams: {
      width: 'Full',
      // A mention needs an entity whose text matches the <at> tag in the body.
      ...(mentions.length > 0
        ? {
            entities: mentions.map((m) => ({
              type: 'mention',
              text: `<at>${m}</at>`,
              mentioned: { id: m, name: m },
            })),
          }
        : {}),
    },
  };
  if (message.runUrl) card.actions = [{ type: 'Action.OpenUrl', title: 'View run', url: message.runUrl }];
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }],
  };
}

export function teamsChannel(config: { webhookUrl: string }): Channel {
  return {
    name: 'teams',
    async send(message, deps) {
      await sendHttp(
        'teams',
        { url: config.webhookUrl, body: JSON.stringify(teamsPayload(message)) },
        deps.http,
      );
      return { note: 'Adaptive Card' };
    },
  };
}
