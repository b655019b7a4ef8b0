// Reads a whole JSON report. JSON formats here (jest --json, Istanbul, SARIF) are far smaller than
// JUnit XML; a syntax error still reports `file:line: what is wrong`.
import { readFile } from 'node:fs/promises';
import { ReportError, lineAt } from './errors.js';

export async function readJsonFile(path: string, displayName: string): Promise<unknown> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const lineCol = /line (\d+) column/.exec(message);
    const line = lineCol ? Number(lineCol[1]) : position ? lineAt(text, Number(position[1])) : undefined;
    throw new ReportError(
      displayName,
      line,
      `malformed JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
