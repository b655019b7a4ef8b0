// The inputs of the notify action; keys are exactly the names in notify/action.yml.
import { z } from 'zod';
import { input, parsed, secret } from '@deploy-actions/action-kit';
import { DEPLOY_STATUSES, parseDetails, parseMentions } from '@deploy-actions/notify';

export const inputs = z.object({
  status: input
    .oneOf(DEPLOY_STATUSES)
    .describe('Deployment status: started, success, failure, cancelled, rolled-back or warning.'),
  environment: input.string().optional().describe('Target environment, such as production.'),
  version: input
    .string()
    .optional()
    .describe('Version being deployed; also the ref of a GitHub deployment created by this action.'),
  strategy: input.string().optional().describe('Deployment strategy, such as blue-green, canary or rolling.'),
  title: input
    .string()
    .optional()
    .describe(
      'Title of the notification. Default: built from the status, repository, version and environment.',
    ),
  message: input
    .string()
    .optional()
    .describe('Message body in Markdown; cut to each service limit with an ellipsis.'),
  details: parsed(parseDetails).optional().describe('Extra facts: key=value lines or a JSON object.'),
  'run-url': input
    .url(['https:', 'http:'])
    .optional()
    .describe(
      'Link to the run. Default: built from `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_RUN_ID`.',
    ),
  'started-at': input
    .string()
    .optional()
    .describe('When the deployment started (ISO 8601 or Unix seconds); shown as the duration.'),
  'environment-url': input
    .url(['https:', 'http:'])
    .optional()
    .describe('URL of the deployed environment, for the GitHub deployment status.'),
  'mention-on-failure': parsed(parseMentions)
    .optional()
    .describe(
      'Who to mention on failure or rollback, per channel (YAML or JSON): slack user/group ids, discord user ids, teams UPNs, email addresses.',
    ),

  'slack-webhook-url': secret(input.string().optional().describe('Slack incoming webhook URL.')),
  'slack-token': secret(
    input.string().optional().describe('Slack bot token (chat:write); needs slack-channel.'),
  ),
  'slack-channel': input.string().optional().describe('Slack channel id or name, with slack-token.'),
  'slack-thread-ts': input.string().optional().describe('Post as a reply in this thread (slack-token only).'),
  'slack-update-ts': input
    .string()
    .optional()
    .describe('Update this earlier message instead of posting (slack-token only).'),
  'slack-api-url': input.string().default('https://slack.com/api').describe('Slack Web API base URL.'),

  'teams-webhook-url': secret(input.string().optional().describe('Microsoft Teams Workflows webhook URL.')),
  'discord-webhook-url': secret(input.string().optional().describe('Discord webhook URL.')),

  'webhook-url': secret(input.string().optional().describe('Generic webhook URL; receives a JSON document.')),
  'webhook-secret': secret(
    input.string().optional().describe('Signs the webhook body (X-Hub-Signature-256: sha256=<HMAC>).'),
  ),

  'smtp-url': secret(
    input.string().optional().describe('SMTP server as smtp://user:pass@host:port or smtps://…'),
  ),
  'smtp-host': input.string().optional().describe('SMTP host (instead of smtp-url).'),
  'smtp-port': input
    .integer({ min: 1, max: 65535 })
    .optional()
    .describe('SMTP port (default 587, or 465 for implicit TLS).'),
  'smtp-username': input.string().optional().describe('SMTP login.'),
  'smtp-password': secret(input.string().optional().describe('SMTP password.')),
  'email-from': input.string().optional().describe('Sender address.'),
  'email-to': input.list().optional().describe('Recipient addresses (comma or newline separated).'),

  'pagerduty-routing-key': secret(
    input.string().optional().describe('PagerDuty Events API v2 integration (routing) key.'),
  ),
  'pagerduty-dedup-key': input
    .string()
    .optional()
    .describe('Dedup key tying a trigger to its resolve. Default: <repository>/<environment>.'),
  'pagerduty-api-url': input
    .string()
    .default('https://events.pagerduty.com')
    .describe('PagerDuty Events API base URL.'),

  'github-token': secret(
    input.string().optional().describe('Token with deployments: write, to post a GitHub deployment status.'),
  ),
  'github-deployment-id': input
    .string()
    .optional()
    .describe('Existing deployment to add a status to. Default: create a deployment.'),
  'github-api-url': input
    .string()
    .default('https://api.github.com')
    .describe('GitHub REST API base URL (GitHub Enterprise: https://HOST/api/v3).'),

  'fail-on-error': input
    .boolean()
    .default('false')
    .describe('Fail the step when a channel fails. Default: warn and carry on.'),
  timeout: input.duration().default('10s').describe('Timeout per request.'),
  retries: input
    .integer({ min: 0, max: 10 })
    .default('3')
    .describe('Retries per channel on 429, 5xx and network errors.'),
  'allow-insecure-http': input
    .boolean()
    .default('false')
    .describe('Allow http:// endpoints and SMTP without TLS (local testing only).'),
});

export type NotifyInputs = z.output<typeof inputs>;
