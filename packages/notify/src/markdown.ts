// The user's message is Markdown. Each service gets it in its own dialect, with everything the
// dialect treats as markup escaped first so user text cannot inject links, mentions or HTML.

import { escapeHtml } from '@deploy-actions/action-kit';

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

/** Slack mrkdwn: escape &, <, > (Slack's rules), then `[t](u)` → `<u|t>` and `**b**` → `*b*`. */
export function toSlackMrkdwn(markdown: string): string {
  const escaped = markdown.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(LINK, (_m, text: string, url: string) => `<${url}|${text.replace(/\|/g, '∣')}>`)
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/__([^_\n]+)__/g, '*$1*');
}

/** A small, safe HTML rendering for email: escaped text, paragraphs, line breaks, bold, code, links. */
export function toHtml(markdown: string): string {
  return markdown
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => {
      const html = escapeHtml(paragraph)
        .replace(
          /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g,
          (_m, text: string, url: string) => `<a href="${url}">${text}</a>`,
        )
        .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
        .replace(/`([^`\n]+)`/g, '<code>$1</code>')
        .replace(/\r?\n/g, '<br>');
      return `<p>${html}</p>`;
    })
    .join('\n');
}

/** Discord renders Markdown but pings on `@everyone`/`@here`; allowed_mentions stops the ping, this stops the look of one. */
export function toDiscordMarkdown(markdown: string): string {
  return markdown.replace(/@(everyone|here)/g, '@\u200b$1');
}
