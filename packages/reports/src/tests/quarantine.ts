// Quarantine list: test ids (`classname::name`) or globs where `*` matches any run of characters
// (ids contain dots, slashes and spaces, so path-style globbing would surprise).

export function quarantineMatcher(patterns: string[]): ((id: string) => boolean) | undefined {
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
  if (cleaned.length === 0) return undefined;
  const exact = new Set(cleaned.filter((p) => !/[*?]/.test(p)));
  const globs = cleaned.filter((p) => /[*?]/.test(p)).map(globToRegExp);
  return (id) => exact.has(id) || globs.some((g) => g.test(id));
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
