// Finds PostgreSQL client binaries. pg_dump refuses servers newer than itself, so we pick the
// lowest installed major ≥ the server's (the archive then restores with the most clients).
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ClientMissing } from '../errors.js';
import { runCommand } from '../process.js';

export interface PgClient {
  dir: string;
  major: number;
  version: string;
  bin(tool: 'pg_dump' | 'pg_restore' | 'psql'): string;
}

export function defaultPgSearchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  const versioned = (root: string, pattern: RegExp, suffix: string) => {
    if (!existsSync(root)) return;
    for (const entry of readdirSync(root)) if (pattern.test(entry)) dirs.push(join(root, entry, suffix));
  };
  versioned('/usr/lib/postgresql', /^\d+$/, 'bin');
  versioned('/usr', /^pgsql-\d+$/, 'bin');
  versioned('/opt/homebrew/opt', /^(postgresql|libpq)(@\d+)?$/, 'bin');
  versioned('/usr/local/opt', /^(postgresql|libpq)(@\d+)?$/, 'bin');
  dirs.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  return [...new Set(dirs)];
}

export async function findPgClients(dirs: string[]): Promise<PgClient[]> {
  const found = new Map<string, PgClient>();
  for (const dir of dirs) {
    const pgDump = join(dir, 'pg_dump');
    if (!existsSync(pgDump) || !existsSync(join(dir, 'pg_restore'))) continue;
    const out = await runCommand(pgDump, ['--version']).catch(() => '');
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out) ?? /(\d+)\.(\d+)/.exec(out);
    if (!m) continue;
    const version = out.trim().replace(/^pg_dump\s+\(PostgreSQL\)\s+/, '');
    const client: PgClient = { dir, major: Number(m[1]), version, bin: (tool) => join(dir, tool) };
    if (!found.has(`${client.major}`)) found.set(`${client.major}`, client);
  }
  return [...found.values()].sort((a, b) => a.major - b.major);
}

export function pickPgClient(clients: PgClient[], neededMajor: number, why: string): PgClient {
  const fit = clients.find((c) => c.major >= neededMajor);
  if (fit) return fit;
  const have = clients.length
    ? `found ${clients.map((c) => `${c.major} (${c.dir})`).join(', ')}`
    : 'found no pg_dump';
  throw new ClientMissing(
    `${why} needs PostgreSQL client tools ${neededMajor} or newer; ${have}. ` +
      `Install them with: sudo apt-get install -y postgresql-client-${neededMajor} ` +
      `(add the apt.postgresql.org repository first on older Ubuntu images: sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y)`,
  );
}
