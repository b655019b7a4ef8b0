// Failure messages that need no server: missing MySQL clients, missing zstd, and a real ENOSPC.
import { writeFile } from 'node:fs/promises';
import { MemoryLogger } from '@deploy-actions/action-kit';
import { ClientMissing, describeIoError, findZstd, openDriver, parseDatabaseUrl } from '../src/index.js';

test('no mariadb-dump or mysqldump on PATH fails with the install command', async () => {
  const driver = openDriver(parseDatabaseUrl('mysql://u:p@127.0.0.1:3306/shop'), {
    log: new MemoryLogger(),
    tempDir: '/tmp',
    env: { PATH: '/nonexistent' },
  });
  const err = await driver.inspect().catch((e: Error) => e);
  await driver.close();
  expect(err).toBeInstanceOf(ClientMissing);
  expect((err as Error).message).toBe(
    'no mariadb or mysql on PATH: sudo apt-get install -y mariadb-client (or mysql-client)',
  );
});

test('no PostgreSQL client anywhere fails with the install command', async () => {
  const driver = openDriver(parseDatabaseUrl('postgres://u:p@127.0.0.1/app'), {
    log: new MemoryLogger(),
    tempDir: '/tmp',
    pgSearchDirs: ['/nonexistent'],
  });
  await expect(driver.inspect()).rejects.toThrow(
    /no PostgreSQL client tools .* found: sudo apt-get install -y postgresql-client/,
  );
});

test('zstd missing says how to install it or use gzip', () => {
  expect(() => findZstd({ PATH: '/nonexistent' })).toThrow(
    /apt-get install -y zstd \(or use compression: gzip\)/,
  );
});

test('ENOSPC from a real full device reads as "disk full"', async () => {
  const err = await writeFile('/dev/full', Buffer.alloc(1024)).catch((e: unknown) => e);
  expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  expect(describeIoError(err)).toBe('disk full');
  expect(describeIoError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
  expect(describeIoError(new Error('other'))).toBeUndefined();
});
