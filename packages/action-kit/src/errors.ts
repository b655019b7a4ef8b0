// Typed errors: user mistakes (InputError, ConfigurationError) are told apart from domain failures
// and from bugs; action-kit turns each into one clear failure line.

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Base of every error this project throws on purpose: the message is for the user. */
export class ActionError extends Error {
  readonly location?: SourceLocation;
  constructor(message: string, options?: { cause?: unknown; location?: SourceLocation }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.location = options?.location;
  }
}

/** An input the user gave is wrong. The message names the input, the (masked) value and what is allowed. */
export class InputError extends ActionError {
  readonly input: string;
  constructor(input: string, value: string | undefined, allowed: string, options?: { secret?: boolean }) {
    const shown =
      value === undefined || value === '' ? 'empty' : options?.secret ? '***' : JSON.stringify(value);
    super(`input '${input}': got ${shown}; ${allowed}`);
    this.input = input;
  }
}

/** Something in the user's setup (files, cluster, credentials) is wrong, as opposed to a bug here. */
export class ConfigurationError extends ActionError {}

/** A gate or verdict said no: the step fails, but nothing went wrong in the tool. */
export class GateFailed extends ActionError {}

/** The job was cancelled while the action ran. */
export class CancelledError extends ActionError {}

/** A deadline passed. */
export class TimeoutError extends ActionError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
