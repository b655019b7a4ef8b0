// Builds the deployment message from the inputs and the runner's GITHUB_* variables.
import { randomUUID } from 'node:crypto';
import { InputError } from '@deploy-actions/action-kit';
import { NO_MENTIONS, type DeployMessage } from '@deploy-actions/notify';
import type { NotifyInputs } from './inputs.js';

/** The run's page from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID, when all are set. */
export function defaultRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
  if (!server || !repo || !runId) return undefined;
  const attempt =
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${runId}${attempt}`;
}

/** `2026-01-31T10:00:00Z` or Unix seconds → milliseconds since the epoch. */
export function parseStartedAt(value: string): number {
  const v = value.trim();
  const ms = /^\d{9,11}(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (Number.isNaN(ms))
    throw new InputError(
      'started-at',
      value,
      'expected an ISO 8601 time (2026-01-31T10:00:00Z) or Unix seconds',
    );
  return ms;
}

export function messageFromInputs(
  inputs: NotifyInputs,
  env: NodeJS.ProcessEnv,
  nowMs: number,
): DeployMessage {
  const startedAt = inputs['started-at'] === undefined ? undefined : parseStartedAt(inputs['started-at']);
  return {
    id: randomUUID(),
    status: inputs.status,
    environment: inputs.environment,
    version: inputs.version,
    strategy: inputs.strategy,
    title: inputs.title,
    message: inputs.message,
    details: inputs.details ?? {},
    runUrl: inputs['run-url']?.href ?? defaultRunUrl(env),
    repository: env.GITHUB_REPOSITORY || undefined,
    sha: env.GITHUB_SHA || undefined,
    durationMs: startedAt === undefined ? undefined : Math.max(0, nowMs - startedAt),
    timestamp: new Date(nowMs).toISOString(),
    mentions: inputs['mention-on-failure'] ?? NO_MENTIONS,
  };
}
