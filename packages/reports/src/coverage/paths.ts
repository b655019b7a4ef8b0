// Path normalisation so coverage from different tools, runners and OSes lands on the same key:
// repo-relative, forward slashes, no `./`, no runner workspace prefix, no Go module path.
import path from 'node:path';

export interface PathOptions {
  /** The checkout root (GITHUB_WORKSPACE or cwd): absolute paths under it become relative. */
  workspace: string;
  /** Go module path from go.mod: coverprofiles name files `<module>/<dir>/<file>.go`. */
  goModule?: string;
}

const RUNNER_PREFIXES = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/__w\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
];

export type PathNormaliser = (file: string) => string;

export function pathNormaliser(options: PathOptions): PathNormaliser {
  const workspace = toSlashes(options.workspace).replace(/\/+$/, '');
  return (file) => {
    let p = toSlashes(file.trim()).replace(/^file:\/\//, '');
    if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1); // file:///C:/…
    if (workspace && (p === workspace || p.startsWith(`${workspace}/`))) p = p.slice(workspace.length + 1);
    for (const prefix of RUNNER_PREFIXES) p = p.replace(prefix, '');
    if (options.goModule && p.startsWith(`${options.goModule}/`)) p = p.slice(options.goModule.length + 1);
    p = path.posix.normalize(p);
    return p.replace(/^(\.\/)+/, '').replace(/^\.$/, '');
  };
}

function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/** Joins a report's source root and a file name it lists (Cobertura <source>, Clover path). */
export function joinSource(source: string | undefined, file: string): string {
  const f = toSlashes(file);
  if (!source || f.startsWith('/') || /^[A-Za-z]:\//.test(f)) return f;
  return `${toSlashes(source).replace(/\/+$/, '')}/${f}`;
}
