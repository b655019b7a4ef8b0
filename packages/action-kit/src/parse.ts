// Parsers for the string forms users write in workflow inputs. Each returns a value or throws
// ParseError with what is allowed; zod builders in input-schema.ts wrap them.
import YAML from 'yaml';

export class ParseError extends Error {}

const TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y', '1']);
const FALSE = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N', '0']);

/** YAML 1.2 core booleans (true/false in three casings) plus the YAML 1.1 forms people still write. */
export function parseBoolean(value: string): boolean {
  const v = value.trim();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ParseError('expected true or false');
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h30m`, `250ms`, `1.5h`, `2d` → milliseconds. A bare number is rejected unless `bareUnit` is given. */
export function parseDuration(
  value: string,
  options: { bareUnit?: keyof typeof DURATION_UNITS } = {},
): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    if (!options.bareUnit)
      throw new ParseError('expected a duration with a unit, such as 500ms, 30s, 5m or 1h30m');
    return Math.round(Number(v) * DURATION_UNITS[options.bareUnit]!);
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(v)) !== null) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== v.length) {
    throw new ParseError('expected a duration such as 500ms, 30s, 5m or 1h30m');
  }
  return Math.round(total);
}

/**
 * `95` or `95%` → 95. `0.95` is ambiguous (0.95 % or 95 %?) and rejected unless `fraction` is set,
 * in which case values ≤ 1 without `%` are read as fractions and returned as percent.
 */
export function parsePercent(value: string, options: { fraction?: boolean } = {}): number {
  const v = value.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(v);
  if (!m) throw new ParseError('expected a percentage such as 95 or 95%');
  const n = Number(m[1]);
  let percent = n;
  if (!m[2] && n > 0 && n < 1) {
    if (!options.fraction) throw new ParseError(`ambiguous: write ${n * 100}% or ${n}% explicitly`);
    percent = n * 100;
  }
  if (percent < 0 || percent > 100) throw new ParseError('expected a percentage between 0 and 100');
  return percent;
}

/** Items separated by newlines or commas; blanks and `#` comment lines dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/** `key=value` items separated by newlines or commas (a value may contain `=`). */
export function parseKeyValues(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of parseList(value)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ParseError(`expected key=value items, got ${JSON.stringify(item)}`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** A JSON or YAML document (JSON is YAML 1.2). */
export function parseDocument(value: string): unknown {
  try {
    return YAML.parse(value, { strict: true, uniqueKeys: true });
  } catch (err) {
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    const reason = (err as Error).message.split('\n')[0];
    throw new ParseError(`expected a JSON or YAML document${line ? ` (line ${line})` : ''}: ${reason}`);
  }
}

/** A JSON or YAML mapping. */
export function parseObject(value: string): Record<string, unknown> {
  const doc = parseDocument(value);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ParseError('expected a JSON or YAML mapping (key: value)');
  }
  return doc as Record<string, unknown>;
}

/** A whole number within bounds. */
export function parseInteger(value: string, options: { min?: number; max?: number } = {}): number {
  const v = value.trim();
  if (!/^-?\d+$/.test(v)) throw new ParseError('expected a whole number');
  const n = Number(v);
  if (options.min !== undefined && n < options.min)
    throw new ParseError(`expected a whole number ≥ ${options.min}`);
  if (options.max !== undefined && n > options.max)
    throw new ParseError(`expected a whole number ≤ ${options.max}`);
  return n;
}

/** A finite decimal number within bounds. */
export function parseNumber(value: string, options: { min?: number; max?: number } = {}): number {
  const v = value.trim();
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) throw new ParseError('expected a number');
  const n = Number(v);
  if (options.min !== undefined && n < options.min)
    throw new ParseError(`expected a number ≥ ${options.min}`);
  if (options.max !== undefined && n > options.max)
    throw new ParseError(`expected a number ≤ ${options.max}`);
  return n;
}

/** An absolute URL whose protocol is among `protocols`. */
export function parseUrl(value: string, protocols: string[] = ['https:']): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ParseError('expected an absolute URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ParseError(`expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return url;
}
