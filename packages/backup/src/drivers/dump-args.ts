// `dump-args` is validated against a list of options that only narrow or reshape what is dumped:
// nothing that changes the output format, the destination, the connection or the consistency mode.
import { ConfigurationError } from '@deploy-actions/action-kit';
import type { Engine } from '../database-url.js';

const SAFE: Record<Engine, { flags: string[]; valued: string[] }> = {
  postgres: {
    flags: [
      '--no-owner',
      '--no-privileges',
      '--no-acl',
      '--no-comments',
      '--no-publications',
      '--no-subscriptions',
      '--no-security-labels',
      '--no-tablespaces',
      '--no-blobs',
      '--no-large-objects',
      '--blobs',
      '--large-objects',
      '--no-unlogged-table-data',
      '--quote-all-identifiers',
      '--load-via-partition-root',
      '--enable-row-security',
      '--schema-only',
      '--no-toast-compression',
      '--verbose',
      '--serializable-deferrable',
      '--disable-triggers',
    ],
    valued: [
      '--schema',
      '--exclude-schema',
      '--table',
      '--exclude-table',
      '--exclude-table-data',
      '--extension',
      '--role',
      '--section',
    ],
  },
  mysql: {
    flags: [
      '--no-data',
      '--no-create-info',
      '--skip-add-drop-table',
      '--complete-insert',
      '--skip-extended-insert',
      '--insert-ignore',
      '--order-by-primary',
      '--skip-lock-tables',
      '--verbose',
      '--skip-disable-keys',
      '--skip-add-locks',
    ],
    valued: [
      '--ignore-table',
      '--default-character-set',
      '--max-allowed-packet',
      '--net-buffer-length',
      '--column-statistics',
      '--set-gtid-purged',
    ],
  },
};

/** Splits on whitespace, honouring single and double quotes (no other shell syntax). */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= '';
    } else if (/\s/.test(ch)) {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else current = (current ?? '') + ch;
  }
  if (quote) throw new ConfigurationError(`dump-args: unbalanced ${quote} quote`);
  if (current !== undefined) args.push(current);
  return args;
}

export function validateDumpArgs(engine: Engine, raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  const { flags, valued } = SAFE[engine];
  return splitArgs(raw).map((arg) => {
    const [name, ...rest] = arg.split('=');
    const hasValue = rest.length > 0;
    if ((flags.includes(name!) && !hasValue) || (valued.includes(name!) && hasValue && rest.join('=') !== ''))
      return arg;
    const allowed = [...flags, ...valued.map((v) => `${v}=…`)].join(' ');
    const hint = valued.includes(name!) ? ` (write ${name}=value)` : '';
    throw new ConfigurationError(
      `dump-args: ${JSON.stringify(arg)} is not allowed${hint}; allowed for ${engine}: ${allowed}`,
    );
  });
}
