// Runs a stream pipeline and, when it fails, reports the error that explains it: a stage's own
// error (wrong passphrase, a dump's exit code) rather than the EPIPE or premature close it caused.
import type { Stream } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ActionError } from '@deploy-actions/action-kit';
import { ProcessFailed } from '../process.js';

const CONSEQUENTIAL = new Set([
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ABORT_ERR',
  'ECONNRESET',
]);

function rank(err: unknown): number {
  if (err instanceof ActionError) return 0;
  if (err instanceof ProcessFailed) return 1;
  const code = (err as { code?: string } | undefined)?.code;
  if (code && CONSEQUENTIAL.has(code)) return 3;
  if ((err as Error | undefined)?.name === 'AbortError') return 3;
  return 2;
}

/** The most telling of several errors seen while one failure spread through a pipeline. */
export function mostTelling(errors: unknown[]): unknown {
  return [...errors].sort((a, b) => rank(a) - rank(b))[0];
}

export async function runPipeline(streams: Stream[], signal?: AbortSignal): Promise<void> {
  const seen: unknown[] = [];
  const record = (err: unknown) => seen.push(err);
  for (const s of streams) s.on('error', record);
  try {
    await pipeline(streams as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream], { signal });
  } catch (err) {
    throw mostTelling([...seen, err]);
  } finally {
    for (const s of streams) s.off('error', record);
  }
}
