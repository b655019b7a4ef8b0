// The judge without the loop: Kayenta-style classification against a baseline, thresholds, score arithmetic, verdicts.
import { classifyMeasurement, meanRatio } from '../src/judge/classify.js';
import { decideVerdict, roundScore, runScore } from '../src/judge/score.js';
import { newMetricResult } from '../src/judge/assess.js';
import type { MetricSpec } from '../src/types.js';
import { spec } from './helpers.js';

const compare = (direction: 'increase' | 'decrease' | 'either', allowedChange = 0.1): MetricSpec =>
  spec({ name: 'latency', threshold: undefined, compare: { direction, allowedChange }, unit: 'seconds' });
const baseline = [0.1, 0.102, 0.098, 0.101, 0.099, 0.1, 0.103, 0.097, 0.1, 0.101];
const slower = baseline.map((v) => v * 1.5);
const faster = baseline.map((v) => v * 0.5);
const slightlySlower = baseline.map((v) => v * 1.05);

describe('classifyMeasurement: baseline comparison', () => {
  test('a significantly higher canary is "high" and fails when increase is bad', () => {
    const j = classifyMeasurement(
      compare('increase'),
      { canary: { samples: slower }, baseline: { samples: baseline } },
      0.98,
    );
    expect(j.classification).toBe('high');
    expect(j.phase).toBe('Failed');
    expect(j.ratio).toBeCloseTo(1.5, 10);
    expect(j.pValue!).toBeLessThan(0.02);
  });

  test('lower in the harmless direction passes; lower with decrease-is-bad fails as "low"', () => {
    expect(
      classifyMeasurement(
        compare('increase'),
        { canary: { samples: faster }, baseline: { samples: baseline } },
        0.98,
      ).classification,
    ).toBe('pass');
    const j = classifyMeasurement(
      compare('decrease'),
      { canary: { samples: faster }, baseline: { samples: baseline } },
      0.98,
    );
    expect(j.classification).toBe('low');
    expect(j.phase).toBe('Failed');
    expect(
      classifyMeasurement(
        compare('either'),
        { canary: { samples: slower }, baseline: { samples: baseline } },
        0.98,
      ).classification,
    ).toBe('high');
  });

  test('a significant change inside allowed-change passes (the effect-size gate)', () => {
    const j = classifyMeasurement(
      compare('increase', 0.1),
      { canary: { samples: slightlySlower }, baseline: { samples: baseline } },
      0.98,
    );
    expect(j.pValue!).toBeLessThan(0.02);
    expect(j.classification).toBe('pass');
    expect(j.message).toMatch(/within allowed-change 0.1/);
    expect(
      classifyMeasurement(
        compare('increase', 0.01),
        { canary: { samples: slightlySlower }, baseline: { samples: baseline } },
        0.98,
      ).classification,
    ).toBe('high');
  });

  test('no difference passes; missing baseline is nodata (never pass)', () => {
    expect(
      classifyMeasurement(
        compare('increase'),
        { canary: { samples: baseline }, baseline: { samples: [...baseline].reverse() } },
        0.98,
      ).classification,
    ).toBe('pass');
    const j = classifyMeasurement(
      compare('increase'),
      { canary: { samples: baseline }, baseline: { samples: [] } },
      0.98,
    );
    expect(j.classification).toBe('nodata');
    expect(j.phase).toBe('Inconclusive');
    expect(j.message).toMatch(/no data for the baseline/);
  });

  test('mean ratio handles a zero baseline', () => {
    expect(meanRatio([0, 0], [0])).toBe(1);
    expect(meanRatio([1], [0])).toBe(Number.POSITIVE_INFINITY);
    expect(meanRatio([3], [2])).toBe(1.5);
  });
});

describe('classifyMeasurement: thresholds', () => {
  test('max and min bounds, with the values in the message', () => {
    const high = classifyMeasurement(
      spec({ threshold: { max: 0.5 }, unit: 'seconds' }),
      { canary: { value: 0.75, samples: [0.75] } },
      0.98,
    );
    expect(high.message).toBe('canary 750ms > max 500ms');
    const low = classifyMeasurement(
      spec({ threshold: { min: 10 }, unit: 'per-second' }),
      { canary: { value: 2, samples: [2] } },
      0.98,
    );
    expect(low).toMatchObject({ phase: 'Failed', classification: 'low', message: 'canary 2/s < min 10/s' });
  });

  test('+Inf (a quantile above the top histogram bucket) fails a max instead of being no data', () => {
    const j = classifyMeasurement(
      spec({ threshold: { max: 0.5 }, unit: 'seconds' }),
      { canary: { value: Number.POSITIVE_INFINITY, samples: [Number.POSITIVE_INFINITY] } },
      0.98,
    );
    expect(j).toMatchObject({ phase: 'Failed', classification: 'high', message: 'canary +Inf > max 500ms' });
  });

  test('min-request-rate is a traffic gate: too little traffic is inconclusive, not failed', () => {
    const j = classifyMeasurement(
      spec({ threshold: { min: 1 }, minIsTrafficGate: true, unit: 'per-second' }),
      { canary: { value: 0, samples: [0] } },
      0.98,
    );
    expect(j).toMatchObject({ phase: 'Inconclusive', classification: 'nodata' });
    expect(j.message).toMatch(/not enough traffic/);
  });
});

describe('score', () => {
  test('weighted share of passing metrics; nodata and errors are not judged', () => {
    expect(
      roundScore([
        { weight: 3, critical: false, classification: 'pass' },
        { weight: 1, critical: false, classification: 'high' },
      ]),
    ).toBe(75);
    expect(
      roundScore([
        { weight: 1, critical: false, classification: 'pass' },
        { weight: 5, critical: false, classification: 'nodata' },
      ]),
    ).toBe(100);
    expect(roundScore([{ weight: 1, critical: false, classification: 'error' }])).toBeNull();
  });

  test('a critical metric that is not a pass (even nodata) forces 0', () => {
    expect(
      roundScore([
        { weight: 9, critical: false, classification: 'pass' },
        { weight: 1, critical: true, classification: 'low' },
      ]),
    ).toBe(0);
    expect(
      roundScore([
        { weight: 9, critical: false, classification: 'pass' },
        { weight: 1, critical: true, classification: 'nodata' },
      ]),
    ).toBe(0);
  });

  test('run score is the mean of scored rounds', () => {
    expect(runScore([100, null, 50, 75])).toBe(75);
    expect(runScore([null, null])).toBeNull();
    expect(runScore([100, 100, 66.666])).toBe(88.89);
  });

  test('verdict: failed metric > score below marginal > inconclusive metric > marginal score > pass', () => {
    const t = { passScore: 95, marginalScore: 75 };
    const ok = { ...newMetricResult(spec({ name: 'ok' })), phase: 'Successful' as const };
    const unsure = {
      ...newMetricResult(spec({ name: 'unsure' })),
      phase: 'Inconclusive' as const,
      message: 'inconclusive (1) > inconclusive-limit (0)',
    };
    const failed = {
      ...newMetricResult(spec({ name: 'bad' })),
      phase: 'Failed' as const,
      message: 'failed (1) > failure-limit (0)',
    };
    expect(decideVerdict([ok, failed], 100, t)).toEqual({
      verdict: 'fail',
      reason: 'metric "bad" assessed Failed: failed (1) > failure-limit (0)',
    });
    expect(decideVerdict([ok, unsure], 50, t).verdict).toBe('fail');
    expect(decideVerdict([ok, unsure], 100, t).verdict).toBe('inconclusive');
    expect(decideVerdict([ok], null, t)).toEqual({
      verdict: 'inconclusive',
      reason: 'no measurement could be judged',
    });
    expect(decideVerdict([ok], 80, t).verdict).toBe('inconclusive');
    expect(decideVerdict([ok], 95, t).verdict).toBe('pass');
  });
});
