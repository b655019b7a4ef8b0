// The client finder with fake pg_dump binaries: the lowest major ≥ the server's wins, and a
// too-old client fails saying which version is needed and how to install it.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientMissing, findPgClients, pickPgClient } from '../src/index.js';

let root: string;

async function fakeClient(major: number): Promise<string> {
  const dir = join(root, String(major), 'bin');
  await mkdir(dir, { recursive: true });
  for (const tool of ['pg_dump', 'pg_restore', 'psql']) {
    await writeFile(
      join(dir, tool),
      `#!/bin/sh\necho "${tool} (PostgreSQL) ${major}.4 (Debian ${major}.4-1)"\n`,
    );
    await chmod(join(dir, tool), 0o755);
  }
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pg-clients-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

test('finds clients in order and picks the lowest major that can dump the server', async () => {
  const dirs = [await fakeClient(16), await fakeClient(13), await fakeClient(15), join(root, 'missing')];
  const clients = await findPgClients(dirs);
  expect(clients.map((c) => c.major)).toEqual([13, 15, 16]);
  expect(clients[1]!.version).toBe('15.4 (Debian 15.4-1)');
  expect(pickPgClient(clients, 14, 'server').major).toBe(15);
  expect(pickPgClient(clients, 16, 'server').bin('pg_dump')).toBe(join(root, '16', 'bin', 'pg_dump'));
});

test('a server newer than every client fails with the version needed and the install command', async () => {
  const clients = await findPgClients([await fakeClient(14)]);
  const attempt = () => pickPgClient(clients, 17, 'the PostgreSQL 17.2 server');
  expect(attempt).toThrow(ClientMissing);
  expect(attempt).toThrow(
    /the PostgreSQL 17\.2 server needs PostgreSQL client tools 17 or newer; found 14 \(.*\/14\/bin\)/,
  );
  expect(attempt).toThrow(/sudo apt-get install -y postgresql-client-17/);
});
