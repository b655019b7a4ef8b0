// What every channel implements, and what it receives to do its work.
import type { Clock, Logger } from '@deploy-actions/action-kit';
import type { HttpDeps } from '../http/sender.js';
import type { DeployMessage } from '../message.js';

export const CHANNEL_NAMES = [
  'slack',
  'teams',
  'discord',
  'webhook',
  'email',
  'pagerduty',
  'github',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export interface ChannelDeps {
  http: HttpDeps;
  log: Logger;
  clock: Clock;
}

export interface ChannelOutcome {
  /** Values for the action's outputs (`slack-ts`, `pagerduty-dedup-key`, `github-deployment-id`). */
  outputs?: Record<string, string>;
  /** One line for the summary: what was done ("chat.postMessage", "trigger"). */
  note?: string;
  /** Nothing to send for this status (PagerDuty on `started`): neither sent nor failed. */
  skipped?: boolean;
}

export interface Channel {
  readonly name: ChannelName;
  send(message: DeployMessage, deps: ChannelDeps): Promise<ChannelOutcome>;
}
