// Block Kit rendering of a deployment: header with the status emoji, the facts as fields, the
// message, mentions on failure and a button to the run, each cut to Slack's documented limits.
import { activeMentions, type DeployMessage } from '../message.js';
import { toSlackMrkdwn } from '../markdown.js';
import { facts, headline } from '../templates.js';
import { truncate } from '../truncate.js';

export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  field: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  url: 3000,
  text: 3000,
};

type Text = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: Text; url: string; action_id: string }> };

export interface SlackMessage {
  /** Fallback for notifications and screen readers. */
  text: string;
  blocks: SlackBlock[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `U…`/`W…` users become `<@U…>`, `S…` user groups `<!subteam^S…>`. */
export function slackMention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

export function slackMessage(message: DeployMessage): SlackMessage {
  const title = headline(message);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true } },
  ];
  const fields = facts(message)
    .filter((f) => f.label !== 'Status')
    .map((f): Text => ({
      type: 'mrkdwn',
      text: truncate(`*${escape(f.label)}*\n${escape(f.value)}`, SLACK_LIMITS.field),
    }));
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  }
  if (message.message) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(toSlackMrkdwn(message.message), SLACK_LIMITS.sectionText) },
    });
  }
  const mentions = activeMentions(message).slack;
  if (mentions.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(mentions.map(slackMention).join(' '), SLACK_LIMITS.sectionText),
      },
    });
  }
  if (message.runUrl && message.runUrl.length <= SLACK_LIMITS.url) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'View run' },
          url: message.runUrl,
          action_id: 'view-run',
        },
      ],
    });
  }
  return { text: truncate(title, SLACK_LIMITS.text), blocks };
}
