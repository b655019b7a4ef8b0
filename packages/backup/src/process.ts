// Child processes as stream stages: stdout/stdin plus a `done` promise that rejects with the
// command's exit code and the tail of its stderr (secrets redacted) when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { Writable, type Readable } from 'node:stream';
import { SecretRedactor } from '@deploy-actions/action-kit';

export interface ProcessFailureInfo {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export class ProcessFailed extends Error {
  constructor(readonly info: ProcessFailureInfo) {
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    super(`${info.command} ${how}${info.stderr ? `: ${info.stderr}` : ''}`);
  }
}

export interface RunningProcess {
  child: ChildProcess;
  stdin: Writable;
  stdout: Readable;
  /** Resolves when the process exits 0; rejects with ProcessFailed (or the spawn error) otherwise. */
  done: Promise<void>;
  /** stderr seen so far (bounded, redacted). */
  stderr(): string;
  kill(): void;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Values to redact from stderr before it reaches an error message. */
  secrets?: string[];
  signal?: AbortSignal;
  /** Where stdout goes; 'pipe' by default. */
  stdout?: 'pipe' | 'ignore';
}

const STDERR_LIMIT = 4000;

function redact(text: string, secrets: string[]): string {
  const redactor = new SecretRedactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor.redact(text);
}

export function startProcess(command: string, args: string[], options: SpawnOptions = {}): RunningProcess {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ['pipe', options.stdout ?? 'pipe', 'pipe'],
    signal: options.signal,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-STDERR_LIMIT);
  });
  const name = command.split('/').pop() ?? command;
  const clean = () => redact(stderr.trim(), options.secrets ?? []);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') reject(Object.assign(new Error(`${command} not found`), { code: 'ENOENT' }));
      else if (err.name !== 'AbortError') reject(err);
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ProcessFailed({ command: name, code, signal, stderr: clean() }));
    });
  });
  // The caller awaits `done` where it matters; never let it surface as an unhandled rejection.
  done.catch(() => undefined);
  // A stage downstream may stop reading early (an error elsewhere): EPIPE on stdin is expected then.
  child.stdin!.on('error', () => undefined);
  return {
    child,
    stdin: child.stdin!,
    stdout: child.stdout ?? (undefined as unknown as Readable),
    done,
    stderr: clean,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs a command to completion and returns its stdout (small outputs only). */
export async function runCommand(
  command: string,
  args: string[],
  options: SpawnOptions & { input?: string } = {},
): Promise<string> {
  const proc = startProcess(command, args, options);
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (d: string) => (out += d));
  proc.stdin.end(options.input ?? '');
  await proc.done;
  return out;
}

/**
 * A Writable feeding the process's stdin that finishes when the process exits 0. A client that
 * stops reading once its input is complete (pg_restore at the archive's end marker) closes the
 * pipe early; that is not an error — its exit code decides.
 */
export function processSink(proc: RunningProcess): Writable {
  let gone = false;
  proc.stdin.on('close', () => (gone = true));
  proc.stdin.on('error', () => (gone = true));
  return new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      if (gone || proc.stdin.destroyed) return callback();
      if (proc.stdin.write(chunk)) return callback();
      const onDrain = () => {
        proc.stdin.off('close', onDrain);
        callback();
      };
      proc.stdin.once('drain', onDrain);
      proc.stdin.once('close', onDrain);
    },
    final(callback) {
      if (!gone && !proc.stdin.destroyed) proc.stdin.end();
      proc.done.then(
        () => callback(),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
    destroy(err, callback) {
      if (err) proc.kill();
      callback(err);
    },
  });
}
