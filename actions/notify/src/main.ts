// notify action: inputs → message and channels → send to all → outputs, summary, warnings.
import {
  ActionError,
  ConfigurationError,
  defineAction,
  realClock,
  type Clock,
} from '@deploy-actions/action-kit';
import { notify, type FetchLike } from '@deploy-actions/notify';
import { channelsFromInputs } from './channels-from-inputs.js';
import { inputs } from './inputs.js';
import { messageFromInputs } from './message-from-inputs.js';
import { logResults, writeSummary } from './report.js';

export interface NotifyActionDeps {
  fetch: FetchLike;
  clock: Clock;
  /** First backoff delay; tests shorten it. */
  baseDelayMs?: number;
}

export function createNotifyAction(deps: NotifyActionDeps) {
  return defineAction({
    name: 'notify',
    inputs,
    async run(values, ctx) {
      const channels = channelsFromInputs(values, ctx.env, (v) => ctx.secret(v));
      const message = messageFromInputs(values, ctx.env, deps.clock.now());
      if (channels.length === 0) {
        const hint =
          'no channel configured: give a webhook URL, a token, smtp-url or a routing key for at least one channel';
        if (values['fail-on-error']) throw new ConfigurationError(hint);
        ctx.log.warning(hint);
        return { sent: '', failed: '' };
      }
      const policy = {
        retries: values.retries,
        baseDelayMs: deps.baseDelayMs ?? 1000,
        maxDelayMs: 30_000,
        maxRetryAfterMs: 60_000,
        // A notification must not hold the job for long: each channel gets two minutes of retries.
        deadlineMs: 120_000,
        clock: deps.clock,
      };
      const http = { fetch: deps.fetch, timeoutMs: values.timeout, policy, log: ctx.log };
      const report = await notify(message, channels, { http, log: ctx.log, clock: deps.clock });

      writeSummary(ctx.summary, message, report);
      logResults(ctx.log, report);
      for (const [name, value] of Object.entries(report.outputs)) ctx.setOutput(name, value);
      ctx.setOutput('sent', report.sent.join(','));
      ctx.setOutput('failed', report.failed.join(','));
      const failures = report.results
        .filter((r) => r.state === 'failed')
        .map((r) => `${r.channel}: ${r.detail}`);
      if (failures.length > 0 && values['fail-on-error'])
        throw new ActionError(`could not notify ${failures.join('; ')}`);
      for (const failure of failures) ctx.log.warning(`could not notify ${failure}`);
    },
  });
}

export const action = createNotifyAction({
  fetch: (url, init) => globalThis.fetch(url, init),
  clock: realClock,
});
