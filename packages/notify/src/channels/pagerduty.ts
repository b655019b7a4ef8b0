// PagerDuty Events API v2: a failed or rolled-back deployment triggers an alert, a successful one
// resolves the alert with the same dedup key; other statuses page nobody.
import { DeliveryError } from '../http/delivery-error.js';
import { sendHttp } from '../http/sender.js';
import type { DeployMessage, DeployStatus } from '../message.js';
import { facts, titleText } from '../templates.js';
import { truncate } from '../truncate.js';
import type { Channel } from './channel.js';

export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, source: 255 };

const SEVERITY: Partial<Record<DeployStatus, 'critical' | 'error'>> = {
  failure: 'critical',
  'rolled-back': 'error',
};

export interface PagerDutyConfig {
  /** Base URL; the event goes to `<apiUrl>/v2/enqueue`. */
  apiUrl: string;
  routingKey: string;
  dedupKey?: string;
}

/** The key tying a trigger to its resolve: given, or `<repository>/<environment>`. */
export function pagerDutyDedupKey(message: DeployMessage, given?: string): string {
  return truncate(
    given ?? [message.repository ?? 'deployment', message.environment ?? 'default'].join('/'),
    PAGERDUTY_LIMITS.dedupKey,
  );
}

export function pagerDutyEvent(
  message: DeployMessage,
  config: PagerDutyConfig,
): Record<string, unknown> | undefined {
  const dedupKey = pagerDutyDedupKey(message, config.dedupKey);
  if (message.status === 'success')
    return { routing_key: config.routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const severity = SEVERITY[message.status];
  if (!severity) return undefined;
  const event: Record<string, unknown> = {
    routing_key: config.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncate(titleText(message), PAGERDUTY_LIMITS.summary),
      source: truncate(
        message.environment ?? message.repository ?? 'deploy-actions',
        PAGERDUTY_LIMITS.source,
      ),
      severity,
      timestamp: message.timestamp,
      component: message.repository,
      group: message.environment,
      class: 'deployment',
      custom_details: Object.fromEntries(
        facts(message)
          .map((f) => [f.label, f.value])
          .concat(message.message ? [['Message', message.message]] : []),
      ),
    },
    client: 'deploy-actions',
  };
  if (message.runUrl) {
    event.client_url = message.runUrl;
    event.links = [{ href: message.runUrl, text: 'Workflow run' }];
  }
  return event;
}

export function pagerDutyChannel(config: PagerDutyConfig): Channel {
  return {
    name: 'pagerduty',
    async send(message, deps) {
      const event = pagerDutyEvent(message, config);
      if (!event) {
        // Still tell later steps which key a trigger or resolve for this deployment would use.
        const key = pagerDutyDedupKey(message, config.dedupKey);
        return {
          skipped: true,
          outputs: { 'pagerduty-dedup-key': key },
          note: `nothing to send for status ${message.status}`,
        };
      }
      const url = `${config.apiUrl.replace(/\/+$/, '')}/v2/enqueue`;
      const reply = await sendHttp('pagerduty', { url, body: JSON.stringify(event) }, deps.http);
      const body = reply.json as { status?: unknown; dedup_key?: unknown } | undefined;
      if (body?.status !== undefined && body.status !== 'success')
        throw new DeliveryError('pagerduty', 'event not accepted', { status: reply.status });
      const dedupKey = typeof body?.dedup_key === 'string' ? body.dedup_key : String(event.dedup_key);
      return { outputs: { 'pagerduty-dedup-key': dedupKey }, note: String(event.event_action) };
    },
  };
}
