// The email itself: subject in the format, a plain-text part and an HTML part with every
// piece of user data escaped.
import { activeMentions, type DeployMessage } from '../message.js';
import { escapeHtml } from '@deploy-actions/action-kit';
import { toHtml } from '../markdown.js';
import { emailSubject, facts, headline } from '../templates.js';

export interface MailContent {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function mailContent(message: DeployMessage, from: string, to: string[]): MailContent {
  const rows = facts(message);
  const text = [
    headline(message),
    '',
    ...rows.map((f) => `${f.label}: ${f.value}`),
    ...(message.message ? ['', message.message] : []),
    ...(message.runUrl ? ['', `Run: ${message.runUrl}`] : []),
    '',
  ].join('\n');
  const table = rows
    .map(
      (f) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`,
    )
    .join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(headline(message))}</h2>`,
    `<table>${table}</table>`,
    message.message ? toHtml(message.message) : '',
    message.runUrl ? `<p><a href="${escapeHtml(message.runUrl)}">View the workflow run</a></p>` : '',
    '</body></html>',
  ]
    .filter(Boolean)
    .join('\n');
  // On failure the mentioned addresses are copied in, once each, unless already a recipient.
  const cc = [...new Set(activeMentions(message).email)].filter((a) => !to.includes(a));
  return {
    from,
    to,
    cc,
    subject: emailSubject(message),
    text,
    html,
    headers: { 'X-Deploy-Status': message.status },
  };
}
