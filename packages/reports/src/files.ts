// Expands the user's report globs. A glob that matches nothing is an error naming it (unless
// allow-missing): a gate that silently finds no reports would pass for the wrong reason.
import fg from 'fast-glob';
import { ConfigurationError } from '@deploy-actions/action-kit';

export async function expandGlobs(
  input: string,
  patterns: string[],
  cwd: string,
  allowMissing: boolean,
): Promise<{ files: string[]; unmatched: string[] }> {
  const ignore = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    const glob = pattern.replace(/\\/g, '/');
    const matches = await fg(glob, {
      cwd,
      dot: true,
      onlyFiles: true,
      absolute: true,
      ignore,
      unique: true,
      suppressErrors: true,
    });
    if (matches.length === 0) unmatched.push(pattern);
    for (const m of matches.sort()) files.add(m);
  }
  if (unmatched.length > 0 && !allowMissing) {
    const list = unmatched.map((p) => JSON.stringify(p)).join(', ');
    throw new ConfigurationError(
      `${input}: no file matches ${list} (searched from ${cwd}); check the path or set allow-missing: true`,
    );
  }
  return { files: [...files], unmatched };
}
