import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithActionYml, loadActionYml } from '@deploy-actions/action-kit/action-yml';
import { action } from '../src/main.js';
import { defaultRunUrl, parseStartedAt } from '../src/message-from-inputs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('notify/action.yml matches the input schema and lists every output', () => {
  const yml = loadActionYml(path.join(root, 'notify/action.yml'));
  expect(
    compareWithActionYml(action.specs, yml, [
      'sent',
      'failed',
      'slack-ts',
      'pagerduty-dedup-key',
      'github-deployment-id',
    ]),
  ).toEqual([]);
  expect(yml.runs).toEqual({ using: 'node24', main: '../dist/notify/index.js' });
});

test('every credential input is secret, and nothing else that is printed is', () => {
  const secrets = action.specs.filter((s) => s.secret).map((s) => s.name);
  expect(secrets.sort()).toEqual(
    [
      'slack-webhook-url',
      'slack-token',
      'teams-webhook-url',
      'discord-webhook-url',
      'webhook-url',
      'webhook-secret',
      'smtp-url',
      'smtp-password',
      'pagerduty-routing-key',
      'github-token',
    ].sort(),
  );
});

test('run-url defaults to the run page, with the attempt after the first', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://ghe.example.com/',
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_RUN_ID: '42',
  };
  expect(defaultRunUrl(env)).toBe('https://ghe.example.com/org/app/actions/runs/42');
  expect(defaultRunUrl({ ...env, GITHUB_RUN_ATTEMPT: '2' })).toBe(
    'https://ghe.example.com/org/app/actions/runs/42/attempts/2',
  );
  expect(defaultRunUrl({ GITHUB_REPOSITORY: 'org/app' })).toBeUndefined();
});

test('started-at takes ISO 8601 or Unix seconds', () => {
  expect(parseStartedAt('2026-11-29T23:00:00Z')).toBe(Date.parse('2026-11-29T23:00:00Z'));
  expect(parseStartedAt('1764457200')).toBe(1764457200_000);
  expect(() => parseStartedAt('yesterday')).toThrow(
    'input \'started-at\': got "yesterday"; expected an ISO 8601 time',
  );
});
