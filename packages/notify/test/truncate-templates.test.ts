import { emailSubject, facts, formatDuration, headline, titleText, truncate } from '../src/index.js';
import { sampleMessage } from './sample.js';

describe('truncate', () => {
  test('keeps text that fits and cuts longer text to exactly the limit with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  test('never leaves half of an emoji behind', () => {
    const cut = truncate('ab🚀cd', 4); // 🚀 is two UTF-16 units at positions 2-3
    expect(cut).toBe('ab…');
    // No lone surrogate: encoding to UTF-8 and back is lossless.
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });
});

describe('templates', () => {
  test('default title names the outcome, app, version and environment', () => {
    expect(titleText(sampleMessage({ status: 'failure' }))).toBe(
      'Deployment failed: app v1.4.2 → production',
    );
    expect(headline(sampleMessage({ status: 'rolled-back' }))).toBe(
      '⏪ Deployment rolled back: app v1.4.2 → production',
    );
    expect(
      titleText(sampleMessage({ repository: undefined, version: undefined, environment: undefined })),
    ).toBe('Deployment succeeded');
  });

  test('a given title wins', () => {
    expect(headline(sampleMessage({ title: 'Release 42' }))).toBe('✅ Release 42');
  });

  test('email subject follows [<status>] <title or repo> <version> → <environment> on one line', () => {
    expect(emailSubject(sampleMessage({ status: 'failure' }))).toBe('[failure] org/app v1.4.2 → production');
    expect(emailSubject(sampleMessage({ title: 'Release\r\n42' }))).toBe(
      '[success] Release 42 v1.4.2 → production',
    );
    expect(emailSubject(sampleMessage({ environment: undefined, version: undefined }))).toBe(
      '[success] org/app',
    );
  });

  test('durations read like people write them', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatDuration(3_600_000 + 5_000)).toBe('1h 5s');
  });

  test('facts list known fields then details, skipping unknown ones', () => {
    const list = facts(sampleMessage({ strategy: undefined }));
    expect(list.map((f) => f.label)).toEqual([
      'Status',
      'Environment',
      'Version',
      'Duration',
      'Repository',
      'Commit',
      'Canary score',
    ]);
    expect(list.find((f) => f.label === 'Commit')?.value).toBe('0123456');
  });
});
