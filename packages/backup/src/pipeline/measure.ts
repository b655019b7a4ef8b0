// Pass-through stages that observe the bytes: a sha256 + byte counter for the stored form, and a
// sniffer that keeps the head and tail of the plain dump for structure checks (magic, trailer, GTID).
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class HashCounter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  private digest?: string;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** The hex sha256 of everything that went through; call after the stream ended. */
  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

export class Sniffer extends Transform {
  private headParts: Buffer[] = [];
  private headBytes = 0;
  private tailBuffer = Buffer.alloc(0);
  bytes = 0;

  constructor(
    private readonly headLimit = 64 * 1024,
    private readonly tailLimit = 4 * 1024,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.headBytes < this.headLimit) {
      const part = chunk.subarray(0, this.headLimit - this.headBytes);
      this.headParts.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    const tail = chunk.length >= this.tailLimit ? chunk.subarray(chunk.length - this.tailLimit) : chunk;
    this.tailBuffer = Buffer.concat([this.tailBuffer, tail]);
    if (this.tailBuffer.length > this.tailLimit)
      this.tailBuffer = Buffer.from(this.tailBuffer.subarray(this.tailBuffer.length - this.tailLimit));
    callback(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headParts);
  }

  tail(): Buffer {
    return this.tailBuffer;
  }
}
