// npm run bundle: rebuilds dist/ for every action.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distEntries, bundle } from './bundler.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = await distEntries(root);
const outdir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist');
await bundle({ entries, outdir, root });
console.log(
  `bundled ${Object.keys(entries).length} action(s) into ${path.relative(root, outdir) || outdir}: ${Object.keys(entries).join(', ')}`,
);
