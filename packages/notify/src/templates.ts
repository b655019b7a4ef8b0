// Texts shared by every channel: the headline, the facts table and the email subject, so that a
// deployment reads the same in Slack, Teams, Discord and a mailbox.
import { statusLook, type DeployMessage } from './message.js';

export interface Fact {
  label: string;
  value: string;
}

/** `my-app v1.4.2 → production`, leaving out what is unknown. */
function target(message: DeployMessage): string {
  const name = message.repository?.split('/').pop();
  const what = [name, message.version].filter(Boolean).join(' ');
  if (what && message.environment) return `${what} → ${message.environment}`;
  return what || message.environment || '';
}

/** The user's title, or "Deployment failed: my-app v1.4.2 → production". No emoji. */
export function titleText(message: DeployMessage): string {
  // Titles become headers, subjects and PagerDuty summaries: one line.
  if (message.title) return message.title.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const verb = statusLook(message.status).verb;
  const where = target(message);
  return where ? `${verb}: ${where}` : verb;
}

/** The title with the status emoji in front, for chat headers. */
export function headline(message: DeployMessage): string {
  return `${statusLook(message.status).emoji} ${titleText(message)}`;
}

/** `[failure] Release 42 v1.4.2 → production` (the subject format). */
export function emailSubject(message: DeployMessage): string {
  const subject = [`[${message.status}]`, message.title ?? message.repository, message.version]
    .filter(Boolean)
    .join(' ');
  const full = message.environment ? `${subject} → ${message.environment}` : subject;
  // A header must stay on one line whatever the title holds.
  return full.replace(/[\r\n]+/g, ' ');
}

/** `1h 2m 5s`, `45s`, `850ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts = [
    hours ? `${hours}h` : '',
    minutes ? `${minutes}m` : '',
    seconds || (!hours && !minutes) ? `${seconds}s` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The fixed facts of a deployment (known ones only), then the user's details in their order. */
export function facts(message: DeployMessage): Fact[] {
  const out: Fact[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out.push({ label, value });
  };
  add('Status', message.status);
  add('Environment', message.environment);
  add('Version', message.version);
  add('Strategy', message.strategy);
  add('Duration', message.durationMs === undefined ? undefined : formatDuration(message.durationMs));
  add('Repository', message.repository);
  add('Commit', message.sha?.slice(0, 7));
  for (const [label, value] of Object.entries(message.details)) add(label, value);
  return out;
}
