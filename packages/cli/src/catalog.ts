// The actions this installation can run: every root folder with an action.yml and a built bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActionYml, type ActionYml } from '@deploy-actions/action-kit/action-yml';

export interface CatalogEntry {
  name: string;
  metadata: ActionYml;
  bundle: string;
}

/** The repository (or installed package) root: the nearest folder up whose package.json is ours. */
export function findRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'deploy-actions'
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the deploy-actions root above ${from}`);
    dir = parent;
  }
}

export function loadCatalog(root: string): CatalogEntry[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, 'action.yml')))
    .map((d) => ({
      name: d.name,
      metadata: loadActionYml(path.join(root, d.name, 'action.yml')),
      bundle: path.join(root, 'dist', d.name, 'index.js'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
