// defineAction: reads and validates every input of the schema, masks secrets before anything can
// print them, runs the action, sets outputs and the summary, and turns any thrown value into one
// failure line naming the action.
import type { z } from 'zod';
import { ActionError, InputError, errorMessage } from './errors.js';
import { describeInputs, type InputSpec } from './input-schema.js';
import type { Logger } from './logger.js';
import { SecretRedactor } from './mask.js';
import type { ActionRuntime } from './runtime.js';
import { Summary } from './summary.js';

export type OutputValue = string | number | boolean | null | undefined | object;
export type Outputs = Record<string, OutputValue>;

export interface ActionContext {
  readonly log: Logger;
  readonly summary: Summary;
  readonly env: NodeJS.ProcessEnv;
  /** Sets an output at once (so it survives a later failure). */
  setOutput(name: string, value: OutputValue): void;
  /** Masks a value discovered at run time (a token read from a kubeconfig, say). */
  secret(value: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Aborted when the job is cancelled: stop waiting, release what is held, converge on a re-run. */
  readonly signal: AbortSignal;
}

export interface ActionDefinition<S extends z.AnyZodObject> {
  name: string;
  inputs: S;
  run(inputs: z.output<S>, ctx: ActionContext): Promise<Outputs | void>;
}

export interface Action<S extends z.AnyZodObject = z.AnyZodObject> extends ActionDefinition<S> {
  readonly specs: InputSpec[];
  /** Runs on a runtime; resolves to true on success. Never throws. */
  execute(runtime: ActionRuntime): Promise<boolean>;
}

export function defineAction<S extends z.AnyZodObject>(definition: ActionDefinition<S>): Action<S> {
  const specs = describeInputs(definition.inputs);
  return {
    ...definition,
    specs,
    execute: (runtime) => execute(definition, specs, runtime),
  };
}

async function execute<S extends z.AnyZodObject>(
  definition: ActionDefinition<S>,
  specs: InputSpec[],
  runtime: ActionRuntime,
): Promise<boolean> {
  const summary = new Summary();
  const redactor = new SecretRedactor();
  const mask = (value: string) => {
    for (const form of redactor.add(value)) runtime.setSecret(form);
  };
  const log = redactingLogger(runtime.logger, redactor);
  const ctx: ActionContext = {
    log,
    summary,
    env: runtime.env,
    setOutput: (name, value) => runtime.setOutput(name, formatOutput(value)),
    secret: mask,
    group: (name, fn) => runtime.group(name, fn),
    signal: runtime.signal ?? new AbortController().signal,
  };
  try {
    for (const spec of specs) {
      const raw = runtime.getInput(spec.name);
      if (spec.secret && raw !== undefined) mask(raw);
    }
    const inputs = readInputs(definition.inputs, specs, runtime);
    const outputs = await definition.run(inputs, ctx);
    for (const [name, value] of Object.entries(outputs ?? {})) ctx.setOutput(name, value);
    await writeSummary(runtime, summary, redactor);
    return true;
  } catch (err) {
    await writeSummary(runtime, summary, redactor);
    reportFailure(definition.name, err, runtime, redactor);
    return false;
  }
}

function readInputs<S extends z.AnyZodObject>(
  schema: S,
  specs: InputSpec[],
  runtime: ActionRuntime,
): z.output<S> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of specs) raw[spec.name] = runtime.getInput(spec.name);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? '');
  const spec = specs.find((s) => s.name === name);
  const value = raw[name];
  const allowed =
    value === undefined && spec?.required
      ? 'this input is required'
      : issue.message.replace(/^Required$/, 'this input is required');
  throw new InputError(name, value, allowed, { secret: spec?.secret });
}

function formatOutput(value: OutputValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Our own redaction comes on top of the runner's masking: it also covers the CLI, the job summary
// and encodings the runner does not know about.
function redactingLogger(inner: Logger, redactor: SecretRedactor): Logger {
  return {
    debug: (m) => inner.debug(redactor.redact(m)),
    info: (m) => inner.info(redactor.redact(m)),
    warning: (m, loc) => inner.warning(redactor.redact(m), loc),
    error: (m, loc) => inner.error(redactor.redact(m), loc),
  };
}

async function writeSummary(
  runtime: ActionRuntime,
  summary: Summary,
  redactor: SecretRedactor,
): Promise<void> {
  if (summary.isEmpty) return;
  try {
    await runtime.writeSummary(redactor.redact(summary.toString()));
  } catch (err) {
    runtime.logger.warning(`could not write the job summary: ${errorMessage(err)}`);
  }
}

function reportFailure(action: string, err: unknown, runtime: ActionRuntime, redactor: SecretRedactor): void {
  const message = redactor.redact(oneLine(errorMessage(err)));
  if (err instanceof ActionError) {
    runtime.fail(`${action}: ${message}`, err.location);
    return;
  }
  // Not one of ours: a bug or an unexpected library failure. Keep the stack for the debug log.
  if (err instanceof Error && err.stack) runtime.logger.debug(redactor.redact(err.stack));
  runtime.fail(`${action}: unexpected error: ${message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
