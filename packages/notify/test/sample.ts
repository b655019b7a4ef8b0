// A deployment message for tests, with every field set unless overridden.
import { NO_MENTIONS, type DeployMessage } from '../src/index.js';

export function sampleMessage(overrides: Partial<DeployMessage> = {}): DeployMessage {
  return {
    id: '7f1c2a9e-0000-4000-8000-000000000001',
    status: 'success',
    environment: 'production',
    version: 'v1.4.2',
    strategy: 'canary',
    message: 'Shipped **fast** path.\nSee [notes](https://example.com/notes?a=1&b=2).',
    details: { 'Canary score': '97' },
    runUrl: 'https://github.com/org/app/actions/runs/1001',
    repository: 'org/app',
    sha: '0123456789abcdef0123456789abcdef01234567',
    durationMs: 125_000,
    timestamp: '2026-11-29T23:00:00.000Z',
    mentions: NO_MENTIONS,
    ...overrides,
  };
}

/** 10 kB of text with everything that breaks hand-built JSON: quotes, backslashes, newlines, emoji, Markdown. */
export const NASTY =
  `"quoted" \\ back\\slash\n\ttab </script> {"json": true} 🚀👩‍💻 **bold** @everyone <!channel> & more\n`.repeat(
    110,
  );
