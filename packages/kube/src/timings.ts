// Measures the steps of an operation on the injected clock, for the job summary.
import type { Clock } from '@deploy-actions/action-kit';

export interface Timing {
  step: string;
  ms: number;
}

export class Timings {
  readonly steps: Timing[] = [];
  constructor(private readonly clock: Clock) {}

  async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const start = this.clock.now();
    try {
      return await fn();
    } finally {
      this.steps.push({ step, ms: this.clock.now() - start });
    }
  }
}
