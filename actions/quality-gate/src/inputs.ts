// The inputs of quality-gate, exactly as quality-gate/action.yml declares them.
import { z } from 'zod';
import { ParseError, input, parseInteger, parseKeyValues, parsed } from '@deploy-actions/action-kit';
import { FINDING_KEYS, type FindingKey } from '@deploy-actions/reports';

/** `critical=0,high=0,error=0,warning=20` → limits per finding level or severity. */
export function parseMaxFindings(raw: string): Partial<Record<FindingKey, number>> {
  const out: Partial<Record<FindingKey, number>> = {};
  for (const [key, value] of Object.entries(parseKeyValues(raw))) {
    if (!(FINDING_KEYS as readonly string[]).includes(key))
      throw new ParseError(`unknown key ${JSON.stringify(key)}; use ${FINDING_KEYS.join(', ')}`);
    try {
      out[key as FindingKey] = parseInteger(value, { min: 0 });
    } catch {
      throw new ParseError(`${key}=${value}: expected a whole number ≥ 0`);
    }
  }
  return out;
}

export const inputs = z.object({
  'test-results': input
    .list()
    .optional()
    .describe(
      'Globs (newline or comma separated) of test reports: JUnit XML in any dialect, NUnit 3, TRX, jest --json, go test -json. The format is detected from the content.',
    ),
  coverage: input
    .list()
    .optional()
    .describe(
      'Globs of coverage reports: lcov, Cobertura, Clover, JaCoCo, Istanbul coverage-final.json / coverage-summary.json, Go coverprofile. Several files (a test matrix) merge by file and line.',
    ),
  sarif: input
    .list()
    .optional()
    .describe(
      'Globs of SARIF 2.1.0 files from any tool (CodeQL, Semgrep, Trivy, Bandit, ESLint, Gitleaks, ...).',
    ),
  'min-pass-rate': input
    .percent()
    .default('100')
    .describe(
      'Minimum pass rate in percent: passed / (passed + failed + errored) x 100; skipped tests are left out.',
    ),
  'min-tests': input
    .integer({ min: 0 })
    .optional()
    .describe(
      'Fewer executed tests fails the gate (guards against "no tests ran"). Default: 1 when test-results is set.',
    ),
  'max-failures': input
    .integer({ min: 0 })
    .optional()
    .describe('Maximum number of failed plus errored tests.'),
  'min-line-coverage': input
    .percent()
    .optional()
    .describe('Minimum line coverage in percent over the merged coverage of all files.'),
  'min-branch-coverage': input
    .percent()
    .optional()
    .describe('Minimum branch coverage in percent over the merged coverage of all files.'),
  'min-diff-coverage': input
    .percent()
    .optional()
    .describe(
      'Minimum percent of changed, coverable lines that are covered (lines from git diff base-ref...HEAD). Needs base-ref and coverage.',
    ),
  'base-ref': input
    .string()
    .optional()
    .describe(
      'Git ref the change is compared with for min-diff-coverage, e.g. origin/main (fetch it: actions/checkout with fetch-depth: 0).',
    ),
  'max-findings': parsed(parseMaxFindings)
    .optional()
    .describe(
      'Limits on SARIF findings, e.g. critical=0,high=0,error=0,warning=20. Keys: critical, high, medium, low (from security-severity), error, warning, note, none (SARIF level), total.',
    ),
  'allow-flaky': input
    .boolean()
    .default('true')
    .describe(
      'A test that failed and passed in the same set of reports (reruns, retries, surefire flakyFailure) counts as passed and is listed as flaky.',
    ),
  quarantine: input
    .list()
    .optional()
    .describe(
      'A file, or a list, of test ids (classname::name, * matches anything) whose failures are reported but not counted.',
    ),
  'fail-on-gate': input
    .boolean()
    .default('true')
    .describe('A failed gate fails the step; false only sets the outputs.'),
  'report-file': input.string().default('quality-gate.json').describe('The JSON result is written here.'),
  annotations: input
    .boolean()
    .default('true')
    .describe('Annotate failed tests, findings and uncovered changed lines at file:line (at most 50).'),
  'allow-missing': input
    .boolean()
    .default('false')
    .describe('A glob that matches no file is not an error (the gate still needs min-tests tests).'),
});

export type Inputs = z.output<typeof inputs>;
