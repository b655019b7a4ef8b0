// Reads a text file line by line with line numbers, streaming (memory bounded by the longest line).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export async function forEachLine(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
): Promise<void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      onLine(n === 1 ? line.replace(/^\uFEFF/, '') : line, n);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
