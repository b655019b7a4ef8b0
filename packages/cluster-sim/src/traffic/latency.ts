// Latency sampling: a log-normal distribution fitted to a median and a 95th percentile.
import type { LatencyProfile } from '../controllers/behaviour.js';

const Z95 = 1.6448536;

export function sampleLatencyMs(profile: LatencyProfile, random: () => number): number {
  const p50 = Math.max(0.1, profile.p50Ms);
  const p95 = Math.max(p50, profile.p95Ms);
  const sigma = Math.log(p95 / p50) / Z95;
  const u1 = Math.max(random(), 1e-12);
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return p50 * Math.exp(sigma * z);
}
