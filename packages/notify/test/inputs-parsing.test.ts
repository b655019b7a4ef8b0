import { InputError, ParseError } from '@deploy-actions/action-kit';
import { parseDetails, parseEndpoint, parseMentions, secretUrlParts } from '../src/index.js';

describe('details', () => {
  test('key=value lines keep commas and = in values, skip blanks and comments', () => {
    expect(parseDetails('Pods=3, of 3\n# note\n\nQuery = rate(x[5m]) == 0\n')).toEqual({
      Pods: '3, of 3',
      Query: 'rate(x[5m]) == 0',
    });
  });

  test('a JSON object, non-string values as JSON', () => {
    expect(parseDetails('{"score": 97, "ok": true, "name": "api"}')).toEqual({
      score: '97',
      ok: 'true',
      name: 'api',
    });
  });

  test('bad forms say what is expected', () => {
    expect(() => parseDetails('just words')).toThrow(
      new ParseError('expected key=value lines or a JSON object, got "just words"'),
    );
    expect(() => parseDetails('{"a": ')).toThrow(ParseError);
    expect(() => parseDetails('{')).toThrow(/expected a JSON object/);
  });
});

describe('mention-on-failure', () => {
  test('YAML mapping with lists or space/comma separated strings', () => {
    expect(
      parseMentions(
        'slack: [U0123ABC, S0456DEF]\nemail: oncall@example.com, lead@example.com\ndiscord: "123456789012345678"',
      ),
    ).toEqual({
      slack: ['U0123ABC', 'S0456DEF'],
      discord: ['123456789012345678'],
      teams: [],
      email: ['oncall@example.com', 'lead@example.com'],
    });
  });

  test('rejects unknown channels and malformed ids, naming them', () => {
    expect(() => parseMentions('pagerduty: [x]')).toThrow(
      "unknown channel 'pagerduty': expected slack, discord, teams or email",
    );
    expect(() => parseMentions('slack: ["@here"]')).toThrow(
      'slack: "@here" is not valid; expected Slack user (U…/W…) or user group (S…) ids',
    );
    expect(() => parseMentions('discord: everyone')).toThrow(/discord: "everyone" is not valid/);
    expect(() => parseMentions('[a, b]')).toThrow(/expected a mapping/);
  });
});

describe('endpoints', () => {
  test('https only unless insecure http is allowed', () => {
    expect(
      parseEndpoint('webhook-url', 'https://example.com/h', { allowInsecureHttp: false, secret: true }).href,
    ).toBe('https://example.com/h');
    expect(
      parseEndpoint('webhook-url', 'http://127.0.0.1:9/h', { allowInsecureHttp: true, secret: true }).port,
    ).toBe('9');
    expect(() =>
      parseEndpoint('webhook-url', 'http://127.0.0.1:9/h', { allowInsecureHttp: false, secret: true }),
    ).toThrow(
      new InputError(
        'webhook-url',
        'x',
        'expected an https:// URL (set allow-insecure-http: true for http://)',
        { secret: true },
      ),
    );
  });

  test('an invalid secret URL is named but never shown', () => {
    let error: unknown;
    try {
      parseEndpoint('discord-webhook-url', 'not a url/s3cr3t', { allowInsecureHttp: false, secret: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "input 'discord-webhook-url': got ***; expected an https:// URL (set allow-insecure-http: true for http://)",
    );
    expect(() =>
      parseEndpoint('slack-api-url', 'ftp://x', { allowInsecureHttp: true, secret: false }),
    ).toThrow(`got "ftp://x"`);
  });

  test('secret parts of a URL: token path, query signature, credentials', () => {
    const parts = secretUrlParts(
      new URL(
        'https://prod.logic.azure.com/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zm9vYmFyYmF6cXV4',
      ),
    );
    expect(parts).toContain('Zm9vYmFyYmF6cXV4');
    expect(parts).toContain('abc123def456');
    expect(parts).toContain(
      '/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zm9vYmFyYmF6cXV4',
    );
    const smtp = secretUrlParts(new URL('smtp://mailer:p%40ss%2Fw0rd!@mail.example.com:587'));
    expect(smtp).toContain('p%40ss%2Fw0rd!');
    expect(smtp).toContain('p@ss/w0rd!');
    expect(parts.every((p) => p.length >= 8)).toBe(true);
    // Words and dates are not masked: they would blur every log line.
    expect(parts).not.toContain('triggers');
    expect(parts).not.toContain('workflows');
    expect(parts).not.toContain('2016-06-01');
  });
});
