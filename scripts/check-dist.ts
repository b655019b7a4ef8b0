// npm run check-dist: rebuilds dist/ in a temp dir and fails on any difference with the committed
// tree, untracked and missing files included.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distEntries, bundle } from './bundler.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

const fresh = await mkdtemp(path.join(os.tmpdir(), 'check-dist-'));
try {
  await bundle({ entries: await distEntries(root), outdir: fresh, root });
  const committed = path.join(root, 'dist');
  const expected = await listFiles(fresh);
  const actual = await listFiles(committed);
  const problems: string[] = [];
  for (const file of expected) {
    if (!actual.includes(file)) problems.push(`missing from dist/: ${file}`);
    else if (!(await readFile(path.join(fresh, file))).equals(await readFile(path.join(committed, file)))) {
      problems.push(`differs from a fresh build: dist/${file}`);
    }
  }
  for (const file of actual)
    if (!expected.includes(file)) problems.push(`not produced by a fresh build: dist/${file}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(
      `dist/ is out of date (${problems.length} file(s)): run \`npm run bundle\` and commit dist/.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`dist/ matches a fresh build (${expected.length} files).`);
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
