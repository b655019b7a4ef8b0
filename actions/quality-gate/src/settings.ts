// Turns the inputs into what the library needs, rejecting combinations that cannot work
// (a coverage threshold without coverage reports would otherwise fail later and less clearly).
import { InputError } from '@deploy-actions/action-kit';
import type { CollectOptions, GateConfig } from '@deploy-actions/reports';
import type { Inputs } from './inputs.js';

export interface Settings {
  collect: CollectOptions;
  gate: GateConfig;
}

export function settingsFrom(v: Inputs, cwd: string): Settings {
  const hasTests = Boolean(v['test-results']?.length);
  const hasCoverage = Boolean(v.coverage?.length);
  const hasSarif = Boolean(v.sarif?.length);
  if (!hasTests && !hasCoverage && !hasSarif)
    throw new InputError('test-results', undefined, 'set at least one of test-results, coverage or sarif');
  for (const name of ['min-line-coverage', 'min-branch-coverage', 'min-diff-coverage'] as const) {
    if (v[name] !== undefined && !hasCoverage)
      throw new InputError(name, String(v[name]), 'needs coverage (globs of coverage reports) to be set');
  }
  if (v['min-diff-coverage'] !== undefined && !v['base-ref'])
    throw new InputError('base-ref', undefined, 'min-diff-coverage needs base-ref, e.g. origin/main');
  if (v['max-findings'] && !hasSarif)
    throw new InputError('sarif', undefined, 'max-findings needs sarif (globs of SARIF files) to be set');
  if ((v['min-tests'] !== undefined || v['max-failures'] !== undefined) && !hasTests) {
    throw new InputError(
      v['min-tests'] !== undefined ? 'min-tests' : 'max-failures',
      String(v['min-tests'] ?? v['max-failures']),
      'needs test-results to be set',
    );
  }
  return {
    collect: {
      cwd,
      testResults: v['test-results'],
      coverage: v.coverage,
      sarif: v.sarif,
      allowMissing: v['allow-missing'],
      allowFlaky: v['allow-flaky'],
      quarantine: v.quarantine,
      baseRef: v['base-ref'],
    },
    gate: {
      minPassRate: hasTests ? v['min-pass-rate'] : undefined,
      minTests: hasTests ? (v['min-tests'] ?? 1) : undefined,
      maxFailures: v['max-failures'],
      minLineCoverage: v['min-line-coverage'],
      minBranchCoverage: v['min-branch-coverage'],
      minDiffCoverage: v['min-diff-coverage'],
      maxFindings: v['max-findings'],
    },
  };
}
