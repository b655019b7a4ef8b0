// Builds every action entry into one output tree with shared chunks (esbuild code splitting):
// dist/<action>/index.js are thin entries, dist/chunks/ holds code shared between actions, and
// heavy libraries behind `await import()` become lazy chunks that an action loads only when used.
import { build, type Metafile, type Plugin } from 'esbuild';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface BundleOptions {
  /** action name → entry file (TypeScript). */
  entries: Record<string, string>;
  outdir: string;
  /** Repository root, for module resolution (tsconfig, node_modules). */
  root: string;
}

// CommonJS dependencies bundled into ESM still call require() for Node built-ins, and some read
// __dirname; give every chunk both, as Node's own ESM interop would.
const BANNER = [
  "import { createRequire as __deployActionsCreateRequire } from 'node:module';",
  'const require = __deployActionsCreateRequire(import.meta.url);',
].join('\n');

// @actions/core imports its OIDC client (→ @actions/http-client → undici, ~400 KB) and platform
// helpers (→ @actions/exec) at the top of its entry, without declaring them side-effect free.
// They are pure module definitions, so declaring that lets esbuild drop them from actions that
// never ask for an OIDC token: measured 610 KB → ~190 KB and a third off the fixture's cold start.
const actionsToolkitIsPure: Plugin = {
  name: 'actions-toolkit-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(oidc-utils|platform)\.js$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}@actions${path.sep}core${path.sep}`)) return undefined;
      return { path: path.join(path.dirname(args.importer), args.path), sideEffects: false };
    });
  },
};

export async function bundle(options: BundleOptions): Promise<Metafile> {
  await rm(options.outdir, { recursive: true, force: true });
  await mkdir(options.outdir, { recursive: true });
  const entryPoints = Object.fromEntries(
    Object.entries(options.entries).map(([name, file]) => [
      `${name}/index`,
      path.resolve(options.root, file),
    ]),
  );
  const result = await build({
    absWorkingDir: options.root,
    entryPoints,
    outdir: options.outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: false,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryNames: '[dir]/[name]',
    tsconfig: path.join(options.root, 'tsconfig.json'),
    banner: { js: BANNER },
    plugins: [actionsToolkitIsPure],
    logLevel: 'warning',
    // Optional peers that some SDKs probe for at run time; none is needed by our code paths.
    external: ['@aws-sdk/signature-v4-crt', 'aws-crt', 'encoding'],
  });
  // A dist/ tree may sit outside any package.json "type": "module" scope (a copied action folder).
  await writeFile(path.join(options.outdir, 'package.json'), '{ "type": "module" }\n');
  return result.metafile;
}

/** Every published action: `actions/<name>/src/index.ts`. */
export async function actionEntries(root: string): Promise<Record<string, string>> {
  const dir = path.join(root, 'actions');
  if (!existsSync(dir)) return {};
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && existsSync(path.join(root, 'actions', d.name, 'src', 'index.ts')))
    .map((d) => d.name)
    .sort();
  return Object.fromEntries(names.map((n) => [n, `actions/${n}/src/index.ts`]));
}

/** Everything `dist/` holds: every action, plus the CLI (so `deploy-actions` needs no TypeScript toolchain). */
export async function distEntries(root: string): Promise<Record<string, string>> {
  return { ...(await actionEntries(root)), cli: 'packages/cli/src/bin.ts' };
}
