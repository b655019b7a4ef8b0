// Counts test results across every report as one set: each test (classname::name) counts once.
// A test that both failed and passed (reruns, retries, flakyFailure) is flaky; quarantined failures
// are listed but not counted. Per-test state is a few bits under a 53-bit hash of the id, so a
// million passing tests cost ~18 MB; names are kept only for tests that failed.
import { testId, type Outcome, type TestCaseResult } from './model.js';
import { TestStates, hashTestIdInto } from './test-states.js';

const hash = new Uint32Array(2);

const PASS = 1;
const FAIL = 2;
const ERROR = 4;
const SKIP = 8;
const FLAKY = 16;
const QUARANTINED = 32;
const OUTCOME_BITS: Record<Outcome, number> = { passed: PASS, failed: FAIL, errored: ERROR, skipped: SKIP };

export type TestDetail = { id: string } & Pick<
  TestCaseResult,
  'classname' | 'name' | 'outcome' | 'message' | 'file' | 'line' | 'report'
>;

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
  private readonly states = new TestStates();
  private readonly details = new Map<number, TestDetail>();
  private readonly maxDetails: number;
  private truncated = false;

  constructor(private readonly options: TallyOptions) {
    this.maxDetails = options.maxDetails ?? 10_000;
  }

  add(test: TestCaseResult): void {
    hashTestIdInto(test.classname, test.name, hash);
    const hi = hash[0]!;
    const lo = hash[1]!;
    let bits = OUTCOME_BITS[test.outcome];
    if (test.flakyAttempts) bits |= FLAKY;
    const failing = test.outcome === 'failed' || test.outcome === 'errored';
    if (!failing && !test.flakyAttempts) {
      this.states.add(hi, lo, bits);
      return;
    }
    // Only failing (or flaky) tests pay for the id string and the quarantine check.
    const id = testId(test);
    if (failing && this.options.isQuarantined?.(id)) bits |= QUARANTINED;
    this.states.add(hi, lo, bits);
    this.keepDetail(hi * 4294967296 + lo, id, test);
  }

  private keepDetail(key: number, id: string, test: TestCaseResult): void {
    const existing = this.details.get(key);
    if (existing && test.outcome === 'passed') return;
    if (!existing && this.details.size >= this.maxDetails) {
      this.truncated = true;
      return;
    }
    // Copies: parser strings can be slices of a whole read chunk, which they would keep alive.
    this.details.set(key, {
      id: own(id),
      classname: own(test.classname),
      name: own(test.name),
      outcome: test.outcome,
      message: own(test.message) ?? existing?.message,
      file: own(test.file && this.options.normalisePath ? this.options.normalisePath(test.file) : test.file),
      line: test.line,
      report: test.report,
    });
  }

  /** Counts over every test; the lists keep the order the failures were first seen in the reports. */
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
    this.states.forEach((_hi, _lo, bits) => {
      r.total++;
      const c = this.classify(bits);
      if (c.flaky) r.flaky++;
      r[c.counted]++;
    });
    for (const [key, detail] of this.details) {
      const c = this.classify(this.states.get(Math.floor(key / 4294967296), key % 4294967296));
      if (c.flaky) r.flakyTests.push(detail);
      if (c.counted === 'quarantined') r.quarantinedTests.push(detail);
      else if (c.counted === 'failed' || c.counted === 'errored') r.failures.push(detail);
    }
    return r;
  }

  private classify(bits: number): {
    counted: 'passed' | 'failed' | 'errored' | 'skipped' | 'quarantined';
    flaky: boolean;
  } {
    const failedOnce = (bits & (FAIL | ERROR)) !== 0;
    const flaky = (bits & PASS) !== 0 && (failedOnce || (bits & FLAKY) !== 0);
    if (flaky && this.options.allowFlaky) return { counted: 'passed', flaky };
    if (flaky || failedOnce) {
      if (bits & QUARANTINED) return { counted: 'quarantined', flaky };
      return { counted: bits & ERROR && !(bits & FAIL) ? 'errored' : 'failed', flaky };
    }
    return { counted: bits & PASS ? 'passed' : 'skipped', flaky };
  }
}

function own<T extends string | undefined>(text: T): T {
  return (text === undefined ? undefined : Buffer.from(text, 'utf8').toString('utf8')) as T;
}
