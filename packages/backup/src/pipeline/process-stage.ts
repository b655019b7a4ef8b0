// Wraps a child process (stdin → stdout) as one Duplex stream stage; a non-zero exit destroys the
// stage with the process's error so the whole pipeline fails.
import { Duplex } from 'node:stream';
import { startProcess, type SpawnOptions } from '../process.js';
import { EndGate } from './gate.js';

export function processStage(command: string, args: string[], options: SpawnOptions = {}): Duplex {
  const proc = startProcess(command, args, options);
  // stdout EOF can come before the exit code is known: the gate holds the end until it is 0.
  const gated = proc.stdout.pipe(new EndGate(() => proc.done));
  proc.stdout.on('error', (err) => gated.destroy(err));
  const stage = Duplex.from({ writable: proc.stdin, readable: gated });
  proc.done.catch((err: unknown) => stage.destroy(err instanceof Error ? err : new Error(String(err))));
  stage.on('close', () => proc.kill());
  return stage;
}
