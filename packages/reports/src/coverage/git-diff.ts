// Lines added or changed since a base ref: `git diff --unified=0 <base>...HEAD`, parsed from the
// hunk headers (`@@ -a,b +c,d @@`), so only the new side's line numbers are kept.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '@deploy-actions/action-kit';

export type ChangedLines = Map<string, Set<number>>;

export function parseUnifiedDiff(lines: Iterable<string>): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of lines)
    feedDiffLine(
      changed,
      line,
      (s) => (current = s),
      () => current,
    );
  return changed;
}

function feedDiffLine(
  changed: ChangedLines,
  line: string,
  setCurrent: (s: Set<number> | undefined) => void,
  current: () => Set<number> | undefined,
) {
  if (line.startsWith('+++ ')) {
    const target = unquote(line.slice(4).replace(/\t.*$/, ''));
    if (target === '/dev/null') return setCurrent(undefined);
    const file = target.replace(/^b\//, '');
    const set = changed.get(file) ?? new Set<number>();
    changed.set(file, set);
    return setCurrent(set);
  }
  const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
  const set = current();
  if (hunk && set) {
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    for (let i = 0; i < count; i++) set.add(start + i);
  }
}

/** git quotes paths with unusual characters: "b/caf\303\251.ts". */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 3;
        continue;
      }
      const next = body[++i]!;
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
      continue;
    }
    bytes.push(...Buffer.from(body[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Runs git in `cwd` and returns the lines changed on HEAD since it forked from `baseRef`. */
export async function changedLinesSince(
  baseRef: string,
  cwd: string,
  timeoutMs = 60_000,
): Promise<ChangedLines> {
  const args = [
    '-c',
    'core.quotepath=off',
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    `${baseRef}...HEAD`,
    '--',
  ];
  const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      feedDiffLine(
        changed,
        line,
        (s) => (current = s),
        () => current,
      );
    }
    const code = await exit;
    if (code !== 0) {
      throw new ConfigurationError(
        `git diff ${baseRef}...HEAD failed (${code === null ? 'timed out' : `exit ${code}`}): ${stderr.trim().split('\n')[0] ?? ''}. ` +
          'base-ref must be a ref present in the clone: fetch it (actions/checkout with fetch-depth: 0) or pass origin/<branch>.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ConfigurationError('git is not on PATH; min-diff-coverage needs it');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return changed;
}
