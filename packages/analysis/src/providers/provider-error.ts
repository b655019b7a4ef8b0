// Errors raised by metric providers. `transient` ones are retried within a measurement; every
// provider error that survives the retries makes the measurement an Error (never a success).
import { ActionError } from '@deploy-actions/action-kit';

export class ProviderError extends ActionError {
  readonly transient: boolean;
  readonly retryAfterMs?: number;
  constructor(message: string, options: { transient: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.transient = options.transient;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isTransientProviderError(err: unknown): boolean {
  return err instanceof ProviderError && err.transient;
}
