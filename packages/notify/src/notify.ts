// Sends one message to every configured channel at once. A channel's failure never stops the
// others; the report says what was sent, what failed (channel and reason) and the outputs.
import { DeliveryError } from './http/delivery-error.js';
import type { Channel, ChannelDeps, ChannelName } from './channels/channel.js';
import type { DeployMessage } from './message.js';

export interface ChannelResult {
  channel: ChannelName;
  state: 'sent' | 'failed' | 'skipped';
  /** What was done, or why it failed (channel status and HTTP code only). */
  detail: string;
  durationMs: number;
}

export interface NotifyReport {
  results: ChannelResult[];
  sent: ChannelName[];
  failed: ChannelName[];
  outputs: Record<string, string>;
}

export async function notify(
  message: DeployMessage,
  channels: Channel[],
  deps: ChannelDeps,
): Promise<NotifyReport> {
  const outputs: Record<string, string> = {};
  const results = await Promise.all(
    channels.map(async (channel): Promise<ChannelResult> => {
      const start = deps.clock.now();
      try {
        const outcome = await channel.send(message, deps);
        Object.assign(outputs, outcome.outputs);
        const state = outcome.skipped ? 'skipped' : 'sent';
        return {
          channel: channel.name,
          state,
          detail: outcome.note ?? '',
          durationMs: deps.clock.now() - start,
        };
      } catch (err) {
        return {
          channel: channel.name,
          state: 'failed',
          detail: failureReason(channel.name, err),
          durationMs: deps.clock.now() - start,
        };
      }
    }),
  );
  return {
    results,
    sent: results.filter((r) => r.state === 'sent').map((r) => r.channel),
    failed: results.filter((r) => r.state === 'failed').map((r) => r.channel),
    outputs,
  };
}

/** Our own errors are written to be shown; anything else might quote a URL or a body, so only its kind is. */
function failureReason(channel: ChannelName, err: unknown): string {
  if (err instanceof DeliveryError) return err.reason;
  return `unexpected ${err instanceof Error ? err.name : typeof err} in the ${channel} channel`;
}
