// Report format detection from the first bytes of content (root element, JSON keys, first record),
// never from the file name: CI tools name their outputs freely.
import { open } from 'node:fs/promises';

export type TestFormat = 'junit' | 'nunit3' | 'trx' | 'jest-json' | 'go-test-json';
export type CoverageFormat =
  'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul-final' | 'istanbul-summary' | 'go-cover';
export type ReportFormat = TestFormat | CoverageFormat | 'sarif';
export type ReportKind = 'tests' | 'coverage' | 'sarif';

export const FORMAT_KIND: Record<ReportFormat, ReportKind> = {
  junit: 'tests',
  nunit3: 'tests',
  trx: 'tests',
  'jest-json': 'tests',
  'go-test-json': 'tests',
  lcov: 'coverage',
  cobertura: 'coverage',
  clover: 'coverage',
  jacoco: 'coverage',
  'istanbul-final': 'coverage',
  'istanbul-summary': 'coverage',
  'go-cover': 'coverage',
  sarif: 'sarif',
};

export const SUPPORTED: Record<ReportKind, string> = {
  tests:
    'JUnit XML (surefire, gradle, JUnit 5, pytest, jest-junit, mocha, node --test, go-junit-report, nextest, GoogleTest), NUnit 3 XML, TRX, jest --json, go test -json',
  coverage:
    'lcov, Cobertura XML, Clover XML, JaCoCo XML, Istanbul coverage-final.json and coverage-summary.json, Go coverprofile',
  sarif: 'SARIF 2.1.0 JSON',
};

const HEAD_BYTES = 16 * 1024;

export async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** The format of a report from its first bytes, or undefined when it is none we know. */
export function detectFormat(head: string): ReportFormat | undefined {
  const text = head.trimStart();
  if (text.startsWith('<')) return detectXml(text);
  if (text.startsWith('{') || text.startsWith('[')) return detectJson(text);
  return detectText(text);
}

function detectXml(text: string): ReportFormat | undefined {
  const root = rootElement(text);
  if (!root) return undefined;
  const { name, rest } = root;
  switch (name) {
    case 'testsuites':
    case 'testsuite':
      return 'junit';
    case 'test-run':
      return 'nunit3';
    case 'TestRun':
      return 'trx';
    case 'report':
      return /<(sessioninfo|package|counter)\b/.test(rest) || /JACOCO/.test(text) ? 'jacoco' : undefined;
    case 'coverage':
      return /^[^>]*\bclover=/.test(rest) || /<project\b/.test(rest) ? 'clover' : 'cobertura';
    default:
      return undefined;
  }
}

/** Name of the first element after the prolog (declaration, comments, doctype, PIs). */
function rootElement(text: string): { name: string; rest: string } | undefined {
  let t = text;
  for (let guard = 0; guard < 100; guard++) {
    t = t.trimStart();
    if (t.startsWith('<?')) t = t.slice(t.indexOf('?>') + 2);
    else if (t.startsWith('<!--')) t = t.slice(t.indexOf('-->') + 3);
    else if (t.startsWith('<!')) t = t.slice(t.indexOf('>') + 1);
    else break;
  }
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(t);
  if (!m) return undefined;
  const local = m[1]!.includes(':') ? m[1]!.slice(m[1]!.indexOf(':') + 1) : m[1]!;
  return { name: local, rest: t.slice(m[0].length) };
}

function detectJson(text: string): ReportFormat | undefined {
  const firstLine = text.split('\n', 1)[0]!;
  if (
    /^\{\s*"Time"\s*:/.test(firstLine) ||
    /^\{[^\n]*"Action"\s*:\s*"(start|run|output|pass|fail|skip)"/.test(firstLine)
  ) {
    return 'go-test-json';
  }
  if (
    /"\$schema"\s*:\s*"[^"]*sarif/i.test(text) ||
    (/"version"\s*:\s*"2\.1\.0"/.test(text) && /"runs"\s*:/.test(text))
  )
    return 'sarif';
  if (
    /"numTotalTests"\s*:/.test(text) ||
    (/"testResults"\s*:/.test(text) && /"numFailedTests"\s*:/.test(text))
  )
    return 'jest-json';
  if (/^\{\s*"total"\s*:\s*\{\s*"lines"\s*:/.test(text)) return 'istanbul-summary';
  if (/"statementMap"\s*:/.test(text) || /"fnMap"\s*:/.test(text)) return 'istanbul-final';
  return undefined;
}

function detectText(text: string): ReportFormat | undefined {
  // go test -json with stderr merged in: `go: downloading …` lines before the first event.
  if (/^\{\s*"(Time|Action)"\s*:/m.test(text)) return 'go-test-json';
  if (/^mode:\s*(set|count|atomic)\s*$/m.test(text.split('\n', 1)[0]!)) return 'go-cover';
  if (/^(TN|SF):/.test(text)) return 'lcov';
  return undefined;
}
