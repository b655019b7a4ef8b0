// The one error type report parsing throws: a user's report file is wrong, and we say where.
import { ConfigurationError } from '@deploy-actions/action-kit';

/** `file:line: what is wrong` — the location also becomes an annotation on the report file. */
export class ReportError extends ConfigurationError {
  constructor(file: string, line: number | undefined, what: string) {
    super(`${file}${line ? `:${line}` : ''}: ${what}`, { location: { file, line } });
  }
}

/** Line number (1-based) of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
