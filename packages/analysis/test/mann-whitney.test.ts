// Mann-Whitney U against figures computed independently with scipy 1.17:
//   scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic', use_continuity=...)
import { mannWhitneyU, rankWithTies } from '../src/stats/mann-whitney.js';
import { erfc, normalCdf } from '../src/stats/normal.js';
import { percentile, mean } from '../src/stats/descriptive.js';

const cases: Array<{ name: string; x: number[]; y: number[]; u: number; p: number; pNoCorrection: number }> =
  [
    {
      name: 'textbook',
      x: [19, 22, 16, 29, 24],
      y: [20, 11, 17, 12],
      u: 17,
      p: 0.11134688653314041,
      pNoCorrection: 0.0864107329737,
    },
    {
      name: 'ties',
      x: [1, 2, 2, 3, 3, 3, 4, 5],
      y: [3, 4, 4, 5, 5, 6, 6, 7, 8],
      u: 7.5,
      p: 0.006373133838085873,
      pNoCorrection: 0.0054921866892152955,
    },
    {
      name: 'latency shift',
      x: [0.101, 0.099, 0.12, 0.105, 0.098, 0.11, 0.102, 0.097, 0.104, 0.108, 0.1, 0.103],
      y: [0.151, 0.149, 0.16, 0.155, 0.148, 0.152, 0.15, 0.158, 0.147, 0.153],
      u: 0,
      p: 8.733926588357827e-5,
      pNoCorrection: 7.612502462153449e-5,
    },
    {
      name: 'overlap',
      x: [5.1, 4.9, 5.3, 5.0, 5.2, 4.8, 5.05, 5.15],
      y: [5.0, 5.1, 4.95, 5.2, 5.05, 4.9, 5.3, 5.1],
      u: 31.5,
      p: 1,
      pNoCorrection: 0.9578422703695733,
    },
  ];

describe('mannWhitneyU', () => {
  test.each(cases)('$name matches scipy', ({ x, y, u, p, pNoCorrection }) => {
    const r = mannWhitneyU(x, y);
    expect(r.u).toBe(u);
    expect(r.pValue).toBeCloseTo(p, 6);
    expect(mannWhitneyU(x, y, { continuity: false }).pValue).toBeCloseTo(pNoCorrection, 6);
  });

  test('U of x and U of y add up to n1·n2 and the direction follows the larger sample', () => {
    const x = [10, 11, 12, 13];
    const y = [1, 2, 3];
    const a = mannWhitneyU(x, y);
    const b = mannWhitneyU(y, x);
    expect(a.u + b.u).toBe(12);
    expect(a.direction).toBe(1);
    expect(b.direction).toBe(-1);
    expect(a.uMin).toBe(0);
  });

  test('identical constant samples give p = 1, no direction', () => {
    const r = mannWhitneyU([3, 3, 3], [3, 3]);
    expect(r.pValue).toBe(1);
    expect(r.direction).toBe(0);
  });

  test('empty or non-finite samples are rejected', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([Number.NaN], [1])).toThrow(/finite/);
  });

  test('average ranks and tie term', () => {
    const { ranks, tieTerm } = rankWithTies([10, 20, 20, 30, 20]);
    expect(ranks).toEqual([1, 3, 3, 5, 3]);
    expect(tieTerm).toBe(24); // one group of 3: 27 - 3
  });
});

describe('normal distribution', () => {
  test('erfc and the normal CDF at published points', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
  });
});

describe('descriptive', () => {
  test('percentile interpolates like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48, 10);
    expect(percentile([], 95)).toBeNaN();
    expect(mean([1, 2, 6])).toBe(3);
  });
});
