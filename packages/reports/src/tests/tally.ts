// Counts test results across every report as one set: each test (classname::name) counts once.
// A test that both failed and passed (reruns, retries, flakyFailure) is flaky; quarantined failures
// are listed but not counted. Per-test state is a few bits under a 53-bit hash of the id, so a
// million passing tests cost tens of MB, not hundreds; names are kept only for tests that failed.
import { testId, type Outcome, type TestCaseResult } from './model.js';

const PASS = 1;
const FAIL = 2;
const ERROR = 4;
const SKIP = 8;
const FLAKY = 16;
const QUARANTINED = 32;

export interface TestDetail {
  id: string;
  classname: string;
  name: string;
  outcome: Outcome;
  message?: string;
  file?: string;
  line?: number;
  report: { file: string; line?: number };
}

export interface TestResults {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  quarantined: number;
  /** Counted failures and errors (first `maxDetails`). */
  failures: TestDetail[];
  flakyTests: TestDetail[];
  quarantinedTests: TestDetail[];
  /** True when more tests failed than details were kept for. */
  truncated: boolean;
}

export interface TallyOptions {
  allowFlaky: boolean;
  isQuarantined?: (id: string) => boolean;
  maxDetails?: number;
  /** Makes test file paths repo-relative (annotations need that). */
  normalisePath?: (file: string) => string;
}

export class TestTally {
  private readonly states = new Map<number, number>();
  private readonly details = new Map<number, TestDetail>();
  private readonly maxDetails: number;
  private truncated = false;

  constructor(private readonly options: TallyOptions) {
    this.maxDetails = options.maxDetails ?? 10_000;
  }

  add(test: TestCaseResult): void {
    const id = testId(test);
    const key = hash53(id);
    let bits = this.states.get(key) ?? 0;
    bits |=
      test.outcome === 'passed'
        ? PASS
        : test.outcome === 'failed'
          ? FAIL
          : test.outcome === 'errored'
            ? ERROR
            : SKIP;
    if (test.flakyAttempts) bits |= FLAKY;
    const failing = test.outcome === 'failed' || test.outcome === 'errored';
    if (failing && this.options.isQuarantined?.(id)) bits |= QUARANTINED;
    this.states.set(key, bits);
    if (failing || test.flakyAttempts) this.keepDetail(key, id, test);
  }

  private keepDetail(key: number, id: string, test: TestCaseResult): void {
    const existing = this.details.get(key);
    if (existing && test.outcome === 'passed') return;
    if (!existing && this.details.size >= this.maxDetails) {
      this.truncated = true;
      return;
    }
    this.details.set(key, {
      id,
      classname: test.classname,
      name: test.name,
      outcome: test.outcome,
      message: test.message ?? existing?.message,
      file: test.file && this.options.normalisePath ? this.options.normalisePath(test.file) : test.file,
      line: test.line,
      report: test.report,
    });
  }

  result(): TestResults {
    const r: TestResults = {
      total: 0,
      passed: 0,
      failed: 0,
      errored: 0,
      skipped: 0,
      flaky: 0,
      quarantined: 0,
      failures: [],
      flakyTests: [],
      quarantinedTests: [],
      truncated: this.truncated,
    };
    for (const [key, bits] of this.states) {
      r.total++;
      const detail = this.details.get(key);
      const failedOnce = (bits & (FAIL | ERROR)) !== 0;
      const flaky = (bits & PASS) !== 0 && (failedOnce || (bits & FLAKY) !== 0);
      if (flaky) {
        r.flaky++;
        if (detail) r.flakyTests.push(detail);
        if (this.options.allowFlaky) {
          r.passed++;
          continue;
        }
      }
      if (flaky || failedOnce) {
        if (bits & QUARANTINED) {
          r.quarantined++;
          if (detail) r.quarantinedTests.push(detail);
        } else {
          if (bits & ERROR && !(bits & FAIL)) r.errored++;
          else r.failed++;
          if (detail) r.failures.push(detail);
        }
      } else if (bits & PASS) r.passed++;
      else r.skipped++;
    }
    return r;
  }
}

/** cyrb53: a fast 53-bit string hash; collisions at a million ids have odds around 1 in 20,000. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
