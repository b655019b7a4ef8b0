// Go coverprofiles (`go test -coverprofile`): `file.go:l1.c1,l2.c2 statements count` blocks,
// counted on every line of the block (a line is covered when any block on it ran).
import { ReportError } from '../errors.js';
import { forEachLine } from '../lines.js';
import type { CoverageMap } from './coverage-map.js';

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

export async function parseGoCover(path: string, displayName: string, map: CoverageMap): Promise<void> {
  await forEachLine(path, (text, line) => {
    if (text.trim() === '' || text.startsWith('mode:')) return;
    const m = BLOCK.exec(text.trim());
    if (!m)
      throw new ReportError(
        displayName,
        line,
        `expected <file>:<line>.<col>,<line>.<col> <statements> <count>, got ${JSON.stringify(text.slice(0, 120))}`,
      );
    const file = map.file(m[1]!);
    const from = Number(m[2]);
    const to = Number(m[4]);
    const statements = Number(m[6]);
    if (statements === 0) return;
    for (let l = from; l <= to; l++) map.addLine(file, l, Number(m[7]));
  });
}
