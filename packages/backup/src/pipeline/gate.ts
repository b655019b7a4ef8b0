// A pass-through that holds back end-of-stream until a condition holds (a process exited 0, the
// dump's structure is sound). Downstream — the upload — then never completes on a failed dump.
import { Transform, type TransformCallback } from 'node:stream';

export class EndGate extends Transform {
  constructor(private readonly beforeEnd: () => Promise<void> | void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    Promise.resolve()
      .then(this.beforeEnd)
      .then(
        () => callback(),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
  }
}
