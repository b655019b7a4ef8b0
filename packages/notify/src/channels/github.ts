// GitHub deployments over plain REST: creates a deployment when none is given, then posts a
// deployment status linking the run (log_url) and the deployed site (environment_url).
import { DeliveryError } from '../http/delivery-error.js';
import { sendHttp, type HttpDeps } from '../http/sender.js';
import type { DeployMessage, DeployStatus } from '../message.js';
import { titleText } from '../templates.js';
import { truncate } from '../truncate.js';
import type { Channel } from './channel.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

// A rolled-back or cancelled version is no longer what runs in the environment: inactive.
const STATES: Record<DeployStatus, DeploymentState> = {
  started: 'in_progress',
  success: 'success',
  warning: 'success',
  failure: 'failure',
  cancelled: 'inactive',
  'rolled-back': 'inactive',
};

export interface GitHubConfig {
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  deploymentId?: string;
  /** Ref for a new deployment: the version, else the commit. */
  ref?: string;
  environmentUrl?: string;
}

export function deploymentState(status: DeployStatus): DeploymentState {
  return STATES[status];
}

export function deploymentStatusBody(
  message: DeployMessage,
  environmentUrl?: string,
): Record<string, unknown> {
  const state = deploymentState(message.status);
  const body: Record<string, unknown> = { state, description: truncate(titleText(message), 140) };
  if (message.runUrl) body.log_url = message.runUrl;
  if (environmentUrl) body.environment_url = environmentUrl;
  if (message.environment) body.environment = message.environment;
  // Marks earlier successful deployments to this environment inactive, as GitHub's UI expects.
  if (state === 'success') body.auto_inactive = true;
  return body;
}

export function githubChannel(config: GitHubConfig): Channel {
  return {
    name: 'github',
    async send(message, deps) {
      const base = `${config.apiUrl.replace(/\/+$/, '')}/repos/${config.repository}/deployments`;
      const headers = {
        authorization: `Bearer ${config.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      };
      const id = config.deploymentId ?? (await createDeployment(base, headers, message, config, deps.http));
      const body = deploymentStatusBody(message, config.environmentUrl);
      await sendHttp(
        'github',
        { url: `${base}/${id}/statuses`, headers, body: JSON.stringify(body) },
        deps.http,
      );
      return { outputs: { 'github-deployment-id': id }, note: `deployment ${id}: ${String(body.state)}` };
    },
  };
}

async function createDeployment(
  base: string,
  headers: Record<string, string>,
  message: DeployMessage,
  config: GitHubConfig,
  http: HttpDeps,
): Promise<string> {
  const ref = config.ref ?? message.version ?? message.sha;
  if (!ref || !message.environment)
    throw new DeliveryError('github', 'creating a deployment needs an environment and a version or commit');
  const request = {
    ref,
    environment: message.environment,
    description: truncate(titleText(message), 140),
    // A notification must not merge branches nor wait for status checks.
    auto_merge: false,
    required_contexts: [],
    payload: { version: message.version ?? null, strategy: message.strategy ?? null },
  };
  const reply = await sendHttp('github', { url: base, headers, body: JSON.stringify(request) }, http);
  const id = (reply.json as { id?: unknown } | undefined)?.id;
  if (reply.status !== 201 || (typeof id !== 'number' && typeof id !== 'string')) {
    throw new DeliveryError('github', `deployment not created (HTTP ${reply.status})`, {
      status: reply.status,
    });
  }
  return String(id);
}
