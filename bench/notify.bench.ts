// Notification fan-out: all six HTTP channels sent at once against a local inbox that answers
// after 50 ms, compared with the physical limit (one request's latency) and with sending them
// one after another (as one-step-per-service setups do).
import { MemoryLogger, realClock } from '@deploy-actions/action-kit';
import {
  NO_MENTIONS,
  discordChannel,
  githubChannel,
  notify,
  pagerDutyChannel,
  slackChannel,
  teamsChannel,
  webhookChannel,
  type Channel,
  type ChannelDeps,
  type DeployMessage,
} from '@deploy-actions/notify';
import { startHttpInbox } from '../test/harness/http-inbox.js';
import type { Figure } from './run.js';

const LATENCY_MS = 50;
const RUNS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function run(): Promise<Figure[]> {
  const inbox = await startHttpInbox();
  try {
    for (const p of [
      '/slack',
      '/teams',
      '/discord',
      '/hook',
      '/v2/enqueue',
      '/repos/org/app/deployments/7/statuses',
    ]) {
      inbox.script(p, () => ({ status: 200, body: { ok: true, status: 'success' }, delayMs: LATENCY_MS }));
    }
    const message: DeployMessage = {
      id: 'bench',
      status: 'failure',
      environment: 'production',
      version: 'v1',
      message: 'x'.repeat(10_000),
      details: {},
      repository: 'org/app',
      timestamp: new Date().toISOString(),
      mentions: NO_MENTIONS,
    };
    const channels: Channel[] = [
      slackChannel({ mode: 'webhook', webhookUrl: `${inbox.url}/slack` }),
      teamsChannel({ webhookUrl: `${inbox.url}/teams` }),
      discordChannel({ webhookUrl: `${inbox.url}/discord` }),
      webhookChannel({ url: `${inbox.url}/hook`, secret: 's' }),
      pagerDutyChannel({ apiUrl: inbox.url, routingKey: 'k' }),
      githubChannel({ apiUrl: inbox.url, token: 't', repository: 'org/app', deploymentId: '7' }),
    ];
    const log = new MemoryLogger();
    const policy = { retries: 0, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 0, clock: realClock };
    const deps: ChannelDeps = {
      http: { fetch: (u, i) => fetch(u, i), timeoutMs: 5000, policy, log },
      log,
      clock: realClock,
    };
    const time = async (fn: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const start = performance.now();
        await fn();
        if (i > 0) times.push(performance.now() - start);
      }
      return median(times);
    };
    const parallel = await time(async () => {
      const report = await notify(message, channels, deps);
      if (report.failed.length) throw new Error(`bench channels failed: ${report.failed.join(',')}`);
    });
    const sequential = await time(async () => {
      for (const channel of channels) await notify(message, [channel], deps);
    });
    return [
      {
        name: 'notify 6 channels at once (50 ms endpoints)',
        value: parallel,
        unit: 'ms',
        reference: { name: 'one request', value: LATENCY_MS },
      },
      {
        name: 'notify 6 channels one after another',
        value: sequential,
        unit: 'ms',
        reference: { name: 'one request', value: LATENCY_MS },
      },
    ];
  } finally {
    await inbox.close();
  }
}
