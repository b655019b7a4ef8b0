// npm run bench: runs every bench/*.bench.ts and prints one line per figure with its ratio to the
// reference measured in the same run. Not part of npm test.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The peer or physical limit this figure is compared with, measured in the same run. */
  reference?: { name: string; value: number };
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = false;
for (const file of files) {
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      default: () => Promise<Figure[]>;
    };
    for (const figure of await mod.default()) console.log(formatFigure(figure));
  } catch (err) {
    failed = true;
    console.error(`${file}: failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed) process.exitCode = 1;

export function formatFigure(f: Figure): string {
  const value = `${round(f.value)} ${f.unit}`;
  if (!f.reference) return `${f.name}  ${value}`;
  const ratio = f.reference.value === 0 ? 'n/a' : `${round(f.value / f.reference.value)}×`;
  return `${f.name}  ${value}  (${ratio} ${f.reference.name}: ${round(f.reference.value)} ${f.unit})`;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}
