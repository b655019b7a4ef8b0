// A 0600 option file (`--defaults-extra-file`) in a private temp dir, so the password never
// appears on a command line or in the environment; deleted after the operation.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseTarget } from '../database-url.js';

const SSL_PARAMS: Record<string, string> = {
  'ssl-mode': 'ssl-mode',
  sslmode: 'ssl-mode',
  'ssl-ca': 'ssl-ca',
  'ssl-cert': 'ssl-cert',
  'ssl-key': 'ssl-key',
  ssl: 'ssl',
};

/** Option-file value syntax: double quotes with backslash escapes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function defaultsFileText(target: DatabaseTarget): string {
  const lines = ['[client]', `host=${quote(target.host)}`, `port=${target.port}`, 'protocol=TCP'];
  if (target.user) lines.push(`user=${quote(target.user)}`);
  if (target.password !== undefined) lines.push(`password=${quote(target.password)}`);
  for (const [param, value] of Object.entries(target.params))
    if (SSL_PARAMS[param]) lines.push(`${SSL_PARAMS[param]}=${quote(value)}`);
  return lines.join('\n') + '\n';
}

export interface DefaultsFile {
  path: string;
  remove(): Promise<void>;
}

export async function writeDefaultsFile(target: DatabaseTarget, tempRoot: string): Promise<DefaultsFile> {
  const dir = await mkdtemp(join(tempRoot, 'backup-db-'));
  const path = join(dir, 'client.cnf');
  await writeFile(path, defaultsFileText(target), { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
