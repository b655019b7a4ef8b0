// Parsers for the notify-specific input formats: `details` (key=value lines or a JSON object) and
// `mention-on-failure` (a mapping from channel to ids or addresses).
import { ParseError, parseDocument } from '@deploy-actions/action-kit';
import { NO_MENTIONS, type Mentions } from './message.js';

/** `key=value` per line (values may hold commas and `=`), or a JSON object whose values are stringified. */
export function parseDetails(raw: string): Record<string, string> {
  const text = raw.trim();
  if (text.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ParseError(`expected a JSON object: ${(err as Error).message}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      throw new ParseError('expected a JSON object');
    return Object.fromEntries(
      Object.entries(doc).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const item = line.trim();
    if (!item || item.startsWith('#')) continue;
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new ParseError(`expected key=value lines or a JSON object, got ${JSON.stringify(item)}`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

const MENTION_FORMATS: Record<keyof Mentions, { pattern: RegExp; what: string }> = {
  slack: { pattern: /^[UWS][A-Z0-9]{2,}$/, what: 'Slack user (U…/W…) or user group (S…) ids' },
  discord: { pattern: /^\d{5,25}$/, what: 'Discord user ids (digits)' },
  teams: { pattern: /^[^\s@<>]+@[^\s@<>]+$/, what: 'Teams user principal names (user@example.com)' },
  email: { pattern: /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/, what: 'email addresses' },
};

/** `{slack: [U123, S456], email: oncall@example.com}` as YAML or JSON; a string value may list several, space or comma separated. */
export function parseMentions(raw: string): Mentions {
  const doc = parseDocument(raw);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ParseError(
      'expected a mapping of channel to ids, such as {slack: [U0123ABC], email: [oncall@example.com]}',
    );
  }
  const mentions: Mentions = { ...NO_MENTIONS };
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!(key in MENTION_FORMATS))
      throw new ParseError(`unknown channel '${key}': expected slack, discord, teams or email`);
    const channel = key as keyof Mentions;
    const items = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/))
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.find((item) => !MENTION_FORMATS[channel].pattern.test(item));
    if (bad !== undefined)
      throw new ParseError(
        `${channel}: ${JSON.stringify(bad)} is not valid; expected ${MENTION_FORMATS[channel].what}`,
      );
    mentions[channel] = items;
  }
  return mentions;
}
