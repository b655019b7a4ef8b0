// Turns client stderr into the failures users recognise: unreachable server, wrong credentials,
// missing database. Anything else stays a plain error with the (redacted) stderr.
import { DatabaseConnectionError } from '../errors.js';
import { ProcessFailed } from '../process.js';
import { describeTarget, type DatabaseTarget } from '../database-url.js';

const PATTERNS: Array<[RegExp, (where: string) => string]> = [
  [
    /password authentication failed|Access denied for user|authentication failed|no password supplied|ERROR 1045/i,
    (w) => `authentication failed for ${w}: check the user and password in the URL`,
  ],
  [/database "[^"]*" does not exist|Unknown database|ERROR 1049/i, (w) => `database not found: ${w}`],
  [
    /Connection refused|could not connect|Can't connect|could not translate host name|Unknown (MySQL|MariaDB) server host|timeout expired|ERROR 200[0-9]|No route to host|Name or service not known/i,
    (w) => `cannot reach the database server ${w}`,
  ],
];

export function classifyConnectionError(err: unknown, target: DatabaseTarget): Error {
  if (!(err instanceof ProcessFailed)) return err instanceof Error ? err : new Error(String(err));
  const where = describeTarget(target);
  for (const [pattern, message] of PATTERNS) {
    if (pattern.test(err.info.stderr))
      return new DatabaseConnectionError(
        `${message(where)} (${err.info.command}: ${lastLine(err.info.stderr)})`,
        { cause: err },
      );
  }
  return err;
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-2).join(' ');
}
